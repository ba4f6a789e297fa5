use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::model::shell::{FileTool, Invocation};
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::size_helpers::{is_archive_name, line_of};
use crate::rules::{Checker, Family};

/// Archive formats ADD does not unpack by itself.
fn add_keeps(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".zip", ".deb", ".rpm", ".apk", ".whl"]
        .iter()
        .any(|e| lower.ends_with(e))
}

declare_rule! {
    /// ## What it does
    /// Flags a local archive copied into the image with COPY (or ADD, for
    /// formats ADD does not unpack: `.zip`, `.deb`, `.rpm`, `.whl`) that a
    /// later RUN of the stage unpacks or installs, in a stage whose file
    /// system ships.
    ///
    /// ## Why is this bad?
    /// The archive is a layer of its own: the RUN can extract it and `rm`
    /// it, but the COPY's layer keeps it. Bind-mount it for the RUN instead
    /// (`RUN --mount=type=bind,source=app.tgz,target=/tmp/app.tgz tar -xzf
    /// /tmp/app.tgz -C /opt`), or, for a tar archive, let `ADD app.tgz
    /// /opt/` unpack it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// COPY vendor/agent.deb /tmp/agent.deb
    /// RUN dpkg -i /tmp/agent.deb && rm /tmp/agent.deb
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1
    /// FROM debian:bookworm-slim
    /// RUN --mount=type=bind,source=vendor/agent.deb,target=/tmp/agent.deb dpkg -i /tmp/agent.deb
    /// ```
    ///
    /// ## Size impact
    /// The archive's size stays in the image: about 30–50% of what it
    /// unpacks to, from the compressed/uncompressed ratios of
    /// ../shared/data/base-images-uncompressed.tsv (2.1–3.5). Deleting it in
    /// a later layer saves nothing (tianon/docker-brew-ubuntu-core#90,
    /// research §6).
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#run---mounttypebind>
    /// - <https://docs.docker.com/build/building/best-practices/#add-or-copy>
    pub static RULE = {
        code: "DO2016",
        name: "copied-archive-extracted",
        family: Family::Size,
        severity: Severity::Warning,
        summary: "A copied archive that a RUN unpacks stays in the COPY's layer",
        sources: &["Docker reference: RUN --mount=type=bind", "tianon/docker-brew-ubuntu-core#90"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, located) in model.instructions.iter().enumerate() {
        let copy = located.instruction;
        let kind = copy.kind;
        if !matches!(kind, InstructionKind::Copy | InstructionKind::Add) || !ships(model, index) {
            continue;
        }
        let Some(paths) = copy.paths() else { continue };
        for source in paths.sources() {
            let text = source.text.as_str();
            let name = text.rsplit('/').next().unwrap_or("");
            if text.contains("://")
                || text.contains(['$', '*', '?'])
                || !is_archive_name(name)
                || (kind == InstructionKind::Add && !add_keeps(name))
            {
                continue;
            }
            let user = model
                .scripts
                .iter()
                .filter(|s| s.instruction_index > index && Some(s.stage) == located.stage)
                .find(|s| {
                    s.script.commands.iter().any(|c| {
                        !matches!(&c.invocation, Some(Invocation::File(op)) if op.tool == FileTool::Remove)
                            && c.arguments().iter().any(|w| w.value.contains(name))
                    })
                });
            let Some(user) = user else { continue };
            let line = line_of(model, user.instruction.span.start);
            checker.report(
                source.span,
                format!("`{name}` is unpacked by the RUN on line {line} but stays in this layer: bind-mount it for that RUN instead"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, spanned};

    #[test]
    fn copy_from_another_stage_then_unpacked_in_a_heredoc() {
        let text = "FROM alpine:3 AS b\nRUN tar czf /out.tgz /etc\nFROM alpine:3\nCOPY --from=b /out.tgz /tmp/\nRUN <<EOF\ntar -xzf /tmp/out.tgz -C /opt\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "/out.tgz");
        assert_eq!(found[0].span.start_position.line, 4);
        assert_eq!(found[0].span.start_position.column, 15);
        assert!(found[0].message.contains("line 5"));
    }

    #[test]
    fn unused_auto_extracted_or_builder_archives_are_fine() {
        for text in [
            "FROM alpine:3\nCOPY app.tgz /srv/app.tgz\n",
            "FROM alpine:3\nADD app.tgz /opt/\nRUN ls /opt\n",
            "FROM alpine:3\nCOPY app.zip /tmp/\nRUN rm /tmp/app.zip\n",
            "FROM alpine:3 AS b\nCOPY app.zip /tmp/\nRUN unzip /tmp/app.zip\nFROM scratch\nCOPY --from=b /a /a\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
