use crate::declare_rule;
use crate::report::Severity;
use crate::rules::dla_helpers::is_archive;
use crate::rules::helpers::commands_of;
use crate::rules::{Checker, Family};
use dockopt_syntax::{InstructionKind, Span};

/// Programs that unpack an archive given as argument (hadolint's list).
const UNPACKERS: &[&str] = &[
    "unzip",
    "gunzip",
    "bunzip2",
    "unlzma",
    "unxz",
    "zgz",
    "uncompress",
    "zcat",
    "gzcat",
];

declare_rule! {
    /// ## What it does
    /// Flags a `COPY` of a local archive (`.tar`, `.tar.gz`, `.tgz`,
    /// `.tar.xz`, `.bz2`, …) that a later RUN of the same stage extracts
    /// (`tar -x…`, `tar --extract`, `gunzip`, …). The finding points at the
    /// archive in the COPY.
    ///
    /// ## Differences from hadolint
    /// Only stages whose file system ships in the image are checked (in a
    /// builder stage the archive layer never ships); heredoc bodies are
    /// read as shell.
    ///
    /// ## Why is this bad?
    /// The copied archive stays in its own layer, and the extracted files
    /// are a second copy in the RUN's layer: the image carries the data
    /// twice. `ADD archive.tar.gz /dest/` unpacks it in one layer, without
    /// keeping the archive.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// COPY app.tar.gz /tmp/
    /// RUN tar -xzf /tmp/app.tar.gz -C /opt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// ADD app.tar.gz /opt/
    /// ```
    ///
    /// ## Size impact
    /// The compressed size of the archive (the layer the COPY adds), which
    /// a later `rm` cannot take back; the extracted files are counted once
    /// either way.
    ///
    /// ## References
    /// - hadolint DL3010
    /// - <https://docs.docker.com/reference/dockerfile/#adding-local-tar-archives>
    pub static RULE = {
        code: "DL3010",
        name: "copy-then-extract-archive",
        family: Family::Size,
        severity: Severity::Info,
        summary: "Use ADD for extracting archives into an image",
        sources: &["hadolint DL3010"],
        check: check,
    }
}

fn basename(path: &str) -> &str {
    let path = path.trim_matches(['"', '\'']);
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for stage in model.stages.iter().filter(|s| s.in_image) {
        // Archives copied so far in this stage: (basename, span in the COPY).
        let mut archives: Vec<(String, Span)> = Vec::new();
        let mut reported: Vec<Span> = Vec::new();
        for index in stage.body.clone() {
            let Some(located) = model.instructions.get(index) else {
                continue;
            };
            let instruction = located.instruction;
            match instruction.kind {
                InstructionKind::Copy if instruction.flag("from").is_none() => {
                    let Some(paths) = instruction.paths() else {
                        continue;
                    };
                    let Some(destination) = paths.destination() else {
                        continue;
                    };
                    let target = destination.unquoted(model.escape);
                    if is_archive(&target) {
                        archives.push((basename(&target).to_string(), destination.span));
                        continue;
                    }
                    for source in paths.sources() {
                        let value = source.unquoted(model.escape);
                        if is_archive(&value) {
                            archives.push((basename(&value).to_string(), source.span));
                        }
                    }
                }
                InstructionKind::Run => {
                    for (_, command) in commands_of(model, index) {
                        let Some(program) = command.program() else {
                            continue;
                        };
                        let arguments = command.arguments();
                        let extracts = match program {
                            "tar" => arguments.iter().any(|w| {
                                w.is("--extract")
                                    || w.is("--get")
                                    || (w.value.starts_with('-')
                                        && !w.value.starts_with("--")
                                        && w.value.contains('x'))
                                    // `tar xzf file`: the first word may omit the dash.
                                    || (arguments.first() == Some(w)
                                        && !w.value.starts_with('-')
                                        && w.value.contains('x')
                                        && w.value.chars().all(|c| c.is_ascii_alphabetic()))
                            }),
                            p => UNPACKERS.contains(&p),
                        };
                        if !extracts {
                            continue;
                        }
                        for word in arguments.iter().filter(|w| !w.value.starts_with('-')) {
                            let name = basename(&word.value);
                            for (archive, span) in &archives {
                                if archive == name && !reported.contains(span) {
                                    reported.push(*span);
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        for span in reported {
            checker.report(span, "Use ADD for extracting archives into an image");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, spans};

    #[test]
    fn copied_archives_that_are_extracted_later() {
        let text = "FROM debian:12\nCOPY a.tgz  b.tar.xz c.txt /tmp/\nCOPY d.tar.gz /tmp/\nRUN tar xzf /tmp/a.tgz && tar -xJf /tmp/b.tar.xz && tar -czf x.tgz /etc\n";
        assert_eq!(spans(text, "DL3010"), vec!["a.tgz", "b.tar.xz"]);
        let columns: Vec<u32> = findings(text, "DL3010")
            .iter()
            .map(|f| f.span.start_position.column)
            .collect();
        assert_eq!(columns, vec![6, 13]);
    }

    #[test]
    fn builder_stages_and_heredocs() {
        let text = "FROM debian:12 AS b\nCOPY x.tar /x.tar\nRUN tar -xf /x.tar\nFROM debian:12\nCOPY y.tar.bz2 /tmp/y.tar.bz2\nRUN <<EOF\ncd /opt\ntar --extract -f /tmp/y.tar.bz2\nEOF\n";
        assert_eq!(spans(text, "DL3010"), vec!["/tmp/y.tar.bz2"]);
    }
}
