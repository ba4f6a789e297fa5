use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::{FileTool, Invocation};
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::helpers::{append_to_script, mounts_cache_at};
use crate::rules::size_helpers::{built_on, known_var, runs, var_is_set};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `composer install`/`update`/`require` (also `global`) in a stage whose file
    /// system ships when Composer's download cache stays in the layer: no
    /// `--no-cache`, no `COMPOSER_CACHE_DIR=/dev/null`, no `composer
    /// clear-cache` or `rm` of the cache in the same RUN, and no cache
    /// mount on it.
    ///
    /// ## Why is this bad?
    /// Composer keeps a zip of every package it downloaded (in
    /// `~/.composer/cache`, or `/tmp/cache` in the official `composer`
    /// image), next to the unpacked copy in `vendor/`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM php:8.3-fpm
    /// COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
    /// RUN composer install --no-dev
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM php:8.3-fpm
    /// COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
    /// RUN composer install --no-dev && composer clear-cache
    /// ```
    ///
    /// ## Fix safety
    /// Appends `composer clear-cache`. Safe: the cache only speeds up later
    /// downloads; `vendor/` does not refer to it.
    ///
    /// ## Size impact
    /// About the compressed size of the installed packages. Our data has no
    /// Packagist sizes; for the comparable npm cache (compressed tarballs
    /// kept by npm) the published saving was 21.8 MB → 24 KB, 110 → 93.2 MB
    /// (nwtgck/piping-server#388, research §6).
    ///
    /// ## References
    /// - <https://getcomposer.org/doc/03-cli.md#clear-cache-clearcache-cc>
    /// - <https://getcomposer.org/doc/03-cli.md#composer-cache-dir>
    pub static RULE = {
        code: "DO2020",
        name: "composer-cache-left",
        family: Family::Size,
        severity: Severity::Info,
        fix: FixAvailability::Safe,
        summary: "Clear Composer's cache in the RUN that installs",
        sources: &["Composer docs: clear-cache, COMPOSER_CACHE_DIR", "nwtgck/piping-server#388"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, instruction) in runs(model) {
        if !ships(model, index)
            || known_var(model, index, "COMPOSER_CACHE_DIR").is_some_and(|v| v == "/dev/null")
            || var_is_set(model, index, "COMPOSER_CACHE_DIR")
        {
            continue;
        }
        let cache = if built_on(model, index, "composer") {
            "/tmp/cache"
        } else {
            "/root/.composer/cache"
        };
        if mounts_cache_at(instruction, cache) {
            continue;
        }
        let commands: Vec<_> = model
            .scripts_of(index)
            .flat_map(|s| s.script.commands.iter().map(move |c| (s, c)))
            .collect();
        let cleaned = commands.iter().any(|(_, c)| {
            let composer = matches!(c.program(), Some("composer" | "composer.phar"));
            let clears = c
                .arguments()
                .iter()
                .any(|w| w.is("clear-cache") || w.is("clearcache") || w.is("cc"));
            let removes = matches!(&c.invocation, Some(Invocation::File(op)) if op.tool == FileTool::Remove
                && op.paths().iter().any(|w| w.value.contains("composer") || w.value.contains(cache)));
            (composer && clears) || removes
        });
        if cleaned {
            continue;
        }
        let found = commands.iter().find_map(|(s, c)| {
            if !matches!(c.program(), Some("composer" | "composer.phar"))
                || c.arguments().iter().any(|w| w.is("--no-cache"))
                || c.assignment("COMPOSER_CACHE_DIR").is_some()
            {
                return None;
            }
            let sub = c
                .arguments()
                .iter()
                .find(|w| !w.value.starts_with('-') && !w.is("global"))?;
            matches!(
                sub.value.as_ref(),
                "install" | "i" | "update" | "u" | "upgrade" | "require" | "r"
            )
            .then(|| (*s, sub.span))
        });
        let Some((script, span)) = found else {
            continue;
        };
        let Some(last) = model.scripts_of(index).last() else {
            continue;
        };
        checker
            .report(
                script.file_span(span),
                "Composer leaves its download cache in this layer: add `composer clear-cache` to the RUN",
            )
            .fix(
                "Clear Composer's cache in the same RUN",
                Applicability::Safe,
                vec![append_to_script(last, "composer clear-cache")],
            );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, fix_all, spanned};

    #[test]
    fn flags_require_with_columns() {
        let text = "FROM php:8.3\nRUN composer global require \\\n    laravel/installer\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "require");
        assert_eq!(found[0].span.start_position.column, 21);
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM php:8.3\nRUN composer global require \\\n    laravel/installer && composer clear-cache\n"
        );
    }

    #[test]
    fn heredoc_install_gets_a_line_appended() {
        let text = "FROM php:8.3\nRUN <<EOF\nset -e\ncomposer install --no-dev\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "install");
        assert_eq!(found[0].span.start_position.line, 4);
        assert_eq!(found[0].span.start_position.column, 10);
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM php:8.3\nRUN <<EOF\nset -e\ncomposer install --no-dev\ncomposer clear-cache\nEOF\n"
        );
    }

    #[test]
    fn cleared_disabled_or_builder_caches_are_fine() {
        for text in [
            "FROM php:8.3\nRUN composer install && composer clear-cache\n",
            "FROM php:8.3\nRUN composer install --no-cache\n",
            "FROM php:8.3\nENV COMPOSER_CACHE_DIR=/dev/null\nRUN composer install\n",
            "FROM php:8.3\nRUN composer install && rm -rf /root/.composer/cache\n",
            "FROM composer:2 AS vendor\nRUN composer install\nFROM php:8.3\nCOPY --from=vendor /app/vendor /app/vendor\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
