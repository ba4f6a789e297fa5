use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rules::dla_helpers::is_archive;
use crate::rules::{Checker, Family, FixAvailability};
use dockopt_syntax::InstructionKind;

/// Flags that only ADD has: with them, COPY is not a drop-in.
const ADD_ONLY_FLAGS: &[&str] = &["checksum", "keep-git-dir", "unpack"];

declare_rule! {
    /// ## What it does
    /// Flags an `ADD` whose sources are all local files or folders (no
    /// URL, no git repository, no archive to unpack). The finding points at
    /// the `ADD` keyword.
    ///
    /// ## Differences from hadolint
    /// `git@host:repo` sources count as remote (ADD clones them); a source
    /// from a variable is expanded with known ARG/ENV values, and an ADD
    /// with a source we cannot know is not flagged.
    ///
    /// ## Why is this bad?
    /// ADD does more than copy: it downloads URLs, clones git repositories
    /// and unpacks local tar archives. Using it for plain files hides which
    /// of those it is meant to do, and a file renamed to `.tar.gz` later is
    /// silently unpacked. COPY says exactly what happens.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ADD app.py /srv/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY app.py /srv/
    /// ```
    ///
    /// ## Fix safety
    /// Replaces the keyword `ADD` with `COPY` (same case). Safe: for local
    /// sources that are not archives, ADD and COPY do the same thing, and
    /// every other flag ADD accepts (`--chown`, `--chmod`, `--link`,
    /// `--exclude`) COPY accepts too. An ADD with `--checksum`,
    /// `--keep-git-dir` or `--unpack` gets no fix. One caveat: ADD
    /// recognises local tar archives by their content, so a tar file whose
    /// name has no archive extension would be unpacked by ADD and copied as
    /// is by COPY; such names are rare, and the rule treats the name as
    /// what it says.
    ///
    /// ## References
    /// - hadolint DL3020
    /// - <https://docs.docker.com/build/building/best-practices/#add-or-copy>
    pub static RULE = {
        code: "DL3020",
        name: "add-instead-of-copy",
        family: Family::Style,
        severity: Severity::Error,
        fix: FixAvailability::Safe,
        summary: "Use COPY instead of ADD for files and folders",
        sources: &["hadolint DL3020"],
        check: check,
    }
}

fn is_remote(source: &str) -> bool {
    let source = source.trim_matches(['"', '\'']);
    ["http://", "https://", "git@", "git://", "ssh://"]
        .iter()
        .any(|p| source.starts_with(p))
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::Add {
            continue;
        }
        let Some(paths) = instruction.paths() else {
            continue;
        };
        let sources = paths.sources();
        if sources.is_empty() {
            continue;
        }
        let scope = model.scope_at(index);
        let mut local = true;
        for source in sources {
            if instruction.heredoc_for(source).is_some() {
                continue;
            }
            let expanded = scope.expand(&source.text, model.escape);
            if !expanded.unknown.is_empty()
                || is_remote(&expanded.value)
                || is_archive(&expanded.value)
            {
                local = false;
                break;
            }
        }
        if !local {
            continue;
        }
        let keyword = &instruction.keyword;
        let replacement = if keyword.text.chars().all(|c| c.is_ascii_lowercase()) {
            "copy"
        } else {
            "COPY"
        };
        let fixable = !instruction
            .flags
            .iter()
            .any(|f| ADD_ONLY_FLAGS.contains(&f.name.as_str()));
        let diagnostic = checker.report(
            keyword.span,
            "Use COPY instead of ADD for files and folders",
        );
        if fixable {
            diagnostic.fix(
                "Use COPY",
                Applicability::Safe,
                vec![Edit::replace(
                    keyword.span.start,
                    keyword.span.end,
                    replacement,
                )],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, fixed, spans};

    #[test]
    fn local_sources_only() {
        let text = "FROM a:1\nADD https://x/y.txt /y\nADD app.tar.gz /srv/\nADD git@github.com:o/r.git /r\nADD a b /c/\n  add --chown=1 c /d\nADD --checksum=sha256:ab e /f\n";
        assert_eq!(spans(text, "DL3020"), vec!["ADD", "add", "ADD"]);
        let positions: Vec<(u32, u32)> = findings(text, "DL3020")
            .iter()
            .map(|f| (f.span.start_position.line, f.span.start_position.column))
            .collect();
        assert_eq!(positions, vec![(5, 1), (6, 3), (7, 1)]);
        assert_eq!(
            fixed(text, "DL3020"),
            "FROM a:1\nADD https://x/y.txt /y\nADD app.tar.gz /srv/\nADD git@github.com:o/r.git /r\nCOPY a b /c/\n  copy --chown=1 c /d\nADD --checksum=sha256:ab e /f\n"
        );
    }

    #[test]
    fn variables_and_heredocs() {
        let text =
            "FROM a:1\nARG F=x.tgz\nARG G\nADD $F /x/\nADD $G /y/\nADD <<EOF /z\nhello\nEOF\n";
        assert_eq!(spans(text, "DL3020"), vec!["ADD"]);
        assert_eq!(findings(text, "DL3020")[0].span.start_position.line, 6);
    }
}
