//! Command-line interface: flags (args.rs) and running them (run.rs). Only the binary
//! sees clap; the library never does.

pub mod args;
pub mod run;
