use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::{DownloadTool, FileTool, Invocation, Word};
use crate::model::{Model, RunScript};
use crate::report::Severity;
use crate::rules::helpers::append_to_script;
use crate::rules::helpers::ships;
use crate::rules::size_helpers::{is_archive_name, removal_covers, runs};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags an archive downloaded to a file with `curl -o`/`-O` or `wget`
    /// (`.tar.gz`, `.zip`, `.deb`, `.whl`, …) that the same RUN unpacks or
    /// installs but never deletes, in a stage whose file system ships.
    ///
    /// ## Why is this bad?
    /// After `tar -x` or `dpkg -i` the archive is useless, but it stays in
    /// the layer next to what was extracted from it: the image pays for the
    /// software twice (compressed and unpacked). Delete it in the same RUN —
    /// deleting it in a later RUN frees nothing — or stream it
    /// (`curl -fsSL URL | tar -xz`).
    ///
    /// A downloaded file that the RUN does not use (a `.jar` to run, say) is
    /// not flagged: it may be the point of the download.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN curl -fsSL -o /tmp/node.tar.xz https://nodejs.org/dist/v22.11.0/node-v22.11.0-linux-x64.tar.xz && tar -xJf /tmp/node.tar.xz -C /usr/local --strip-components=1
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN curl -fsSL -o /tmp/node.tar.xz https://nodejs.org/dist/v22.11.0/node-v22.11.0-linux-x64.tar.xz && tar -xJf /tmp/node.tar.xz -C /usr/local --strip-components=1 && rm -f /tmp/node.tar.xz
    /// ```
    ///
    /// ## Fix safety
    /// Appends `rm -f <file>` to the RUN. Safe when no later instruction of
    /// the stage mentions the file; unsafe when one does (it may use the
    /// archive again). No fix for a relative path in a RUN that changes
    /// directory (the `rm` would run elsewhere).
    ///
    /// ## Size impact
    /// The archive's size, about 30–50% of what it unpacks to: the
    /// compressed/uncompressed ratios of official images are 2.1–3.5
    /// (../shared/data/README.md, base-images-uncompressed.tsv).
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#add-or-copy>
    pub static RULE = {
        code: "DO2009",
        name: "download-not-removed",
        family: Family::Size,
        severity: Severity::Warning,
        fix: FixAvailability::Mixed,
        summary: "Delete a downloaded archive in the RUN that unpacks it",
        sources: &["Docker best practices: ADD or COPY", "data: base-images-uncompressed.tsv"],
        check: check,
    }
}

/// The file a download writes, and the word to point at.
fn downloaded_file<'w>(invocation: &'w Invocation<'w>) -> Option<(String, &'w Word<'w>)> {
    let Invocation::Download(download) = invocation else {
        return None;
    };
    if let Some(output) = &download.output {
        let path = output.literal()?;
        return (path != "-").then(|| (path.to_string(), output));
    }
    let remote_name = match download.tool {
        DownloadTool::Curl => download.args.has_flag("-O"),
        DownloadTool::Wget => true,
    };
    if !remote_name || download.args.has_flag("-P") {
        return None;
    }
    let url = download.urls.first()?;
    let name = url
        .literal()?
        .split(['?', '#'])
        .next()?
        .rsplit('/')
        .next()?;
    (!name.is_empty()).then(|| (name.to_string(), url))
}

fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `pattern` (with `*` wildcards only) matches `name` as a whole.
fn glob_matches(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return false;
    };
    if parts.len() == 1 {
        return pattern == name;
    }
    if !name.starts_with(first) || !name.ends_with(last) || name.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

fn removed(model: &Model<'_>, index: usize, path: &str) -> bool {
    model.scripts_of(index).any(|s| {
        s.script.commands.iter().any(|c| match &c.invocation {
            Some(Invocation::File(op)) if op.tool == FileTool::Remove => {
                op.paths().iter().any(|w| {
                    w.dynamic
                        || removal_covers(&w.value, path)
                        || basename(&w.value) == basename(path)
                        || glob_matches(&w.value, path)
                        || glob_matches(basename(&w.value), basename(path))
                })
            }
            _ => false,
        })
    })
}

/// `gunzip file.gz`, `xz -d file.xz`: the tool deletes its input itself
/// (unless told to keep it).
fn consumes_input(command: &crate::model::shell::Command<'_>) -> bool {
    let args = command.arguments();
    let short_flag = |letter: char| {
        args.iter().any(|w| {
            w.value.starts_with('-') && !w.value.starts_with("--") && w.value.contains(letter)
        })
    };
    let keeps = short_flag('k') || args.iter().any(|w| w.is("--keep"));
    match command.program() {
        Some("gunzip" | "unxz" | "bunzip2" | "unlzma") => !keeps,
        Some("gzip" | "xz" | "bzip2") => {
            (short_flag('d') || args.iter().any(|w| w.is("--decompress"))) && !keeps
        }
        _ => false,
    }
}

fn used_in(script: &RunScript<'_>, after: usize, name: &str) -> bool {
    script
        .script
        .commands
        .iter()
        .filter(|c| c.span.start >= after)
        .filter(
            |c| !matches!(&c.invocation, Some(Invocation::File(op)) if op.tool == FileTool::Remove),
        )
        .any(|c| c.words.iter().any(|w| w.value.contains(name)))
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, _) in runs(model) {
        if !ships(model, index) {
            continue;
        }
        let changes_directory = model.scripts_of(index).any(|s| {
            s.script.commands.iter().any(|c| {
                matches!(&c.invocation, Some(Invocation::File(op)) if op.tool == FileTool::ChangeDirectory)
            })
        });
        for script in model.scripts_of(index) {
            for command in &script.script.commands {
                let Some(invocation) = &command.invocation else {
                    continue;
                };
                let Some((path, word)) = downloaded_file(invocation) else {
                    continue;
                };
                let name = basename(&path);
                let consumed = script.script.commands.iter().any(|c| {
                    c.span.start >= command.span.end
                        && consumes_input(c)
                        && c.arguments().iter().any(|w| w.value.contains(name))
                });
                if !is_archive_name(name)
                    || !used_in(script, command.span.end, name)
                    || consumed
                    || removed(model, index, &path)
                {
                    continue;
                }
                let stage = model.instructions.get(index).and_then(|l| l.stage);
                let used_later = model
                    .instructions
                    .iter()
                    .enumerate()
                    .skip(index + 1)
                    .take_while(|(_, l)| l.stage == stage)
                    .any(|(_, l)| {
                        model
                            .text
                            .get(l.instruction.span.start..l.instruction.span.end)
                            .is_some_and(|t| t.contains(name))
                    });
                let diagnostic = checker.report(
                    script.file_span(word.span),
                    format!("`{name}` is unpacked but never deleted: it stays in this layer; remove it in the same RUN"),
                );
                if !path.starts_with('/') && changes_directory {
                    continue;
                }
                let Some(last) = model.scripts_of(index).last() else {
                    continue;
                };
                diagnostic.fix(
                    format!("Delete {path} in the same RUN"),
                    if used_later {
                        Applicability::Unsafe
                    } else {
                        Applicability::Safe
                    },
                    vec![append_to_script(last, &format!("rm -f {path}"))],
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::fix::Applicability;
    use crate::rules::size_helpers::test_support::{findings, fix_all, spanned};

    #[test]
    fn wget_remote_name_in_a_heredoc() {
        let text = "FROM debian:12\nRUN <<EOF\nwget -q https://example.com/dl/tool-1.2.zip?x=1\nunzip tool-1.2.zip -d /opt\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            spanned(text, &found[0]),
            "https://example.com/dl/tool-1.2.zip?x=1"
        );
        assert_eq!(found[0].span.start_position.line, 3);
        assert_eq!(found[0].span.start_position.column, 9);
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM debian:12\nRUN <<EOF\nwget -q https://example.com/dl/tool-1.2.zip?x=1\nunzip tool-1.2.zip -d /opt\nrm -f tool-1.2.zip\nEOF\n"
        );
    }

    #[test]
    fn gunzip_keeping_its_input_still_leaves_the_archive() {
        let text = "FROM debian:12\nRUN curl -o /tmp/t.gz https://x/t.gz && gunzip -k /tmp/t.gz\n";
        assert_eq!(findings(&RULE, text).len(), 1);
    }

    #[test]
    fn used_again_later_is_unsafe() {
        let text = "FROM debian:12\nRUN curl -o /tmp/a.deb https://x/a.deb && dpkg -i /tmp/a.deb\nRUN dpkg -c /tmp/a.deb\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "/tmp/a.deb");
        assert_eq!(found[0].span.start_position.column, 13);
        assert_eq!(
            found[0].fix.as_ref().map(|f| f.applicability),
            Some(Applicability::Unsafe)
        );
    }

    #[test]
    fn removed_streamed_unused_or_builder_downloads_are_fine() {
        for text in [
            "FROM debian:12\nRUN curl -o /tmp/a.tgz https://x/a.tgz && tar xzf /tmp/a.tgz && rm /tmp/a.tgz\n",
            "FROM debian:12\nRUN curl -o /tmp/a.tgz https://x/a.tgz && tar xzf /tmp/a.tgz && rm -rf /tmp/*\n",
            "FROM debian:12\nRUN curl -fsSL https://x/a.tgz | tar xz\n",
            "FROM debian:12\nRUN curl -o /usr/local/bin/tool.gz https://x/tool.gz && gunzip /usr/local/bin/tool.gz\n",
            "FROM debian:12\nRUN wget -O /tmp/t.xz https://x/t.xz && xz -d /tmp/t.xz\n",
            "FROM debian:12\nRUN curl -L -o git-lfs.tgz https://x/l.tgz && tar xzf git-lfs.tgz && rm -rf git-lfs*\n",
            "FROM debian:12\nRUN curl -o /app/app.jar https://x/app.jar\n",
            "FROM debian:12\nRUN curl -o /opt/a.tgz https://x/a.tgz\n",
            "FROM debian:12 AS b\nRUN curl -o /tmp/a.tgz https://x/a.tgz && tar xzf /tmp/a.tgz\nFROM scratch\nCOPY --from=b /a /a\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
