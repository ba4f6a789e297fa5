use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `ADD https://…` (or `http://`) without `--checksum=sha256:…`.
    /// Git sources (`…/repo.git`, `git@host:…`) are not flagged: their
    /// pin is a commit, written in the URL.
    ///
    /// ## Why is this bad?
    /// `ADD` downloads the file at every build without checking what it
    /// got: a compromised or changed server, or a truncated download, puts
    /// other bytes into the image. `--checksum` (Dockerfile syntax 1.6 and
    /// later) makes the build fail unless the file has the expected SHA-256.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ADD https://example.com/tool-1.2.3.tar.gz /tmp/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.2.3.tar.gz /tmp/
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the checksum has to come from the publisher or from a
    /// download you have checked, and a placeholder would break the build.
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#add---checksum>
    /// - hadolint DL3020 is the related "use COPY for local files" rule; it
    ///   does not check remote ADDs.
    pub static RULE = {
        code: "DO1021",
        name: "add-url-without-checksum",
        family: Family::Security,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Give ADD of a URL a --checksum",
        sources: &["Dockerfile reference: ADD --checksum"],
        check: check,
    }
}

fn is_git(url: &str) -> bool {
    let path = url.split(['#', '?']).next().unwrap_or(url);
    url.starts_with("git@")
        || url.starts_with("git://")
        || path.ends_with(".git")
        || path.ends_with(".git/")
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::Add || instruction.flag("checksum").is_some() {
            continue;
        }
        let Some(paths) = instruction.paths() else {
            continue;
        };
        let scope = model.scope_at(index);
        for source in paths.sources() {
            let url = scope.expand(&source.text, model.escape).value;
            let lower = url.to_ascii_lowercase();
            if !(lower.starts_with("https://") || lower.starts_with("http://")) || is_git(&url) {
                continue;
            }
            checker.report(
                source.span,
                "ADD downloads this URL without checking it: add `--checksum=sha256:<digest>`",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::security_helpers::testing::spans;

    #[test]
    fn flags_the_url() {
        let text = "FROM alpine:3.20\nARG V=1.2\nADD --chown=1:1 https://e.com/t-${V}.tgz local.txt /opt/\nadd [\"http://e.com/x\", \"/x\"]\n";
        assert_eq!(
            spans(text, "DO1021"),
            [
                ("https://e.com/t-${V}.tgz".to_string(), 3, 17),
                ("\"http://e.com/x\"".to_string(), 4, 6)
            ]
        );
    }

    #[test]
    fn checksums_git_and_local_sources_are_fine() {
        let text = "FROM alpine:3.20\nADD --checksum=sha256:abc https://e.com/t.tgz /opt/\nADD https://github.com/moby/buildkit.git#v0.14.0 /src\nADD git@github.com:moby/buildkit.git /src\nADD app.tgz /opt/\nCOPY https-notes.txt /x\n# ADD https://e.com/x /x\nADD <<EOF /etc/motd\nhttps://e.com/x\nEOF\n";
        assert!(spans(text, "DO1021").is_empty());
    }
}
