//! `dockopt-datagen [--shared DIR] [--out DIR] [--check]`: regenerates the
//! size-estimate tables of dockopt-core, or with `--check` exits non-zero
//! when the committed tables differ from what it would write.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut shared = PathBuf::from("../shared");
    let mut out = dockopt_datagen::default_out_dir(&PathBuf::from("."));
    let mut check = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--shared" | "--out" => {
                let Some(value) = args.next() else {
                    eprintln!("{arg} needs a directory");
                    return ExitCode::from(2);
                };
                if arg == "--shared" {
                    shared = PathBuf::from(value);
                } else {
                    out = PathBuf::from(value);
                }
            }
            "--check" => check = true,
            _ => {
                eprintln!("usage: dockopt-datagen [--shared DIR] [--out DIR] [--check]");
                return ExitCode::from(2);
            }
        }
    }
    let files = match dockopt_datagen::generate(&shared) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("dockopt-datagen: {message}");
            return ExitCode::FAILURE;
        }
    };
    if check {
        let stale = dockopt_datagen::check(&files, &out);
        if stale.is_empty() {
            println!("generated tables are up to date");
            return ExitCode::SUCCESS;
        }
        for message in stale {
            eprintln!("{message}");
        }
        eprintln!("run: {}", dockopt_datagen::REGENERATE);
        return ExitCode::FAILURE;
    }
    match dockopt_datagen::write(&files, &out) {
        Ok(paths) => {
            for path in paths {
                println!("wrote {path}");
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("dockopt-datagen: {message}");
            ExitCode::FAILURE
        }
    }
}
