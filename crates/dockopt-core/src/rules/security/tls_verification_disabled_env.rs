use crate::declare_rule;
use crate::report::Severity;
use crate::rules::security_helpers::{env_settings, is_false};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags variables that turn off TLS certificate or signature checks,
    /// set with `ENV`, an `ARG` default, `export` or a `NAME=value` prefix
    /// in a RUN:
    /// - `PYTHONHTTPSVERIFY=0` (Python's `urllib`/`http.client`);
    /// - `NODE_TLS_REJECT_UNAUTHORIZED=0` (Node.js);
    /// - `NPM_CONFIG_STRICT_SSL=false` (any case), `YARN_STRICT_SSL=false`,
    ///   `YARN_ENABLE_STRICT_SSL=false`;
    /// - `GIT_SSL_NO_VERIFY` with any value (git only asks whether it is set);
    /// - `PIP_TRUSTED_HOST` with any value;
    /// - `GOINSECURE` with any value, `GOFLAGS` containing `-insecure`,
    ///   `GOSUMDB=off`;
    /// - `BUNDLE_SSL_VERIFY_MODE=0` (Bundler).
    ///
    /// The span is the variable name. An `ARG` without a default sets
    /// nothing and is not flagged.
    ///
    /// ## Why is this bad?
    /// These variables make every later download of that tool accept any
    /// certificate (or skip the checksum database), so anyone on the
    /// network path can serve other packages. Set with `ENV`, they stay on
    /// in the running container too.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// ENV NODE_TLS_REJECT_UNAUTHORIZED=0
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY corporate-ca.crt /usr/local/share/ca-certificates/
    /// ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/corporate-ca.crt
    /// ```
    ///
    /// ## References
    /// - Checkov CKV2_DOCKER_5 (`PYTHONHTTPSVERIFY`), CKV2_DOCKER_6
    ///   (`NODE_TLS_REJECT_UNAUTHORIZED`), CKV2_DOCKER_12
    ///   (`NPM_CONFIG_STRICT_SSL`), CKV2_DOCKER_14 (`GIT_SSL_NO_VERIFY`),
    ///   CKV2_DOCKER_16 (`PIP_TRUSTED_HOST`), CKV2_DOCKER_18 (`GOINSECURE`)
    /// - git-config(1) `GIT_SSL_NO_VERIFY`; <https://go.dev/ref/mod#environment-variables>
    pub static RULE = {
        code: "DO1017",
        name: "tls-verification-disabled-env",
        aliases: &["CKV2_DOCKER_5", "CKV2_DOCKER_6", "CKV2_DOCKER_12", "CKV2_DOCKER_14", "CKV2_DOCKER_16", "CKV2_DOCKER_18"],
        family: Family::Security,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Do not turn off TLS or signature checks with environment variables",
        sources: &[
            "Checkov CKV2_DOCKER_5",
            "Checkov CKV2_DOCKER_6",
            "Checkov CKV2_DOCKER_12",
            "Checkov CKV2_DOCKER_14",
            "Checkov CKV2_DOCKER_16",
            "Checkov CKV2_DOCKER_18",
        ],
        check: check,
    }
}

/// Whether setting `name` to `value` (`None`: unknown) turns checks off.
fn disables(name: &str, value: Option<&str>) -> bool {
    let upper = name.to_ascii_uppercase();
    // Variables read case-sensitively by their tool.
    let exact = |n: &str| name == n;
    let unquoted = value.map(|v| v.trim());
    if exact("PYTHONHTTPSVERIFY") || exact("NODE_TLS_REJECT_UNAUTHORIZED") {
        return unquoted == Some("0");
    }
    if exact("BUNDLE_SSL_VERIFY_MODE") {
        return unquoted == Some("0");
    }
    if matches!(
        upper.as_str(),
        "NPM_CONFIG_STRICT_SSL" | "YARN_STRICT_SSL" | "YARN_ENABLE_STRICT_SSL"
    ) {
        return unquoted.is_some_and(is_false);
    }
    if exact("GIT_SSL_NO_VERIFY") {
        return true;
    }
    if exact("PIP_TRUSTED_HOST") || exact("GOINSECURE") {
        return unquoted.is_none_or(|v| !v.is_empty());
    }
    if exact("GOFLAGS") {
        return unquoted.is_some_and(|v| {
            v.split_whitespace()
                .any(|f| f == "-insecure" || f == "--insecure")
        });
    }
    if exact("GOSUMDB") {
        return unquoted == Some("off");
    }
    false
}

fn check(checker: &mut Checker<'_, '_>) {
    let mut seen = Vec::new();
    for setting in env_settings(checker.model) {
        if !disables(&setting.name, setting.value.as_deref()) || seen.contains(&setting.name_span) {
            continue;
        }
        seen.push(setting.name_span);
        checker.report(
            setting.name_span,
            format!(
                "`{}` turns off TLS or signature checks: install the CA certificate the tool needs instead",
                setting.name
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::security_helpers::testing::spans;

    #[test]
    fn env_arg_and_run_assignments() {
        let text = "FROM node:22\nENV A=1 PYTHONHTTPSVERIFY=0\nARG npm_config_strict_ssl=false\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci && export GIT_SSL_NO_VERIFY=1\n";
        assert_eq!(
            spans(text, "DO1017"),
            [
                ("PYTHONHTTPSVERIFY".to_string(), 2, 9),
                ("npm_config_strict_ssl".to_string(), 3, 5),
                ("NODE_TLS_REJECT_UNAUTHORIZED".to_string(), 4, 5),
                ("GIT_SSL_NO_VERIFY".to_string(), 4, 53)
            ]
        );
    }

    #[test]
    fn safe_values_are_not_flagged() {
        let text = "FROM node:22\nENV PYTHONHTTPSVERIFY=1 NODE_TLS_REJECT_UNAUTHORIZED=1 NPM_CONFIG_STRICT_SSL=true GOSUMDB=sum.golang.org\nARG GIT_SSL_NO_VERIFY\nARG PIP_TRUSTED_HOST=\nRUN echo NODE_TLS_REJECT_UNAUTHORIZED=0\n# ENV PYTHONHTTPSVERIFY=0\n";
        assert!(spans(text, "DO1017").is_empty());
    }

    #[test]
    fn legacy_env_form_and_arg_values() {
        let text = "FROM golang:1.23\nARG OFF=0\nENV PYTHONHTTPSVERIFY $OFF\nENV GOINSECURE example.com/*\nENV GOFLAGS=\"-mod=mod -insecure\"\n";
        assert_eq!(
            spans(text, "DO1017"),
            [
                ("PYTHONHTTPSVERIFY".to_string(), 3, 5),
                ("GOINSECURE".to_string(), 4, 5),
                ("GOFLAGS".to_string(), 5, 5)
            ]
        );
    }

    #[test]
    fn heredoc_body() {
        let text = "FROM python:3.12\nRUN <<EOF\nexport PIP_TRUSTED_HOST=pypi.internal\npip install x\nEOF\n";
        assert_eq!(
            spans(text, "DO1017"),
            [("PIP_TRUSTED_HOST".to_string(), 3, 8)]
        );
    }
}
