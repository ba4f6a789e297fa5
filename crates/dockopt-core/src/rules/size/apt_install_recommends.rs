use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::PackageAction;
use crate::report::Severity;
use crate::rules::helpers::{
    insert_after_subcommand, is_apt, package_commands_of, subcommand_span,
};
use crate::rules::{Checker, Family, FixAvailability};
use dockopt_syntax::InstructionKind;

declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` (and `apt`/`aptitude install`) without
    /// `--no-install-recommends` (or `-o APT::Install-Recommends=false`).
    ///
    /// ## Why is this bad?
    /// By default apt also installs every package the requested ones
    /// *recommend*: documentation, optional tools, whole language runtimes.
    /// Containers rarely need them, and they often double what a package
    /// costs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix safety
    /// Inserts `--no-install-recommends` after `install`. This is unsafe: a
    /// program may need a package that is only recommended (curl and wget
    /// recommend `ca-certificates`, without which HTTPS fails), so review
    /// what the image runs before applying it.
    ///
    /// ## Size impact
    /// Estimated from Debian bookworm's package metadata: the Installed-Size
    /// of the packages reachable only through Recommends. Published results:
    /// 1.18 GB → 853 MB, 302 → 248 MB, and Ubuntu's "reduced our Docker
    /// images by 60%".
    ///
    /// ## References
    /// - hadolint DL3015
    /// - <https://ubuntu.com/blog/we-reduced-our-docker-images-by-60-with-no-install-recommends>
    pub static RULE = {
        code: "DL3015",
        name: "apt-install-recommends",
        family: Family::Size,
        severity: Severity::Info,
        fix: FixAvailability::Unsafe,
        summary: "Avoid additional packages by specifying `--no-install-recommends`",
        sources: &["hadolint DL3015"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, located) in model.instructions.iter().enumerate() {
        if located.instruction.kind != InstructionKind::Run {
            continue;
        }
        for (script, command, package) in package_commands_of(model, index) {
            if !is_apt(package.manager)
                || package.action != PackageAction::Install
                || package.no_install_recommends()
            {
                continue;
            }
            let span = subcommand_span(script, command, package);
            checker
                .report(
                    span,
                    "Avoid additional packages by specifying `--no-install-recommends`",
                )
                .fix(
                    "Add --no-install-recommends",
                    Applicability::Unsafe,
                    vec![insert_after_subcommand(
                        script,
                        package,
                        " --no-install-recommends",
                    )],
                );
        }
    }
}
