use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::size_helpers::is_archive_name;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags `ADD <url>` of an archive (`.tar.gz`, `.zip`, `.deb`, …) that a
    /// later RUN of the same stage uses (unpacks or installs it), in a stage
    /// whose file system ships.
    ///
    /// ## Why is this bad?
    /// `ADD` does not unpack remote archives, and the file it downloads is a
    /// layer of its own: the later RUN can extract it and even `rm` it, but
    /// the archive stays in the ADD's layer. Download, unpack and delete in
    /// one RUN instead (`curl -fsSL URL | tar -xz -C /opt`), or use `ADD`
    /// in a builder stage and copy out what was unpacked.
    ///
    /// ## Differences from hadolint
    /// hadolint's DL3020 (use COPY instead of ADD) deliberately skips URLs;
    /// this rule is about the layer a remote ADD leaves.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini.tar.gz /tmp/
    /// RUN tar -xzf /tmp/tini.tar.gz -C /usr/local/bin && rm /tmp/tini.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN curl -fsSL https://github.com/krallin/tini/releases/download/v0.19.0/tini.tar.gz | tar -xz -C /usr/local/bin
    /// ```
    ///
    /// ## Size impact
    /// The archive's full size stays in the image. Deleting in a later layer
    /// saves nothing (tianon/docker-brew-ubuntu-core#90, research §6);
    /// merging download and cleanup into one RUN is what took
    /// badges/shields from 1.135 GB to 271 MB.
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#add>
    /// - <https://docs.docker.com/build/building/best-practices/#add-or-copy>
    pub static RULE = {
        code: "DO2010",
        name: "add-remote-archive",
        family: Family::Size,
        severity: Severity::Warning,
        summary: "An archive fetched with ADD <url> stays in its own layer",
        sources: &["Docker best practices: ADD or COPY", "tianon/docker-brew-ubuntu-core#90"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, located) in model.instructions.iter().enumerate() {
        let add = located.instruction;
        if add.kind != InstructionKind::Add || !ships(model, index) {
            continue;
        }
        let Some(paths) = add.paths() else { continue };
        for source in paths.sources() {
            let url = source.text.as_str();
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                continue;
            }
            let name = url
                .split(['?', '#'])
                .next()
                .and_then(|u| u.rsplit('/').next())
                .unwrap_or("");
            if name.is_empty() || !is_archive_name(name) {
                continue;
            }
            let used_later = model
                .scripts
                .iter()
                .filter(|s| s.instruction_index > index && Some(s.stage) == located.stage)
                .any(|s| s.text().contains(name));
            if !used_later {
                continue;
            }
            checker.report(
                source.span,
                format!("`{name}` downloaded by ADD stays in its own layer even once unpacked: fetch, unpack and delete it in one RUN"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, spanned};

    #[test]
    fn points_at_the_url_when_a_heredoc_unpacks_it() {
        let text = "FROM debian:12\nADD --checksum=sha256:00 https://x.org/a.zip /tmp/a.zip\nRUN <<EOF\nunzip /tmp/a.zip -d /opt\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "https://x.org/a.zip");
        assert_eq!(found[0].span.start_position.line, 2);
        assert_eq!(found[0].span.start_position.column, 26);
    }

    #[test]
    fn unused_local_or_builder_adds_are_fine() {
        for text in [
            "FROM debian:12\nADD https://x.org/app.jar /app.jar\n",
            "FROM debian:12\nADD https://x.org/a.tgz /tmp/\n",
            "FROM debian:12\nADD a.tgz /opt/\nRUN ls /opt/a.tgz\n",
            "FROM debian:12 AS b\nADD https://x.org/a.tgz /tmp/\nRUN tar xzf /tmp/a.tgz\nFROM scratch\nCOPY --from=b /a /a\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
