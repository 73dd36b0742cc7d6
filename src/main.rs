//! The `govrules` binary: parse arguments, dispatch to one subcommand, map errors to exit codes.
//! Exit codes: 0 success; 1 some inputs failed (the others were still processed) or a fatal error;
//! 2 usage error. A closed pipe (`govrules segment | head`) exits 0.

mod cli;
mod cmd;
mod messages;

use clap::Parser;

/// At most this many threads per core: more only adds start-up cost (100,000 threads do not start).
const THREADS_PER_CORE: usize = 4;

fn main() {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // Usage errors quote what was typed: escaped like every other message.
            eprint!("{}", messages::escape_but(&e.render().to_string(), &['\n']));
            std::process::exit(e.exit_code());
        }
        Err(e) => e.exit(),
    };
    if let Some(n) = cli.jobs {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let bound = THREADS_PER_CORE * cores;
        let n = if n > bound {
            messages::say(&format!(
                "--jobs {n} bounded to {bound} ({THREADS_PER_CORE} per core, {cores} cores)"
            ));
            bound
        } else {
            n.max(1)
        };
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
        {
            messages::say(&format!("cannot set up {n} threads: {e}"));
            std::process::exit(1);
        }
    }
    let code = match cmd::run(cli.command, cli.quiet) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                0
            } else {
                messages::fatal(&err);
                1
            }
        }
    };
    std::process::exit(code);
}
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
