//! The `dockopt` command line. It reads files and prints what
//! `dockopt-core` returns; it analyses nothing itself.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (json, paths): (Vec<&String>, Vec<&String>) = args.iter().partition(|a| *a == "--json");
    let mut status = ExitCode::SUCCESS;
    for path in paths {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) => {
                eprintln!("dockopt: cannot read {path}: {err}");
                return ExitCode::from(2);
            }
        };
        let report = dockopt_core::analyze(&text);
        if !json.is_empty() {
            match serde_json::to_string_pretty(&report) {
                Ok(out) => println!("{out}"),
                Err(err) => {
                    eprintln!("dockopt: {err}");
                    return ExitCode::from(2);
                }
            }
        } else {
            for f in &report.findings {
                let p = f.span.start_position;
                println!(
                    "{path}:{}:{}: {} {} {}",
                    p.line,
                    p.column,
                    f.code,
                    f.severity.as_str(),
                    f.message
                );
            }
        }
        if !report.findings.is_empty() {
            status = ExitCode::from(1);
        }
    }
    status
}
