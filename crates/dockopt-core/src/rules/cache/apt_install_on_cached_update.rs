use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::shell::{Joiner, PackageAction};
use crate::report::Severity;
use crate::rules::helpers::{is_apt, package_commands_of, stage_chain, subcommand_span};
use crate::rules::size_helpers::{line_of, run_removes_path, runs};
use crate::rules::{Checker, Family, FixAvailability};

const LISTS: &str = "/var/lib/apt/lists";

declare_rule! {
    /// ## What it does
    /// Flags an `apt-get install` (or `apt`/`aptitude install`) that runs
    /// on package lists fetched by an *earlier* RUN — of this stage or a
    /// stage it is built on — instead of running `apt-get update` itself
    /// first.
    ///
    /// ## Why is this bad?
    /// The build cache keeps the earlier `apt-get update` layer for as long
    /// as its RUN line is unchanged: weeks or months. When the install's
    /// RUN changes (a package is added), it runs again on those old lists,
    /// asks the mirror for versions that have since been replaced, and
    /// fails with 404s — or installs outdated packages. Running `apt-get
    /// update && apt-get install …` in one RUN ties the lists to the
    /// install's cache key (Docker's "cache busting" advice).
    ///
    /// This rule is about the install that depends on stale lists; the
    /// `update` RUN on its own is another rule's business.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update
    /// WORKDIR /srv
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update
    /// WORKDIR /srv
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Fix safety
    /// Puts `apt-get update && ` in front of the install. Safe: on a fresh
    /// build it fetches the same lists again; with a warm cache it fetches
    /// current ones, which is the point. Not offered when the install is
    /// nested, conditional, joined by `||`/`|`, or runs under a wrapper such
    /// as `sudo`. The lists are then written by this RUN too, so delete them
    /// here (DL3009), and drop the lone `apt-get update` RUN. When that lone
    /// `apt-get update` RUN is right above, no fix is offered here: merging
    /// the two RUNs (DL3059) fixes both without updating twice.
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#apt-get>
    pub static RULE = {
        code: "DO3004",
        name: "apt-install-on-cached-update",
        family: Family::Cache,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "Run `apt-get update` in the same RUN as `apt-get install`",
        sources: &["Docker best practices: apt-get (cache busting)"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let run_list: Vec<usize> = runs(model).map(|(i, _)| i).collect();
    for &index in &run_list {
        let Some(stage) = model.instructions.get(index).and_then(|l| l.stage) else {
            continue;
        };
        // The stages whose layers are below this one: itself and its bases.
        let stages = stage_chain(model, stage);
        let mut updated_here = false;
        for (script, command, package) in package_commands_of(model, index) {
            if !is_apt(package.manager) {
                continue;
            }
            match package.action {
                PackageAction::Update => updated_here = true,
                PackageAction::Install if !updated_here => {
                    // The latest earlier RUN below this one that updates or
                    // deletes the lists.
                    let earlier = run_list
                        .iter()
                        .rev()
                        .filter(|&&r| r < index)
                        .find_map(|&r| {
                            let in_lineage = model
                                .instructions
                                .get(r)
                                .and_then(|l| l.stage)
                                .is_some_and(|s| stages.contains(&s));
                            if !in_lineage {
                                return None;
                            }
                            if run_removes_path(model, r, LISTS) {
                                return Some(None);
                            }
                            package_commands_of(model, r)
                                .any(|(_, _, p)| {
                                    is_apt(p.manager) && p.action == PackageAction::Update
                                })
                                .then_some(Some(r))
                        });
                    let Some(Some(update_run)) = earlier else {
                        continue;
                    };
                    let line = model
                        .instructions
                        .get(update_run)
                        .map(|l| line_of(model, l.instruction.span.start))
                        .unwrap_or(0);
                    let diagnostic = checker.report(
                        subcommand_span(script, command, package),
                        format!("This install uses the package lists of the cached `apt-get update` on line {line}: they go stale; run `apt-get update &&` in this RUN"),
                    );
                    let plain = command.group.is_none()
                        && command.depth == 0
                        && !command.conditional
                        && !command.in_pipeline
                        && command.wrappers.is_empty()
                        && matches!(
                            command.joiner,
                            Joiner::Start | Joiner::And | Joiner::Newline | Joiner::Semicolon
                        );
                    let Some(program) = command.name().and_then(|n| n.literal()) else {
                        continue;
                    };
                    // `RUN apt-get update` right above, alone: merging the
                    // two RUNs (DL3059's fix) is the fix, and adding a second
                    // update here would leave the merged RUN updating twice.
                    let lone_update_just_above = update_run + 1 == index
                        && crate::rules::helpers::commands_of(model, update_run).count() == 1;
                    if plain && !lone_update_just_above {
                        let at = script.file_span(command.span).start;
                        diagnostic.fix(
                            "Update the lists in the same RUN",
                            Applicability::Safe,
                            vec![Edit::insert(at, format!("{program} update && "))],
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, fix_all, spanned};

    #[test]
    fn no_fix_when_the_lone_update_is_right_above() {
        let text = "FROM debian:12-slim\nRUN apt-get update\nRUN apt-get install -y curl\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "install");
        assert!(found[0].fix.is_none(), "DL3059's merge is the fix here");
    }

    #[test]
    fn install_in_a_child_stage_and_a_heredoc() {
        let text = "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nRUN <<EOF\nset -e\napt install -y jq\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "install");
        assert_eq!(found[0].span.start_position.line, 6);
        assert_eq!(found[0].span.start_position.column, 5);
        assert!(found[0].message.contains("line 2"));
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nRUN <<EOF\nset -e\napt update && apt install -y jq\nEOF\n"
        );
    }

    #[test]
    fn updated_here_lists_deleted_or_no_update_at_all_are_not_this_rule() {
        for text in [
            "FROM debian:12\nRUN apt-get update\nRUN apt-get update && apt-get install -y curl\n",
            "FROM debian:12\nRUN apt-get update && rm -rf /var/lib/apt/lists/*\nRUN apt-get install -y curl\n",
            "FROM debian:12\nRUN apt-get install -y curl\n",
            "FROM debian:12 AS a\nRUN apt-get update\nFROM debian:12\nRUN apt-get install -y curl\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn sudo_or_or_joined_installs_get_no_fix() {
        let text = "FROM debian:12\nRUN apt-get update\nRUN true || sudo apt-get install -y curl\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_none());
    }
}
