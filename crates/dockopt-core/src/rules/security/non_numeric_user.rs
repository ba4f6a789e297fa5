use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::model::{Base, Model};
use crate::report::Severity;
use crate::rules::helpers::stage_chain;
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags `USER` given a name (`USER app`, `USER app:app`) rather than a
    /// numeric UID (`USER 10001`, `USER 10001:app`). A `$VAR` user is read
    /// at the value its `ARG` default or `ENV` gives it; one we cannot know
    /// (an `ARG` without default, an `ENV` of the base image) is not
    /// flagged.
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
    /// hadolint flags every `USER $NAME`; we expand it: `ENV APP_UID=1654`
    /// + `USER $APP_UID` is numeric and not flagged, `ARG NAME=app` +
    /// `USER $NAME` is, and a value we cannot know is not; hadolint also
    /// accepts any `USER` naming a declared `ARG` (`ARG user=jenkins` +
    /// `USER ${user}`), which we read at its default, `jenkins`, as BuildKit
    /// does without `--build-arg`. Stages built on a Windows image
    /// (`windows/servercore`, `nanoserver`) are not checked: Windows has no
    /// numeric user ids, `USER ContainerUser` is how its images name users
    /// (hadolint flags it). The finding points at the user part of the word.
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
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::User {
            continue;
        }
        let Some(word) = instruction.single_word() else {
            continue;
        };
        if located
            .stage
            .is_some_and(|stage| windows_stage(model, stage))
        {
            continue;
        }
        let text = word.text.as_str();
        let expanded = model.scope_at(index).expand(text, model.escape);
        if !expanded.unknown.is_empty() {
            continue;
        }
        let value = expanded.value.as_str();
        let user = value.split(':').next().unwrap_or(value);
        let user_len = user_part_len(text);
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

/// Whether a stage is built (directly or through earlier stages) on a
/// Windows image, whose users are names, never numbers.
fn windows_stage(model: &Model<'_>, stage: usize) -> bool {
    let root = stage_chain(model, stage).last().copied().unwrap_or(stage);
    match model.stages.get(root).map(|s| &s.base) {
        Some(Base::Image { reference, .. }) => {
            let image = reference.to_ascii_lowercase();
            ["windows", "nanoserver", "servercore"]
                .iter()
                .any(|w| image.contains(w))
        }
        _ => false,
    }
}

/// The length of the user part of a USER word as written: up to the first
/// `:` outside `${…}` (`${U:-app}:grp` has the user `${U:-app}`).
fn user_part_len(text: &str) -> usize {
    let mut depth = 0usize;
    let mut previous = ' ';
    for (i, c) in text.char_indices() {
        match c {
            '{' if previous == '$' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            ':' if depth == 0 => return i,
            _ => {}
        }
        previous = c;
    }
    text.len()
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

    #[test]
    fn variables_are_expanded() {
        // The corpus case (dotnet/dotnet-docker runtime-deps distroless):
        // `ENV APP_UID=1654` + `USER $APP_UID` is numeric; an ENV of the
        // base image is unknown here; a known name is flagged.
        let text = "FROM alpine:3.20\nENV APP_UID=1654\nUSER $APP_UID\nUSER $FROM_BASE\nARG NAME=app\nUSER ${NAME}:${GROUP:-0}\nUSER ${MISSING:-www}:1000\n";
        assert_eq!(
            found("DL3066", text),
            vec![("${NAME}".into(), 6, 6), ("${MISSING:-www}".into(), 7, 6)]
        );
    }

    #[test]
    fn windows_images_name_their_users() {
        // The corpus cases (adoptium and golang nanoserver images,
        // jenkinsci/docker windowsservercore): `USER ContainerUser` is
        // right on Windows; a stage built on such a stage is Windows too.
        let text = "FROM mcr.microsoft.com/windows/nanoserver:ltsc2025 AS base\nUSER ContainerUser\nFROM base\nUSER ContainerAdministrator\nFROM golang:1.23-windowsservercore-ltsc2022\nUSER app\nFROM debian:12\nUSER app\n";
        assert_eq!(found("DL3066", text), vec![("app".into(), 8, 6)]);
    }
}
