use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::shell::{Invocation, UserTool};
use crate::report::Severity;
use crate::rules::dlb_helpers::runs;
use crate::rules::helpers::commands_of;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `useradd` with a high UID (more than five digits, `-u 100000`
    /// and up) and without `-l` / `--no-log-init`. Every spelling of the
    /// UID is read (`-u N`, `-uN`, `--uid N`, `--uid=N`); a `$VAR` UID is
    /// unknown and not flagged.
    ///
    /// ## Why is this bad?
    /// `useradd` writes the new user's record into `/var/log/lastlog` and
    /// `/var/log/faillog` at an offset proportional to the UID. On disk
    /// that is a sparse file, but image layers store it in full: a UID of
    /// a billion makes a layer of hundreds of gigabytes, or exhausts the
    /// disk during the build.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN useradd -u 1000000 app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN useradd -l -u 1000000 app
    /// ```
    ///
    /// ## Fix safety
    /// Inserts `-l` after `useradd`. Safe: it only stops useradd from
    /// adding the user to the lastlog and faillog databases, which nothing
    /// in a container reads.
    ///
    /// ## Size impact
    /// lastlog stores a fixed-size record per UID (292 bytes on glibc
    /// x86-64), so the file's apparent size is about UID × 292 bytes, all
    /// of which the layer stores: 292 MB for UID 1 000 000. Docker's best
    /// practices document the problem and this workaround.
    ///
    /// ## References
    /// - hadolint DL3046
    /// - <https://docs.docker.com/build/building/best-practices/#user>
    /// - moby/moby#5419
    ///
    /// ## Differences from hadolint
    /// hadolint reads only `-u N` as two words; we read every spelling of
    /// the UID option.
    pub static RULE = {
        code: "DL3046",
        name: "useradd-without-no-log-init",
        family: Family::Size,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "`useradd` without flag `-l` and high UID will result in excessively large image",
        sources: &["hadolint DL3046", "Docker best practices: USER", "moby/moby#5419"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for index in runs(model) {
        let mut found = Vec::new();
        for (script, command) in commands_of(model, index) {
            let Some(Invocation::User(user)) = &command.invocation else {
                continue;
            };
            if user.tool != UserTool::Useradd || user.no_log_init() {
                continue;
            }
            let high = user
                .id()
                .and_then(|w| w.literal())
                .is_some_and(|uid| uid.len() > 5 && uid.bytes().all(|b| b.is_ascii_digit()));
            let Some(name) = command.name() else { continue };
            if high {
                let span = script.file_span(name.span);
                found.push(span);
            }
        }
        for span in found {
            checker
                .report(
                    span,
                    "`useradd` without flag `-l` and high UID will result in excessively large image",
                )
                .fix(
                    "Add -l (--no-log-init)",
                    Applicability::Safe,
                    vec![Edit::insert(span.end, " -l")],
                );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::{fixed, found};

    #[test]
    fn every_uid_spelling() {
        let text = "FROM debian:12\nRUN useradd -u 99999 a && useradd --uid=100000 b && useradd -u100000 c && useradd --no-log-init -u 1000000 d && useradd -u $U e\n";
        assert_eq!(
            found("DL3046", text),
            vec![("useradd".into(), 2, 27), ("useradd".into(), 2, 53)]
        );
    }

    #[test]
    fn heredoc_and_fix() {
        let text = "FROM debian:12\nRUN <<EOF\nuseradd -u 123456 app\nEOF\n";
        assert_eq!(found("DL3046", text), vec![("useradd".into(), 3, 1)]);
        assert_eq!(
            fixed("DL3046", text),
            "FROM debian:12\nRUN <<EOF\nuseradd -l -u 123456 app\nEOF\n"
        );
    }
}
