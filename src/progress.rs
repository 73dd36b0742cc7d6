//! Progress of long runs: the library reports each stage (loading, parsing, tokenizing, aligning …) and
//! its steps to a [`Progress`]; the binary shows them as one indicatif line per stage on stderr when
//! stderr is a terminal ([`Bars`]), and nothing otherwise ([`Silent`]).

use std::io::IsTerminal;
use std::sync::Mutex;

/// Receives the stages of a run and their steps. Called from worker threads, hence `Sync`.
pub trait Progress: Sync {
    /// A stage begins, with `total` steps (0 when unknown); the previous stage, if any, is done.
    fn stage(&self, name: &str, total: u64);
    /// `steps` more steps of the current stage are done.
    fn advance(&self, steps: u64);
    /// The run is over: the last stage is done.
    fn finish(&self);
}

/// Shows nothing.
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// One progress line per stage on stderr, kept when the stage is done so the lines show where the time
/// went.
pub struct Bars {
    current: Mutex<Option<indicatif::ProgressBar>>,
}

impl Bars {
    /// Bars when stderr is a terminal and not `quiet`; otherwise nothing is shown.
    pub fn for_stderr(quiet: bool) -> Box<dyn Progress> {
        if quiet || !std::io::stderr().is_terminal() {
            Box::new(Silent)
        } else {
            Box::new(Bars {
                current: Mutex::new(None),
            })
        }
    }

    fn close(bar: Option<indicatif::ProgressBar>) {
        if let Some(bar) = bar {
            bar.finish();
        }
    }
}

impl Progress for Bars {
    fn stage(&self, name: &str, total: u64) {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        Bars::close(current.take());
        let bar = if total > 0 {
            indicatif::ProgressBar::new(total).with_style(
                indicatif::ProgressStyle::with_template(
                    "{prefix:>12} {bar:30} {pos}/{len} {elapsed_precise}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            )
        } else {
            indicatif::ProgressBar::new_spinner().with_style(
                indicatif::ProgressStyle::with_template("{prefix:>12} {spinner} {elapsed_precise}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            )
        };
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_prefix(name.to_string());
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        *current = Some(bar);
    }

    fn advance(&self, steps: u64) {
        if let Some(bar) = &*self.current.lock().unwrap_or_else(|e| e.into_inner()) {
            bar.inc(steps);
        }
    }

    fn finish(&self) {
        Bars::close(
            self.current
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take(),
        );
    }
}
