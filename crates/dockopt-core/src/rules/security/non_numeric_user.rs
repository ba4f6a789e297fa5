use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags `USER` given a name (`USER app`, `USER app:app`) rather than a
    /// numeric UID (`USER 10001`, `USER 10001:app`). A `$VAR` user is
    /// unknown and not flagged.
    ///
    /// ## Why is this bad?
    /// A name is resolved through the image's `/etc/passwd` at run time.
    /// The host and orchestrators cannot see that: Kubernetes'
    /// `runAsNonRoot` refuses to start an image whose user is a name it
    /// cannot verify is not root, and volume permissions on the host are
    /// by number.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN adduser -D -u 10001 app
    /// USER app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN adduser -D -u 10001 app
    /// USER 10001
    /// ```
    ///
    /// ## References
    /// - hadolint DL3066
    ///
    /// ## Differences from hadolint
    /// `USER $NAME` is not flagged (its value is not known); the finding
    /// points at the user part of the word.
    pub static RULE = {
        code: "DL3066",
        name: "non-numeric-user",
        family: Family::Security,
        severity: Severity::Info,
        summary: "Non-numeric user id may not be resolvable by the host system",
        sources: &["hadolint DL3066"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for located in &model.instructions {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::User {
            continue;
        }
        let Some(word) = instruction.single_word() else {
            continue;
        };
        let text = word.text.as_str();
        if text.contains('$') {
            continue;
        }
        let user_len = text.find(':').unwrap_or(text.len());
        let user = &text[..user_len];
        if user.is_empty() || user.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let span = word.sub_span(0..user_len).unwrap_or(word.span);
        checker.report(
            span,
            format!("Non-numeric user id `{user}` may not be resolvable by the host system: use its UID"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::dlb_helpers::test::found;

    #[test]
    fn user_part_only() {
        let text = "FROM alpine:3.20\nUSER app\nUSER 1000:grp\nUSER app:1000\nUSER $U\nUSER 0\n";
        assert_eq!(
            found("DL3066", text),
            vec![("app".into(), 2, 6), ("app".into(), 4, 6)]
        );
    }
}
