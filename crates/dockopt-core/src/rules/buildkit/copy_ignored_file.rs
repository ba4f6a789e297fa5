use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::buildkit_helpers::{clean_path, is_ignored, parse_dockerignore};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// When the `.dockerignore` next to the Dockerfile is known, flags a
    /// `COPY` or `ADD` source from the build context that it excludes. The
    /// patterns are read as Docker reads them: `#` comments, `*`, `?`,
    /// `[…]`, `**` for any number of directories, `!` exceptions (the last
    /// matching line wins), and a match on a parent directory excludes
    /// everything below it.
    ///
    /// Sources from another stage or image (`--from`), URLs, heredocs, and
    /// sources whose variables have unknown values are skipped. A source
    /// with wildcards (`src/*.go`) is flagged only when a directory it
    /// lies in is excluded, since which files it matches is not known.
    ///
    /// ## Why is this bad?
    /// The excluded file is not sent to the builder: the COPY fails with
    /// "not found", or, for a directory, silently copies less than intended.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY secrets.env /app/
    /// ```
    /// with this `.dockerignore`:
    /// ```dockerignore
    /// *.env
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY app.conf /app/
    /// ```
    ///
    /// ## References
    /// - BuildKit build check `CopyIgnoredFile`
    /// - <https://docs.docker.com/reference/build-checks/copy-ignored-file/>
    /// - <https://docs.docker.com/build/concepts/context/#dockerignore-files>
    pub static RULE = {
        code: "CopyIgnoredFile",
        name: "copy-ignored-file",
        family: Family::BuildKit,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Attempting to COPY a file that is excluded by .dockerignore",
        sources: &["BuildKit CopyIgnoredFile"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let Some(ignore) = checker.dockerignore else {
        return;
    };
    let patterns = parse_dockerignore(ignore);
    if patterns.is_empty() {
        return;
    }
    let model = checker.model;
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        let command = match instruction.kind {
            InstructionKind::Copy => "Copy",
            InstructionKind::Add => "Add",
            _ => continue,
        };
        if instruction.flag("from").is_some() {
            continue;
        }
        let Some(paths) = instruction.paths() else {
            continue;
        };
        let scope = model.scope_at(index);
        for word in paths.sources() {
            if instruction.heredoc_for(word).is_some() {
                continue;
            }
            let expanded = scope.expand(&word.text, model.escape);
            if !expanded.unknown.is_empty() {
                continue;
            }
            let source = expanded.value;
            if source.contains("://") || source.starts_with("git@") {
                continue;
            }
            // With wildcards, only the directories before the first one.
            let literal = match source.find(['*', '?', '[']) {
                Some(at) => match source[..at].rfind('/') {
                    Some(slash) => &source[..slash],
                    None => continue,
                },
                None => source.as_str(),
            };
            let path = clean_path(literal);
            if path == "." || path.starts_with("..") || !is_ignored(&patterns, &path) {
                continue;
            }
            checker.report(
                word.span,
                format!("Attempting to {command} file {path:?} that is excluded by .dockerignore"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::Options;
    use crate::rules::test_support;

    fn found(text: &str, ignore: &str) -> Vec<(String, u32, u32)> {
        let options = Options {
            config: None,
            dockerignore: Some(ignore),
        };
        test_support::found_with(text, "CopyIgnoredFile", options)
    }

    #[test]
    fn excluded_sources_are_flagged_where_written() {
        let text = "FROM alpine\nCOPY README.md notes.md ./node_modules/x /app/\nADD [\"docs/a.md\", \"/d/\"]\n";
        assert_eq!(
            found(text, "*.md\n!README.md\nnode_modules\n"),
            vec![
                ("notes.md".into(), 2, 16),
                ("./node_modules/x".into(), 2, 25)
            ]
        );
        assert_eq!(found(text, "docs/\n"), vec![("\"docs/a.md\"".into(), 3, 6)]);
    }

    #[test]
    fn what_is_not_from_the_context_is_skipped() {
        let ignore = "*\n";
        let text = "FROM alpine AS b\nCOPY --from=b /x /x\nADD https://example.com/a /a\nCOPY <<EOF /c\nhi\nEOF\nARG F\nCOPY $F /f\nCOPY . /all\n";
        assert!(found(text, ignore).is_empty());
        assert!(found("FROM alpine\nCOPY x /x\n", "").is_empty());
        let analyzed = crate::analyze("FROM alpine\nCOPY x /x\n");
        assert!(
            analyzed
                .findings
                .iter()
                .all(|f| f.code != "CopyIgnoredFile"),
            "no .dockerignore"
        );
    }

    #[test]
    fn wildcards_are_judged_by_their_directory() {
        assert_eq!(
            found("FROM a\nCOPY build/*.jar /app/\n", "build\n").len(),
            1
        );
        assert!(found("FROM a\nCOPY *.jar /app/\n", "*.jar\n").is_empty());
    }
}
