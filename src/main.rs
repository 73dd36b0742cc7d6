//! The `govrules` binary: parse arguments, dispatch to one subcommand, map errors to exit codes.
//! Exit codes: 0 success; 1 some inputs failed (the others were still processed) or a fatal error;
//! 2 usage error. A closed pipe (`govrules segment | head`) exits 0.

mod cli;
mod cmd;

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    if let Some(n) = cli.jobs {
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
        {
            eprintln!("govrules: cannot set up {n} threads: {e}");
            std::process::exit(1);
        }
    }
    let code = match cmd::run(cli.command, cli.quiet) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                0
            } else {
                eprintln!("govrules: {err:#}");
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
