use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::PackageAction;
use crate::report::Severity;
use crate::rules::helpers::{
    append_to_script, is_apt, later_apt_install_relies_on_lists, mounts_cache_at,
    package_commands_of, run_removes, ships, subcommand_span,
};
use crate::rules::{Checker, Family, FixAvailability};
use dockopt_syntax::InstructionKind;

const LISTS: &str = "/var/lib/apt/lists";
const CLEANUP: &str = "rm -rf /var/lib/apt/lists/*";

declare_rule! {
    /// ## What it does
    /// Flags a RUN that runs `apt-get update` (or `apt`/`aptitude update`)
    /// without deleting `/var/lib/apt/lists/*` in the same RUN, in a stage
    /// whose file system ships in the image.
    ///
    /// ## Why is this bad?
    /// `apt-get update` downloads the package lists of every configured
    /// repository. They are only needed to install packages; left in the
    /// layer, they add tens of megabytes to every image. Deleting them in a
    /// later RUN frees nothing: the layer that wrote them keeps them.
    ///
    /// Builder stages whose files are only copied from are not flagged, nor
    /// a RUN with a cache or tmpfs mount on `/var/lib/apt/lists`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix safety
    /// Appends `&& rm -rf /var/lib/apt/lists/*` to the RUN (or a line to its
    /// heredoc script). Installed packages do not need the lists, so this is
    /// safe — unless a later RUN of the same stage (or of a stage built on
    /// it) installs packages without running `apt-get update` itself: it
    /// would then fail, so no fix is offered there (merge the RUNs first:
    /// DL3059's fix does, and this fix then applies to the merged RUN).
    ///
    /// ## Size impact
    /// The lists of Debian bookworm's main, updates and security
    /// repositories take about 20–45 MB uncompressed (Ubuntu: 14 MB before
    /// and 92 MB after `apt-get update` in docker-mailserver#37); published
    /// savings: 565.7→528.5 MB, 600→570 MB, 481→463 MB.
    ///
    /// ## References
    /// - hadolint DL3009
    /// - <https://docs.docker.com/build/building/best-practices/#apt-get>
    pub static RULE = {
        code: "DL3009",
        name: "apt-lists-not-deleted",
        family: Family::Size,
        severity: Severity::Info,
        fix: FixAvailability::Safe,
        summary: "Delete the apt-get lists after installing something",
        sources: &["hadolint DL3009", "Docker best practices: apt-get"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::Run {
            continue;
        }
        if !ships(model, index)
            || mounts_cache_at(instruction, LISTS)
            || run_removes(model, index, LISTS)
        {
            continue;
        }
        // `apt-get dist-clean` (apt ≥ 2.7) deletes the lists too.
        let dist_clean = package_commands_of(model, index).any(|(_, _, p)| {
            is_apt(p.manager)
                && p.action == PackageAction::Clean
                && p.subcommand
                    .first()
                    .is_some_and(|w| w.value == "dist-clean")
        });
        if dist_clean {
            continue;
        }
        let update = package_commands_of(model, index)
            .find(|(_, _, p)| is_apt(p.manager) && p.action == PackageAction::Update);
        let Some((script, command, package)) = update else {
            continue;
        };
        let span = subcommand_span(script, command, package);
        // Append to the last script of the RUN, so the cleanup runs last.
        let last_script = model.scripts_of(index).last().unwrap_or(script);
        if later_apt_install_relies_on_lists(model, index) {
            // Deleting the lists here would break the later install.
            checker.report(
                span,
                "Delete the apt-get lists after installing something: a later RUN installs from these lists, so update, install and `rm -rf /var/lib/apt/lists/*` belong in one RUN",
            );
            continue;
        }
        checker
            .report(
                span,
                "Delete the apt-get lists after installing something: add `rm -rf /var/lib/apt/lists/*` to this RUN",
            )
            .fix(
                "Delete /var/lib/apt/lists/* in the same RUN",
                Applicability::Safe,
                vec![append_to_script(last_script, CLEANUP)],
            );
    }
}

#[cfg(test)]
mod tests {
    fn dl3009(text: &str) -> Vec<crate::Finding> {
        crate::analyze(text)
            .findings
            .into_iter()
            .filter(|f| f.code == "DL3009")
            .collect()
    }

    #[test]
    fn apt_get_dist_clean_deletes_the_lists() {
        let text =
            "FROM debian:trixie\nRUN apt-get update; apt-get install -y curl; apt-get dist-clean\n";
        assert!(dl3009(text).is_empty());
    }

    #[test]
    fn no_fix_when_a_later_run_installs_from_the_lists() {
        let text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n";
        let found = dl3009(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].span.start..found[0].span.end], "update");
        assert_eq!(found[0].span.start_position.column, 13);
        assert!(
            found[0].fix.is_none(),
            "deleting the lists would break line 3"
        );
    }

    #[test]
    fn builder_stages_that_do_not_ship_are_not_flagged() {
        let text = "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\nCOPY --from=build /x /x\n";
        assert!(dl3009(text).is_empty());
    }
}
