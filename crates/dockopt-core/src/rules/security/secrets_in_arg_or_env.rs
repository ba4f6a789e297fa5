use dockopt_syntax::{Instruction, InstructionKind, Word};

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family};

/// Variable names hadolint knows to hold credentials.
const KNOWN: &[&str] = &[
    "ACCESS_TOKEN",
    "APPLICATION_KEY",
    "APP_SECRET",
    "AUTH_TOKEN",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "BITTREX_API_KEY",
    "BITTREX_API_SECRET",
    "CF_PASSWORD",
    "CF_USERNAME",
    "CIRCLE_TOKEN",
    "CI_DEPLOY_PASSWORD",
    "CI_DEPLOY_USER",
    "DOCKERHUB_PASSWORD",
    "DOCKER_EMAIL",
    "DOCKER_PASSWORD",
    "DOCKER_USERNAME",
    "FACEBOOK_ACCESS_TOKEN",
    "FACEBOOK_APP_ID",
    "FACEBOOK_APP_SECRET",
    "FIREBASE_API_TOKEN",
    "FIREBASE_TOKEN",
    "FOSSA_API_KEY",
    "GH_ENTERPRISE_TOKEN",
    "GH_TOKEN",
    "GITHUB_ENTERPRISE_TOKEN",
    "GITHUB_TOKEN",
    "HEROKU_API_KEY",
    "HEROKU_API_USER",
    "NPM_AUTH_TOKEN",
    "NPM_TOKEN",
    "OKTA_AUTHN_GROUPID",
    "OKTA_CLIENT_ORGURL",
    "OKTA_CLIENT_TOKEN",
    "OKTA_OAUTH2_CLIENTID",
    "OKTA_OAUTH2_CLIENTSECRET",
    "OPENAI_API_KEY",
    "OS_PASSWORD",
    "OS_USERNAME",
    "POSTGRES_PASSWORD",
    "SLACK_TOKEN",
    "STRIPE_API_KEY",
    "STRIPE_DEVICE_NAME",
    "TRAVIS_OS_NAME",
    "TRAVIS_SECURE_ENV_VARS",
    "TRAVIS_SUDO",
    "VAULT_CLIENT_KEY",
    "VAULT_TOKEN",
];

/// Substrings hadolint treats as suspicious anywhere in a name.
const SUBSTRINGS: &[&str] = &[
    "api_key",
    "client_key",
    "password",
    "private",
    "secret",
    "token",
    "username",
];

/// BuildKit's secret tokens (a whole `_`-separated part of the name).
const TOKENS: &[&str] = &[
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "pword",
    "passwd",
    "secret",
    "token",
];

/// BuildKit's allow-list: a name with one of these parts names something
/// public, a file or a version, not a secret.
const ALLOWED: &[&str] = &["public", "file", "version"];

declare_rule! {
    /// ## What it does
    /// Flags `ARG` and `ENV` names that look like they hold a secret
    /// (`API_KEY`, `DB_PASSWORD`, `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`),
    /// also inside `ONBUILD`. A name is suspicious when it is on
    /// hadolint's list of known credential variables, contains one of
    /// hadolint's substrings (`password`, `secret`, `token`, `api_key`,
    /// `client_key`, `private`, `username`), or has one of BuildKit's
    /// tokens as a `_`-separated part (`key`, `auth`, `passwd`,
    /// `credentials` …) — unless a part of it is `public`, `file` or
    /// `version` (BuildKit's allow-list: `PUBLIC_KEY`,
    /// `PASSWORD_FILE`, `TOKENIZER_VERSION`).
    ///
    /// ## Why is this bad?
    /// Build arguments and `ENV` values are stored in the image: anyone who
    /// can pull it reads them with `docker history` or `docker inspect`.
    /// Pass secrets with `RUN --mount=type=secret` instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN --mount=type=secret,id=npm_token echo "//registry.npmjs.org/:_authToken=$(cat /run/secrets/npm_token)" > ~/.npmrc
    /// ```
    ///
    /// ## References
    /// - hadolint DL3064
    /// - BuildKit SecretsUsedInArgOrEnv
    /// - docker/buildx#3059 (the allow-list)
    ///
    /// ## Differences from hadolint
    /// Names with a `public`, `file` or `version` part are never flagged;
    /// BuildKit's tokens are flagged too; each name is reported at its own
    /// word rather than once per instruction.
    pub static RULE = {
        code: "DL3064",
        name: "secrets-in-arg-or-env",
        aliases: &["SecretsUsedInArgOrEnv"],
        family: Family::Security,
        severity: Severity::Warning,
        summary: "Potentially sensitive data should not be used in `ARG` or `ENV`",
        sources: &["hadolint DL3064", "BuildKit SecretsUsedInArgOrEnv"],
        check: check,
    }
}

/// Whether a variable name looks like it holds a secret.
pub(crate) fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split(['_', '-', '.']).collect();
    if parts.iter().any(|p| ALLOWED.contains(p)) {
        return false;
    }
    KNOWN.iter().any(|k| k.eq_ignore_ascii_case(name))
        || SUBSTRINGS.iter().any(|s| lower.contains(s))
        || parts.iter().any(|p| TOKENS.contains(p))
}

fn names(instruction: &Instruction) -> Vec<&Word> {
    match instruction.kind {
        InstructionKind::Arg => instruction.arg_decls().iter().map(|d| &d.name).collect(),
        InstructionKind::Env => instruction.key_values().iter().map(|p| &p.key).collect(),
        InstructionKind::Onbuild => instruction.trigger().map(names).unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for located in &model.instructions {
        for word in names(located.instruction) {
            if is_secret_name(&word.text) {
                checker.report(
                    word.span,
                    format!(
                        "`{}` looks like sensitive data: `ARG` and `ENV` values are stored in the image; use a secret mount",
                        word.text
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_secret_name;
    use crate::rules::dlb_helpers::test::found;

    #[test]
    fn names_and_the_allow_list() {
        for name in [
            "API_KEY",
            "GITHUB_TOKEN",
            "DB_PASSWORD",
            "aws_secret",
            "GPG_KEY",
            "DB_USERNAME",
            "MY_AUTH",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "PUBLIC_KEY",
            "PASSWORD_FILE",
            "TOKENIZER_VERSION",
            "PATH",
            "KEYBOARD",
            "MONKEY",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn each_name_at_its_word() {
        let text = "FROM alpine:3.20\nARG API_KEY\nENV PUBLIC_KEY=1 MY_PASSWORD=x\nONBUILD ARG GITHUB_TOKEN\n";
        assert_eq!(
            found("DL3064", text),
            vec![
                ("API_KEY".into(), 2, 5),
                ("MY_PASSWORD".into(), 3, 18),
                ("GITHUB_TOKEN".into(), 4, 13)
            ]
        );
    }
}
