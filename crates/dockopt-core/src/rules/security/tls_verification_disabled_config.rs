use crate::declare_rule;
use crate::model::shell::{Command, PackageManager, Word};
use crate::model::RunScript;
use crate::report::Severity;
use crate::rules::security_helpers::is_false;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags commands that tell a tool to stop verifying TLS certificates:
    /// - pip/uv `--trusted-host` (and uv's `--allow-insecure-host`), `pip
    ///   config set global.trusted-host …`;
    /// - npm/pnpm/yarn `config set strict-ssl false` (also `npm set`,
    ///   `strict-ssl=false`, yarn 2+'s `enableStrictSsl false`) and the
    ///   flags `--strict-ssl=false`/`--no-strict-ssl`;
    /// - `git config http.sslVerify false` (any scope, also
    ///   `http.<url>.sslVerify`) and `git -c http.sslVerify=false`;
    /// - `conda config --set ssl_verify false`;
    /// - `composer config disable-tls true` and `secure-http false`.
    ///
    /// The span is the option or setting name. Variables with the same
    /// effect (`NPM_CONFIG_STRICT_SSL`, `GIT_SSL_NO_VERIFY` …) are DO1017;
    /// curl and wget are DO1014.
    ///
    /// ## Why is this bad?
    /// With verification off, anyone on the network path (a proxy, a
    /// compromised mirror) can serve other packages or repository contents,
    /// which then run during the build and ship in the image. A
    /// configuration written with `config set` stays in the image's home
    /// directory and keeps applying at run time.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir --trusted-host pypi.internal -r requirements.txt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir --cert /etc/ssl/certs/internal-ca.pem -r requirements.txt
    /// ```
    ///
    /// ## References
    /// - Checkov CKV2_DOCKER_4 (pip `--trusted-host`) and CKV2_DOCKER_13
    ///   (npm/yarn `strict-ssl false`)
    /// - git-config(1) `http.sslVerify`; <https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-trusted-host>
    pub static RULE = {
        code: "DO1018",
        name: "tls-verification-disabled-config",
        aliases: &["CKV2_DOCKER_4", "CKV2_DOCKER_13"],
        family: Family::Security,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Do not configure pip, npm, yarn, git or conda to skip TLS checks",
        sources: &["Checkov CKV2_DOCKER_4", "Checkov CKV2_DOCKER_13"],
        check: check,
    }
}

/// Which settings are bad for a program: `(key matches, value is bad)`.
type Setting = (fn(&str) -> bool, fn(&str) -> bool);

fn any_value(v: &str) -> bool {
    !v.is_empty()
}

fn is_true(v: &str) -> bool {
    matches!(v.to_ascii_lowercase().as_str(), "true" | "1" | "yes" | "on")
}

fn settings_of(program: &str) -> Option<(&'static [&'static str], &'static [Setting])> {
    const NODE: &[Setting] = &[(|k| k == "strict-ssl" || k == "enablestrictssl", is_false)];
    const PIP: &[Setting] = &[(|k| k.ends_with(".trusted-host"), any_value)];
    const GIT: &[Setting] = &[(
        |k| k.starts_with("http.") && k.ends_with(".sslverify"),
        is_false,
    )];
    const CONDA: &[Setting] = &[(|k| k == "ssl_verify", is_false)];
    const COMPOSER: &[Setting] = &[
        (|k| k == "disable-tls", is_true),
        (|k| k == "secure-http", is_false),
    ];
    match program {
        "npm" | "pnpm" | "yarn" | "yarnpkg" => Some((&["set"], NODE)),
        "git" => Some((&["config"], GIT)),
        "conda" | "mamba" | "micromamba" => Some((&["--set"], CONDA)),
        "composer" => Some((&["config"], COMPOSER)),
        p if p.starts_with("pip") => Some((&["set"], PIP)),
        _ => None,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let mut seen = Vec::new();
    for script in &model.scripts {
        for command in &script.script.commands {
            if let Some(package) = command.package() {
                if matches!(package.manager, PackageManager::Pip | PackageManager::Uv) {
                    for flag in &package.args.flags {
                        if matches!(
                            flag.name.as_ref(),
                            "--trusted-host" | "--allow-insecure-host"
                        ) {
                            report(checker, script.file_span(flag.span), &flag.name, &mut seen);
                        }
                    }
                }
            }
            let Some(program) = command.program() else {
                continue;
            };
            let program = if program.starts_with("python") {
                "pip"
            } else {
                program
            };
            if matches!(program, "npm" | "pnpm" | "yarn" | "yarnpkg") {
                for word in command.arguments() {
                    if word.is("--no-strict-ssl")
                        || word
                            .literal()
                            .and_then(|v| v.strip_prefix("--strict-ssl="))
                            .is_some_and(is_false)
                    {
                        report(
                            checker,
                            script.file_span(word.span),
                            "strict-ssl",
                            &mut seen,
                        );
                    }
                }
            }
            if program == "git" {
                git_dash_c(checker, script, command, &mut seen);
            }
            let Some((after, settings)) = settings_of(program) else {
                continue;
            };
            config_set(checker, script, command, after, settings, &mut seen);
        }
    }
}

/// `… set KEY VALUE`, `… set KEY=VALUE` after one of the `after` words.
fn config_set(
    checker: &mut Checker<'_, '_>,
    script: &RunScript<'_>,
    command: &Command<'_>,
    after: &[&str],
    settings: &[Setting],
    seen: &mut Vec<dockopt_syntax::Span>,
) {
    let words: &[Word<'_>] = command.arguments();
    let Some(start) = words.iter().position(|w| after.iter().any(|a| w.is(a))) else {
        return;
    };
    let rest = words.get(start + 1..).unwrap_or(&[]);
    for (i, word) in rest.iter().enumerate() {
        let Some(value) = word.literal() else {
            continue;
        };
        if value.starts_with('-') {
            continue;
        }
        let (key, setting) = match value.split_once('=') {
            Some((k, v)) => (k, Some(v.to_string())),
            None => (
                value,
                rest.get(i + 1)
                    .and_then(|w| w.literal())
                    .map(str::to_string),
            ),
        };
        let lower = key.to_ascii_lowercase();
        let bad = settings.iter().any(|(matches_key, bad_value)| {
            matches_key(&lower) && setting.as_deref().is_some_and(bad_value)
        });
        if bad {
            let span = script.file_span(word.value_span(0, key.len()));
            report(checker, span, key, seen);
        }
        // Only the first KEY VALUE pair is a setting.
        break;
    }
}

/// `git -c http.sslVerify=false clone …`.
fn git_dash_c(
    checker: &mut Checker<'_, '_>,
    script: &RunScript<'_>,
    command: &Command<'_>,
    seen: &mut Vec<dockopt_syntax::Span>,
) {
    let words: &[Word<'_>] = command.arguments();
    for pair in words.windows(2) {
        let [flag, value] = pair else { continue };
        if !flag.is("-c") {
            continue;
        }
        let Some((key, setting)) = value.literal().and_then(|v| v.split_once('=')) else {
            continue;
        };
        let lower = key.to_ascii_lowercase();
        if lower.starts_with("http.") && lower.ends_with(".sslverify") && is_false(setting) {
            let span = script.file_span(value.value_span(0, key.len()));
            report(checker, span, key, seen);
        }
    }
}

fn report(
    checker: &mut Checker<'_, '_>,
    span: dockopt_syntax::Span,
    what: &str,
    seen: &mut Vec<dockopt_syntax::Span>,
) {
    if seen.contains(&span) {
        return;
    }
    seen.push(span);
    checker.report(
        span,
        format!("`{what}` turns off TLS certificate checks: install the CA certificate instead"),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::security_helpers::testing::spans;

    #[test]
    fn pip_trusted_host_spans_the_flag() {
        let text = "FROM python:3.12\nRUN pip install --trusted-host=pypi.internal x && python -m pip install --trusted-host h y\n";
        assert_eq!(
            spans(text, "DO1018"),
            [
                ("--trusted-host".to_string(), 2, 17),
                ("--trusted-host".to_string(), 2, 73)
            ]
        );
    }

    #[test]
    fn config_set_commands() {
        let text = "FROM node:22\nRUN npm config set strict-ssl false\nRUN yarn config set strict-ssl=false\nRUN git config --global http.sslVerify false\nRUN pip config set global.trusted-host pypi.internal\nRUN conda config --set ssl_verify no\n";
        assert_eq!(
            spans(text, "DO1018"),
            [
                ("strict-ssl".to_string(), 2, 20),
                ("strict-ssl".to_string(), 3, 21),
                ("http.sslVerify".to_string(), 4, 25),
                ("global.trusted-host".to_string(), 5, 20),
                ("ssl_verify".to_string(), 6, 24)
            ]
        );
    }

    #[test]
    fn git_dash_c_and_npm_flags() {
        let text = "FROM node:22\nRUN git -c http.sslVerify=false clone https://x/y.git && npm install --no-strict-ssl\n";
        assert_eq!(
            spans(text, "DO1018"),
            [
                ("http.sslVerify".to_string(), 2, 12),
                ("--no-strict-ssl".to_string(), 2, 70)
            ]
        );
    }

    #[test]
    fn heredoc_body() {
        let text = "FROM node:22\nRUN <<EOF\nnpm set strict-ssl false\nEOF\n";
        assert_eq!(spans(text, "DO1018"), [("strict-ssl".to_string(), 3, 9)]);
    }

    #[test]
    fn look_alikes_are_not_flagged() {
        let text = "FROM node:22\n# RUN npm config set strict-ssl false\nRUN npm config set strict-ssl true\nRUN git config --global http.sslVerify true\nRUN echo npm config set strict-ssl false\nRUN git config --global user.name sslverify\nRUN npm config set registry https://r/ && npm config get strict-ssl\n";
        assert!(spans(text, "DO1018").is_empty());
    }
}
