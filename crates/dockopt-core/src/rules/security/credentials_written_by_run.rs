use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::model::shell::{Command, FileTool, Invocation};
use crate::report::Severity;
use crate::rules::helpers::commands_of;
use crate::rules::helpers::ships;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a RUN, in a stage that ships, that logs a tool in and so writes
    /// credentials into the image's home directory:
    /// - `aws configure set aws_access_key_id|aws_secret_access_key|aws_session_token …`
    ///   (writes `~/.aws/credentials`);
    /// - `gcloud auth activate-service-account` and `gcloud auth login`
    ///   (`~/.config/gcloud`);
    /// - `az login` (`~/.azure`);
    /// - `docker login` (`~/.docker/config.json`);
    /// - `npm config set …_authToken|_auth|_password …` (`~/.npmrc`).
    ///
    /// Not flagged: the same RUN deletes that directory or file afterwards
    /// (`rm -rf ~/.aws`), or the stage does not ship (a builder whose
    /// files are only copied from). The span is the subcommand (`set`,
    /// `activate-service-account`, `login`).
    ///
    /// ## Why is this bad?
    /// The tool stores the credential in a file of the layer, where anyone
    /// who can pull the image can read it — even when the secret itself
    /// came from a `--mount=type=secret`. Deleting the file in a later RUN
    /// does not remove it from the layer that wrote it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM amazon/aws-cli:2.17.0
    /// RUN --mount=type=secret,id=aws_key aws configure set aws_secret_access_key "$(cat /run/secrets/aws_key)"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM amazon/aws-cli:2.17.0
    /// RUN --mount=type=secret,id=aws,target=/root/.aws/credentials aws s3 cp s3://bucket/model.bin /opt/model.bin
    /// ```
    ///
    /// ## References
    /// - Trivy DS-0031 (AVD-DS-0031, `do-not-pass-secrets`), its RUN part
    ///   ("Possible exposure of secret in RUN"), which exempts a RUN with a
    ///   secret mount; here the mount does not help, since the tool writes
    ///   the secret into the layer anyway.
    /// - <https://docs.docker.com/build/building/secrets/>
    pub static RULE = {
        code: "DO1025",
        name: "credentials-written-by-run",
        family: Family::Security,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Do not log tools in during the build: their credentials stay in the image",
        sources: &["Trivy DS-0031"],
        check: check,
    }
}

/// The subcommand word that logs in, and the file it writes (a marker to
/// look for in `rm` paths).
fn login<'c>(
    command: &'c Command<'_>,
) -> Option<(&'c crate::model::shell::Word<'c>, &'static str)> {
    let program = command.program()?;
    let args = command.arguments();
    let operands: Vec<_> = args.iter().filter(|w| !w.value.starts_with('-')).collect();
    let first = |s: &str| operands.first().is_some_and(|w| w.is(s));
    match program {
        "aws" if first("configure") => {
            let set = operands.get(1).filter(|w| w.is("set"))?;
            let key = operands.get(2)?.value.to_ascii_lowercase();
            let key = key.rsplit('.').next().unwrap_or("");
            matches!(
                key,
                "aws_access_key_id" | "aws_secret_access_key" | "aws_session_token"
            )
            .then_some((*set, ".aws"))
        }
        "gcloud" if first("auth") => {
            let sub = operands.get(1)?;
            (sub.is("activate-service-account") || sub.is("login")).then_some((*sub, "gcloud"))
        }
        "az" if first("login") => operands.first().map(|w| (*w, ".azure")),
        "docker" if first("login") => operands.first().map(|w| (*w, ".docker")),
        "npm" | "pnpm" | "yarn" => {
            let set = operands.iter().position(|w| w.is("set"))?;
            let key = operands.get(set + 1)?.value.to_ascii_lowercase();
            let name = key.split('=').next().unwrap_or("");
            let secret = ["_authtoken", "_auth", "_password"]
                .iter()
                .any(|s| name == *s || name.ends_with(&format!(":{s}")));
            secret.then_some((operands[set], ".npmrc"))
        }
        _ => None,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, located) in model.instructions.iter().enumerate() {
        if located.instruction.kind != InstructionKind::Run || !ships(model, index) {
            continue;
        }
        let commands: Vec<_> = commands_of(model, index).collect();
        let mut seen = Vec::new();
        for (at, (script, command)) in commands.iter().enumerate() {
            let Some((word, marker)) = login(command) else {
                continue;
            };
            let removed = commands
                .iter()
                .skip(at + 1)
                .any(|(_, c)| match &c.invocation {
                    Some(Invocation::File(op)) if op.tool == FileTool::Remove => {
                        op.paths().iter().any(|p| p.value.contains(marker))
                    }
                    _ => false,
                });
            let span = script.file_span(word.span);
            if removed || seen.contains(&span) {
                continue;
            }
            seen.push(span);
            checker.report(
                span,
                format!(
                    "This logs `{}` in: its credentials are written under `{marker}` in the image; mount them with `RUN --mount=type=secret,target=…` for the commands that need them",
                    command.program().unwrap_or("the tool")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::security_helpers::testing::spans;

    #[test]
    fn logins_that_write_credentials() {
        let text = "FROM debian:12\nRUN aws configure set aws_secret_access_key abc\nRUN gcloud auth activate-service-account --key-file=/k.json\nRUN docker login -u u -p p registry\nRUN npm config set //registry.npmjs.org/:_authToken=xyz\nRUN az login --identity\n";
        assert_eq!(
            spans(text, "DO1025"),
            [
                ("set".to_string(), 2, 19),
                ("activate-service-account".to_string(), 3, 17),
                ("login".to_string(), 4, 12),
                ("set".to_string(), 5, 16),
                ("login".to_string(), 6, 8)
            ]
        );
    }

    #[test]
    fn removed_in_the_same_run_or_not_shipped() {
        let text = "FROM debian:12 AS build\nRUN aws configure set aws_access_key_id x\nFROM debian:12\nRUN aws configure set aws_access_key_id x && aws s3 cp s3://b/f /f && rm -rf /root/.aws\nCOPY --from=build /f /f\n";
        assert!(spans(text, "DO1025").is_empty());
    }

    #[test]
    fn heredoc_body() {
        let text =
            "FROM debian:12\nRUN <<EOF\nset -e\ngcloud auth login --cred-file=/k.json\nEOF\n";
        assert_eq!(spans(text, "DO1025"), [("login".to_string(), 4, 13)]);
    }

    #[test]
    fn look_alikes_are_fine() {
        let text = "FROM debian:12\nRUN aws configure set region eu-west-1\nRUN aws configure list\nRUN npm config set registry https://r/\nRUN echo docker login\nRUN gcloud auth list\n# RUN docker login -p x\n";
        assert!(spans(text, "DO1025").is_empty());
    }
}
