//! The `dockopt` binary: parse the arguments, run, exit with the run's code.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = dockopt_cli::cli::Cli::parse();
    ExitCode::from(dockopt_cli::run::run(cli))
}
