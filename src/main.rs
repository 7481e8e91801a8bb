//! The mojifix binary: parse flags, run, map the result to an exit status.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run::run(cli::args::parse()) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // A closed pipe (`mojifix fix big.jsonl | head`) is not an error.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::from(mojifix::exit::CLEAN);
            }
            eprintln!("mojifix: {err:#}");
            ExitCode::from(mojifix::exit::TROUBLE)
        }
    }
}
