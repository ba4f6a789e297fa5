use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rules::helpers::{is_apt, package_commands_of};
use crate::rules::size_helpers::runs;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a `--mount=type=cache` on `/var/cache/apt` or `/var/lib/apt`
    /// (or a directory in them) of a RUN that runs apt, when the mount is
    /// shared (`sharing` missing or `shared`).
    ///
    /// ## Why is this bad?
    /// A shared cache mount is used by every build that runs at the same
    /// time. apt takes a lock in those directories and gives up when it
    /// finds it held ("Could not get lock /var/lib/apt/lists/lock"), so
    /// parallel builds — two stages of one build, or a CI matrix — fail at
    /// random. `sharing=locked` makes the other builds wait instead;
    /// `sharing=private` gives each its own cache.
    ///
    /// ## Example
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1
    /// FROM debian:bookworm-slim
    /// RUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1
    /// FROM debian:bookworm-slim
    /// RUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Fix safety
    /// Adds `,sharing=locked` (or turns `sharing=shared` into
    /// `sharing=locked`). Safe: only concurrent builds are affected, and
    /// they wait rather than fail.
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#example-cache-apt-packages>
    pub static RULE = {
        code: "DO3002",
        name: "apt-cache-mount-not-locked",
        family: Family::Cache,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "apt cache mounts need `sharing=locked`",
        sources: &["Docker reference: RUN --mount=type=cache, apt example"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, instruction) in runs(model) {
        if !package_commands_of(model, index).any(|(_, _, p)| is_apt(p.manager)) {
            continue;
        }
        for flag in instruction.flags_named("mount") {
            let mount = flag.mount();
            let Some(target) = mount.target() else {
                continue;
            };
            let target = target.trim_end_matches('/');
            let apt_dir = ["/var/cache/apt", "/var/lib/apt"]
                .iter()
                .any(|d| target == *d || target.starts_with(&format!("{d}/")));
            if mount.kind() != "cache" || !apt_dir {
                continue;
            }
            let sharing = mount
                .options
                .iter()
                .rev()
                .find(|o| o.key.eq_ignore_ascii_case("sharing"));
            let edit = match sharing {
                Some(o) if o.value.as_deref().is_some_and(|v| v != "shared") => continue,
                Some(o) => Edit::replace(o.span.start, o.span.end, "sharing=locked"),
                None => {
                    let Some(value) = &flag.value else { continue };
                    Edit::insert(value.span.end, ",sharing=locked")
                }
            };
            checker
                .report(
                    flag.span,
                    format!("apt locks {target}: a shared cache mount there makes parallel builds fail; add `sharing=locked`"),
                )
                .fix("Lock the apt cache mount", Applicability::Safe, vec![edit]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, fix_all, spanned};

    #[test]
    fn shared_mounts_in_a_continued_run() {
        let text = "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt,sharing=shared \\\n    --mount=type=cache,target=/var/lib/apt/lists \\\n    apt-get update\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 2);
        assert_eq!(
            spanned(text, &found[1]),
            "--mount=type=cache,target=/var/lib/apt/lists"
        );
        assert_eq!(found[1].span.start_position.line, 3);
        assert_eq!(found[1].span.start_position.column, 5);
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \\\n    apt-get update\n"
        );
    }

    #[test]
    fn locked_private_other_dirs_or_no_apt_are_fine() {
        for text in [
            "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update\n",
            "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt,sharing=private apt-get update\n",
            "FROM debian:12\nRUN --mount=type=cache,target=/root/.cache/pip pip install x && apt-get update\n",
            "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt ls\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
