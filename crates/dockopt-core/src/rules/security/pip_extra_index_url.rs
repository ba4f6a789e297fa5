use dockopt_syntax::Span;

use crate::declare_rule;
use crate::model::shell::PackageManager;
use crate::report::Severity;
use crate::rules::security_helpers::env_settings;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags pip's and uv's `--extra-index-url`, `pip config set
    /// global.extra-index-url …`, and the variables `PIP_EXTRA_INDEX_URL` /
    /// `UV_EXTRA_INDEX_URL` (ENV, ARG default, `export`, `NAME=value`
    /// prefix). The span is the option or the variable name.
    ///
    /// ## Why is this bad?
    /// With an extra index pip looks a name up in *every* index and takes
    /// the highest version it finds. When the extra index holds private
    /// packages, anyone who publishes a package of the same name with a
    /// higher version on PyPI gets their code installed instead
    /// ("dependency confusion"). Use a single index that proxies PyPI
    /// (`--index-url`), or uv's `--index-strategy first-index` default with
    /// explicit indexes, and pin hashes (`--require-hashes`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir --extra-index-url https://pypi.internal/simple mylib
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir --index-url https://pypi.internal/simple mylib
    /// ```
    ///
    /// ## References
    /// - Semgrep `dockerfile.security.dockerfile-pip-extra-index-url`
    ///   (dependency confusion)
    /// - <https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-extra-index-url>
    pub static RULE = {
        code: "DO1024",
        name: "pip-extra-index-url",
        aliases: &["dockerfile-pip-extra-index-url"],
        family: Family::Security,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Avoid pip --extra-index-url (dependency confusion)",
        sources: &["Semgrep dockerfile-pip-extra-index-url"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let mut seen: Vec<Span> = Vec::new();
    let mut found: Vec<(Span, String)> = Vec::new();
    for script in &model.scripts {
        for command in &script.script.commands {
            if let Some(package) = command.package() {
                if matches!(package.manager, PackageManager::Pip | PackageManager::Uv) {
                    for flag in package.args.flags_named("--extra-index-url") {
                        found.push((script.file_span(flag.span), "--extra-index-url".into()));
                    }
                }
            }
            let is_pip = command
                .program()
                .is_some_and(|p| p.starts_with("pip") || p.starts_with("python"));
            if !is_pip {
                continue;
            }
            let words = command.arguments();
            let Some(set) = words.iter().position(|w| w.is("set")) else {
                continue;
            };
            if !words.iter().take(set).any(|w| w.is("config")) {
                continue;
            }
            if let Some(key) = words.get(set + 1) {
                let value = key.value.to_ascii_lowercase();
                let name = value.split('=').next().unwrap_or("");
                if name.ends_with(".extra-index-url") {
                    let span = script.file_span(key.value_span(0, name.len()));
                    found.push((span, "extra-index-url".into()));
                }
            }
        }
    }
    for setting in env_settings(model) {
        let set = setting
            .value
            .as_deref()
            .is_none_or(|v| !v.trim().is_empty());
        if set
            && matches!(
                setting.name.as_str(),
                "PIP_EXTRA_INDEX_URL" | "UV_EXTRA_INDEX_URL"
            )
        {
            found.push((setting.name_span, setting.name.clone()));
        }
    }
    crate::sort::sort_by_key(&mut found, |(span, _)| span.start);
    for (span, what) in found {
        if seen.contains(&span) {
            continue;
        }
        seen.push(span);
        checker.report(
            span,
            format!("`{what}` lets PyPI packages shadow your private ones (dependency confusion): use a single --index-url"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::security_helpers::testing::spans;

    #[test]
    fn flags_options_and_variables() {
        let text = "FROM python:3.12\nENV PIP_EXTRA_INDEX_URL=https://p/simple\nRUN pip install --extra-index-url=https://p/simple x && uv pip install --extra-index-url https://p y\nRUN pip config set global.extra-index-url https://p\n";
        assert_eq!(
            spans(text, "DO1024"),
            [
                ("PIP_EXTRA_INDEX_URL".to_string(), 2, 5),
                ("--extra-index-url".to_string(), 3, 17),
                ("--extra-index-url".to_string(), 3, 72),
                ("global.extra-index-url".to_string(), 4, 20)
            ]
        );
    }

    #[test]
    fn heredoc_body() {
        let text = "FROM python:3.12\nRUN <<EOF\npython3 -m pip install --extra-index-url https://p x\nEOF\n";
        assert_eq!(
            spans(text, "DO1024"),
            [("--extra-index-url".to_string(), 3, 24)]
        );
    }

    #[test]
    fn look_alikes_are_fine() {
        let text = "FROM python:3.12\nRUN pip install --index-url https://p/simple x\nRUN echo pip install --extra-index-url https://p x\nARG PIP_EXTRA_INDEX_URL\nENV PIP_EXTRA_INDEX_URL=\n# RUN pip install --extra-index-url https://p x\nRUN pip install -r req.txt --trusted-host --extra-index-url\n";
        assert!(spans(text, "DO1024").is_empty());
    }
}
