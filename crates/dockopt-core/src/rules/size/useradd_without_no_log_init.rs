use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::shell::{Invocation, UserTool, Word};
use crate::model::Model;
use crate::report::Severity;
use crate::rules::dlb_helpers::runs;
use crate::rules::helpers::commands_of;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `useradd` with a high UID (more than five digits, `-u 100000`
    /// and up) and without `-l` / `--no-log-init`. Every spelling of the
    /// UID is read (`-u N`, `-uN`, `--uid N`, `--uid=N`); a `$VAR` UID is
    /// read at the value its `ARG` default or `ENV` gives it, and one we
    /// cannot know (an `ARG` without default) is not flagged.
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
    /// the UID option. hadolint measures the text of the option, so
    /// `-u ${UID}` (six characters) is "high" whatever `UID` holds; we
    /// expand the variable (`ARG UID=10000` is not high, `ARG UID=1000000`
    /// is).
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
                .and_then(|w| uid_value(model, index, w))
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

/// The UID a word gives: its literal value, or a `$VAR` expanded with the
/// ARG/ENV values in scope at the RUN; `None` when it depends on something
/// unknown.
fn uid_value(model: &Model<'_>, index: usize, word: &Word<'_>) -> Option<String> {
    if let Some(literal) = word.literal() {
        return Some(literal.to_string());
    }
    // The shell expands the word, so its escape is the backslash.
    let expanded = model.scope_at(index).expand(&word.raw, '\\');
    expanded.unknown.is_empty().then_some(expanded.value)
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
    fn variable_uids_are_expanded() {
        // The corpus case (GoogleCloudPlatform/python-docs-samples
        // .kokoro/docker/Dockerfile): `ARG UID=10000` is five digits, not
        // high, although the text `${UID}` is six characters.
        let text = "FROM ubuntu:24.04\nARG UID=10000\nARG BIG=1000000\nARG UNSET\nENV E=2000000\nRUN useradd -d /h -u ${UID} a && useradd -u $BIG b && useradd -u \"$E\" c && useradd -u $UNSET d && useradd -u $(id -u) e\n";
        assert_eq!(
            found("DL3046", text),
            vec![("useradd".into(), 6, 34), ("useradd".into(), 6, 55)]
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
