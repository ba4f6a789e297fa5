use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::size_helpers::{known_var, runs};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `composer install` without `--no-dev` in a stage whose file
    /// system ships (unless `COMPOSER_NO_DEV=1` is set).
    ///
    /// ## Why is this bad?
    /// `require-dev` holds test frameworks, static analysers and debug
    /// tools (phpunit, phpstan, mockery …). Shipped, they cost space and
    /// widen the attack surface of a production image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM php:8.3-fpm
    /// COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
    /// COPY composer.json composer.lock ./
    /// RUN composer install --optimize-autoloader
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM php:8.3-fpm
    /// COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
    /// COPY composer.json composer.lock ./
    /// RUN composer install --no-dev --optimize-autoloader
    /// ```
    ///
    /// ## Fix safety
    /// Adds `--no-dev` after `install`. Unsafe: the application may use a
    /// package listed only in `require-dev`, and scripts run by later steps
    /// (tests) will miss their tools.
    ///
    /// ## Size impact
    /// The `vendor/` size of the dev packages. Our data has no Packagist
    /// sizes, so no figure is estimated; the published npm analogue (dev
    /// tools such as webpack at 14.1 MB unpacked, before their own
    /// dependencies, ../shared/data/npm-package-sizes.tsv) shows the order
    /// of magnitude of build-only tooling.
    ///
    /// ## References
    /// - <https://getcomposer.org/doc/03-cli.md#install-i>
    pub static RULE = {
        code: "DO2019",
        name: "composer-dev-dependencies",
        family: Family::Size,
        severity: Severity::Warning,
        fix: FixAvailability::Unsafe,
        summary: "Install Composer packages with `--no-dev` in the image",
        sources: &["Composer docs: install --no-dev"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, _) in runs(model) {
        if !ships(model, index)
            || known_var(model, index, "COMPOSER_NO_DEV").is_some_and(|v| v == "1" || v == "true")
        {
            continue;
        }
        for script in model.scripts_of(index) {
            for command in &script.script.commands {
                if !matches!(command.program(), Some("composer" | "composer.phar")) {
                    continue;
                }
                let args = command.arguments();
                let Some(sub) = args.iter().find(|w| !w.value.starts_with('-')) else {
                    continue;
                };
                if !(sub.is("install") || sub.is("i")) || args.iter().any(|w| w.is("--no-dev")) {
                    continue;
                }
                if command.assignment("COMPOSER_NO_DEV").is_some() {
                    continue;
                }
                let span = script.file_span(sub.span);
                checker
                    .report(
                        span,
                        "`composer install` installs require-dev packages too: add `--no-dev`",
                    )
                    .fix(
                        "Add --no-dev",
                        Applicability::Unsafe,
                        vec![Edit::insert(span.end, " --no-dev")],
                    );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, fix_all, spanned};

    #[test]
    fn flags_install_in_heredocs() {
        let text = "FROM php:8.3\nRUN <<EOF\ncomposer --no-interaction install\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "install");
        assert_eq!(found[0].span.start_position.line, 3);
        assert_eq!(found[0].span.start_position.column, 27);
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM php:8.3\nRUN <<EOF\ncomposer --no-interaction install --no-dev\nEOF\n"
        );
    }

    #[test]
    fn no_dev_require_env_and_builders_are_fine() {
        for text in [
            "FROM php:8.3\nRUN composer install --no-dev\n",
            "FROM php:8.3\nRUN composer require monolog/monolog\n",
            "FROM php:8.3\nENV COMPOSER_NO_DEV=1\nRUN composer install\n",
            "FROM composer:2 AS vendor\nRUN composer install\nFROM php:8.3\nCOPY --from=vendor /app/vendor /app/vendor\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
