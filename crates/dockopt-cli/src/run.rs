//! What each subcommand does, from parsed arguments to an exit status. The
//! only place that prints: results to standard output, problems to standard
//! error as `dockopt: <path>: <message>`.

use std::io::Write as _;

use crate::check::check;
use crate::cli::{CheckArgs, Cli, Command, ShareArgs};
use crate::color::Painter;
use crate::discover::{discover, STDIN_DISPLAY_NAME};
use crate::output::{render, OutputOptions};
use crate::share::build_link;

/// No finding at or above the threshold.
pub const EXIT_CLEAN: u8 = 0;
/// At least one finding at or above the threshold.
pub const EXIT_FINDINGS: u8 = 1;
/// A usage or I/O error (clap uses 2 for usage errors as well).
pub const EXIT_ERROR: u8 = 2;

pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => run_check(&args),
        Command::Share(args) => run_share(&args),
    }
}

fn run_check(args: &CheckArgs) -> u8 {
    let stdin_name = args.stdin_filename.as_deref().unwrap_or(STDIN_DISPLAY_NAME);
    let discovered = discover(&args.paths, stdin_name);
    let mut io_failed = false;
    for error in &discovered.errors {
        report_problem(&format!("{}: {}", error.display, error.message));
        io_failed = true;
    }
    if discovered.sources.is_empty() && discovered.errors.is_empty() {
        report_problem("no Dockerfiles found (looked for Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile)");
    }

    // Output is sorted by path whatever the argument order, so two runs over
    // the same tree always print the same thing.
    let mut sources = discovered.sources;
    sources.sort_by(|a, b| a.display.cmp(&b.display));
    let mut run = check(&sources);
    for error in &run.errors {
        report_problem(&format!("{}: {}", error.path, error.message));
        io_failed = true;
    }
    // Paths that could not even be listed belong in machine-readable output too.
    run.errors.extend(
        discovered
            .errors
            .into_iter()
            .map(|e| crate::check::FileError {
                path: e.display,
                message: e.message,
            }),
    );
    run.errors.sort_by(|a, b| a.path.cmp(&b.path));

    let options = OutputOptions {
        painter: Painter::for_stdout(args.color.choice()),
        threshold: args.severity_threshold,
    };
    let output = render(args.format, &run, &options);
    if let Err(err) = std::io::stdout().lock().write_all(output.as_bytes()) {
        // A closed pipe (`dockopt check | head`) is the reader's choice, not an error.
        if err.kind() != std::io::ErrorKind::BrokenPipe {
            report_problem(&format!("cannot write the output: {err}"));
            return EXIT_ERROR;
        }
    }

    if io_failed {
        EXIT_ERROR
    } else if run.fails(args.severity_threshold) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn run_share(args: &ShareArgs) -> u8 {
    let stdin_name = args.stdin_filename.as_deref().unwrap_or(STDIN_DISPLAY_NAME);
    let discovered = discover(&args.paths, stdin_name);
    let mut failed = false;
    for error in &discovered.errors {
        report_problem(&format!("{}: {}", error.display, error.message));
        failed = true;
    }
    if discovered.sources.is_empty() {
        if !failed {
            report_problem("no Dockerfiles found to share");
        }
        return EXIT_ERROR;
    }
    match build_link(&discovered.sources, &args.base_url) {
        Ok(link) if !failed => {
            println!("{link}");
            EXIT_CLEAN
        }
        Ok(_) => EXIT_ERROR,
        Err(problems) => {
            for problem in problems {
                report_problem(&problem);
            }
            EXIT_ERROR
        }
    }
}

fn report_problem(message: &str) {
    eprintln!("dockopt: {message}");
}
