//! Reading the sources and analysing them, many at once. Produces a
//! [`CheckRun`] in source order whatever order the workers finish in; how it
//! is printed is [`crate::output`]'s business.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use dockopt_core::{Options, Report, Severity};

use crate::cli::Threshold;
use crate::discover::{describe_io_error, Origin, Source};
use crate::settings::{prepare, Settings};

/// One Dockerfile that was read and analysed.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    /// The path as reported (see [`Source::display`]).
    pub path: String,
    /// The analysed text; the code frames and fingerprints quote it.
    pub text: String,
    pub report: Report,
}

/// A source that could not be checked, and why, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub path: String,
    pub message: String,
}

/// Everything one `dockopt check` found, in a deterministic order.
#[derive(Debug, Clone, Default)]
pub struct CheckRun {
    /// Checked files, in the order of the sources (sorted by path).
    pub files: Vec<CheckedFile>,
    /// Sources that could not be checked, sorted by path.
    pub errors: Vec<FileError>,
}

/// Counts over a run, as printed in the JSON summary and the text footer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub files: usize,
    pub findings: usize,
    pub errors: usize,
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    pub style: usize,
}

impl CheckRun {
    pub fn counts(&self) -> Counts {
        let mut counts = Counts {
            files: self.files.len(),
            errors: self.errors.len(),
            ..Counts::default()
        };
        for finding in self.files.iter().flat_map(|f| &f.report.findings) {
            counts.findings += 1;
            match finding.severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                Severity::Info => counts.info += 1,
                Severity::Style => counts.style += 1,
            }
        }
        counts
    }

    /// Whether any finding is at or above `threshold` (exit status 1).
    pub fn fails(&self, threshold: Threshold) -> bool {
        self.files
            .iter()
            .flat_map(|f| &f.report.findings)
            .any(|finding| threshold.fails(finding.severity))
    }
}

/// Text of one source, or why there is none.
pub type Loaded = Result<String, String>;

/// Read a file (or standard input) as UTF-8 text. A Dockerfile that is not
/// UTF-8 is an error with the offset of the first bad byte, since BuildKit
/// rejects it too and guessing an encoding would shift every span.
pub fn load(source: &Source, stdin: &mut dyn std::io::Read) -> Loaded {
    let mut bytes = Vec::new();
    let read = match &source.origin {
        Origin::File(path) => std::fs::read(path).map(|b| bytes = b),
        Origin::Stdin => stdin.read_to_end(&mut bytes).map(|_| ()),
    };
    read.map_err(|err| describe_io_error(&err))?;
    String::from_utf8(bytes).map_err(|err| {
        format!(
            "not UTF-8 text (invalid byte at offset {}); save the file as UTF-8",
            err.utf8_error().valid_up_to()
        )
    })
}

/// How many files to work on at once: one per available core, never more
/// than there are files.
pub fn worker_count(files: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(files)
        .max(1)
}

/// Read and analyse every source with the default settings.
pub fn check(sources: &[Source]) -> CheckRun {
    let settings = Settings {
        use_dockerignore: true,
        ..Settings::default()
    };
    check_with(sources, &settings)
}

/// Read and analyse one loaded source with its config and `.dockerignore`.
fn analyse(source: &Source, text: String, settings: &Settings) -> Result<CheckedFile, FileError> {
    let prepared = prepare(source, settings).map_err(|message| FileError {
        path: source.display.clone(),
        message,
    })?;
    let options = Options {
        config: Some(&prepared.config),
        dockerignore: prepared.dockerignore.as_deref(),
    };
    Ok(CheckedFile {
        path: source.display.clone(),
        report: dockopt_core::analyze_with(&text, options),
        text,
    })
}

/// Run `work` on every source on a bounded pool of scoped threads and return
/// the results in source order. Standard input is read up front on this
/// thread (it is one stream, not a file).
pub fn for_each_source<T: Send>(
    sources: &[Source],
    work: impl Fn(&Source, Loaded) -> T + Sync,
) -> Vec<T> {
    let mut stdin_text: Option<Loaded> = None;
    if sources.iter().any(|s| s.origin == Origin::Stdin) {
        let stdin_source = Source {
            display: String::new(),
            origin: Origin::Stdin,
        };
        stdin_text = Some(load(&stdin_source, &mut std::io::stdin().lock()));
    }
    let results: Vec<Mutex<Option<T>>> = sources.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..worker_count(sources.len()) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let (Some(source), Some(slot)) = (sources.get(index), results.get(index)) else {
                    break;
                };
                let loaded = match (&source.origin, &stdin_text) {
                    (Origin::Stdin, Some(text)) => text.clone(),
                    _ => load(source, &mut std::io::empty()),
                };
                let result = work(source, loaded);
                // A poisoned slot means another worker panicked; its own
                // panic is what the user needs to see, not ours.
                if let Ok(mut slot) = slot.lock() {
                    *slot = Some(result);
                }
            });
        }
    });
    results
        .into_iter()
        .filter_map(|slot| slot.into_inner().ok().flatten())
        .collect()
}

/// Read and analyse every source, many at once, in source order.
pub fn check_with(sources: &[Source], settings: &Settings) -> CheckRun {
    let results = for_each_source(sources, |source, loaded| match loaded {
        Ok(text) => analyse(source, text, settings),
        Err(message) => Err(FileError {
            path: source.display.clone(),
            message,
        }),
    });
    let mut run = CheckRun::default();
    for result in results {
        match result {
            Ok(file) => run.files.push(file),
            Err(error) => run.errors.push(error),
        }
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_count_is_bounded_by_files_and_at_least_one() {
        assert_eq!(worker_count(0), 1);
        assert_eq!(worker_count(1), 1);
        assert!(worker_count(1000) >= 1);
        assert!(worker_count(1000) <= 1000);
    }

    #[test]
    fn non_utf8_input_names_the_offset() {
        let source = Source {
            display: "-".into(),
            origin: Origin::Stdin,
        };
        let mut input: &[u8] = b"FROM a\n\xff\n";
        let err = load(&source, &mut input).unwrap_err();
        assert!(err.contains("offset 7"), "{err}");
    }
}
