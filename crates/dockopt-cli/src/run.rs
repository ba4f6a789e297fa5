//! What each subcommand does, from parsed arguments to an exit status. The
//! only place that prints: results to standard output, problems to standard
//! error as `dockopt: <path>: <message>`.

use std::io::Write as _;
use std::path::PathBuf;

use crate::catalog::{rule_page, rules_listing, similar_rules};
use crate::check::check_with;
use crate::cli::{
    CheckArgs, Cli, Command, EstimateArgs, FixArgs, ListFormat, RuleArgs, RulesArgs, ShareArgs,
};
use crate::color::Painter;
use crate::discover::{discover, Discovered, STDIN_DISPLAY_NAME};
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
        Command::Fix(args) => run_fix(&args, FixMode::Fix),
        Command::Diff(args) => run_fix(&args, FixMode::Diff),
        Command::Estimate(args) => run_estimate(&args),
        Command::Rule(args) => run_rule(&args),
        Command::Rules(args) => run_rules(&args),
        Command::Share(args) => run_share(&args),
    }
}

/// What `dockopt: ...` says when the paths hold no Dockerfile.
const NOTHING_FOUND: &str =
    "no Dockerfiles found (looked for Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile)";

/// Discover the Dockerfiles under `paths` (`-` is standard input, shown as
/// `stdin_filename`), reporting each path that could not be listed.
fn discover_reported(paths: &[PathBuf], stdin_filename: Option<&str>) -> Discovered {
    let discovered = discover(paths, stdin_filename.unwrap_or(STDIN_DISPLAY_NAME));
    for error in &discovered.errors {
        report_problem(&format!("{}: {}", error.display, error.message));
    }
    discovered
}

/// [`discover_reported`], also reporting when nothing was found at all, with
/// the sources sorted by path whatever the argument order, so two runs over
/// the same tree always print the same thing.
fn discover_sorted(paths: &[PathBuf], stdin_filename: Option<&str>) -> Discovered {
    let mut discovered = discover_reported(paths, stdin_filename);
    if discovered.sources.is_empty() && discovered.errors.is_empty() {
        report_problem(NOTHING_FOUND);
    }
    discovered.sources.sort_by(|a, b| a.display.cmp(&b.display));
    discovered
}

fn run_check(args: &CheckArgs) -> u8 {
    let discovered = discover_sorted(&args.paths, args.stdin_filename.as_deref());
    let mut io_failed = !discovered.errors.is_empty();
    let mut run = check_with(
        &discovered.sources,
        &crate::settings::Settings::from(&args.config),
    );
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
    if !write_stdout(&output) {
        return EXIT_ERROR;
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
    let discovered = discover_reported(&args.paths, args.stdin_filename.as_deref());
    let failed = !discovered.errors.is_empty();
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FixMode {
    Fix,
    Diff,
}

fn write_stdout(text: &str) -> bool {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => true,
        // A closed pipe (`dockopt check | head`) is the reader's choice, not an error.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(err) => {
            report_problem(&format!("cannot write the output: {err}"));
            false
        }
    }
}

fn run_fix(args: &FixArgs, mode: FixMode) -> u8 {
    let filter = crate::fix::selection_of(args).1;
    let unknown = filter.unknown_names();
    if !unknown.is_empty() {
        report_problem(&format!(
            "no rule named {} (see `dockopt rules`)",
            unknown.join(", ")
        ));
        return EXIT_ERROR;
    }
    let discovered = discover_sorted(&args.paths, args.stdin_filename.as_deref());
    let mut failed = !discovered.errors.is_empty();
    if discovered.sources.is_empty() && !failed {
        return EXIT_ERROR;
    }
    let sources = discovered.sources;
    let several = sources.len() > 1;
    let mut changed = false;
    for result in crate::fix::fix_all(&sources, args) {
        let file = match result {
            Ok(file) => file,
            Err((path, message)) => {
                report_problem(&format!("{path}: {message}"));
                failed = true;
                continue;
            }
        };
        changed |= file.changed();
        if mode == FixMode::Diff {
            if !write_stdout(&crate::fix::patch_of(&file)) {
                return EXIT_ERROR;
            }
            continue;
        }
        for line in crate::fix::summary(&file) {
            eprintln!("{line}");
        }
        if args.check_only {
            continue;
        }
        match (&file.source.origin, args.write) {
            (crate::discover::Origin::File(path), true) => {
                if file.changed() {
                    if let Err(err) = std::fs::write(path, &file.outcome.text) {
                        report_problem(&format!(
                            "{}: cannot write: {}",
                            file.source.display,
                            crate::discover::describe_io_error(&err)
                        ));
                        failed = true;
                    }
                }
            }
            _ => {
                let mut out = String::new();
                if several {
                    out.push_str(&format!("==> {} <==\n", file.source.display));
                }
                out.push_str(&file.outcome.text);
                if !write_stdout(&out) {
                    return EXIT_ERROR;
                }
            }
        }
    }
    if failed {
        EXIT_ERROR
    } else if changed && (mode == FixMode::Diff || args.check_only) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn run_estimate(args: &EstimateArgs) -> u8 {
    let discovered = discover_sorted(&args.paths, args.stdin_filename.as_deref());
    let mut failed = !discovered.errors.is_empty();
    if discovered.sources.is_empty() && !failed {
        return EXIT_ERROR;
    }
    let sources = discovered.sources;
    let mut files = Vec::new();
    for result in crate::estimate::estimate_all(&sources, args) {
        match result {
            Ok(file) => files.push(file),
            Err((path, message)) => {
                report_problem(&format!("{path}: {message}"));
                failed = true;
            }
        }
    }
    let out = match args.format {
        ListFormat::Json => {
            let value = serde_json::json!({ "version": 1, "files": files });
            let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".into());
            text.push('\n');
            text
        }
        ListFormat::Text => {
            let mut text: Vec<String> = files
                .iter()
                .map(|f| crate::estimate::render_text(f, args.verbose))
                .collect();
            if files.len() > 1 {
                text.push(crate::estimate::total_line(&files));
            }
            text.join("\n")
        }
    };
    if !write_stdout(&out) || failed {
        EXIT_ERROR
    } else {
        EXIT_CLEAN
    }
}

fn run_rule(args: &RuleArgs) -> u8 {
    match dockopt_core::rules::find(&args.code) {
        Some(rule) => {
            if write_stdout(&rule_page(rule)) {
                EXIT_CLEAN
            } else {
                EXIT_ERROR
            }
        }
        None => {
            let similar = similar_rules(&args.code);
            let hint = if similar.is_empty() {
                " (see `dockopt rules`)".to_string()
            } else {
                format!(" (did you mean {}?)", similar.join(", "))
            };
            report_problem(&format!("no rule named `{}`{hint}", args.code));
            EXIT_ERROR
        }
    }
}

fn run_rules(args: &RulesArgs) -> u8 {
    match rules_listing(args) {
        Ok(text) if write_stdout(&text) => EXIT_CLEAN,
        Ok(_) => EXIT_ERROR,
        Err(message) => {
            report_problem(&message);
            EXIT_ERROR
        }
    }
}

fn report_problem(message: &str) {
    eprintln!("dockopt: {message}");
}
