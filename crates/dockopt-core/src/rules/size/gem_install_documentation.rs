use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::{PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::helpers::{insert_after_subcommand, package_commands_of, subcommand_span};
use crate::rules::size_helpers::{built_on, runs};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `gem install` (and `gem update`) without `--no-document` (`-N`,
    /// or the old `--no-ri --no-rdoc` pair) in a stage whose file system
    /// ships.
    ///
    /// ## Why is this bad?
    /// RubyGems generates ri and RDoc documentation for every gem it
    /// installs unless told not to. Nobody reads it inside a container.
    ///
    /// Not flagged on the official `ruby` images, which already write
    /// `install: --no-document` and `update: --no-document` to
    /// `/usr/local/etc/gemrc`, nor after a RUN that writes a `gemrc`. `bundle install` does not generate documentation.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN gem install bundler
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN gem install --no-document bundler
    /// ```
    ///
    /// ## Fix safety
    /// Adds `--no-document` after `install`. Safe: documentation is never
    /// loaded by the gems themselves.
    ///
    /// ## Size impact
    /// Not estimated: our data has no gem sizes. The ri/RDoc output is
    /// generated from the gem's sources and grows with them; the official
    /// Ruby images turn it off for this reason (docker-library/ruby's
    /// `gemrc`).
    ///
    /// ## References
    /// - <https://guides.rubygems.org/command-reference/#gem-install>
    /// - docker-library/ruby: `Dockerfile.template` (`/usr/local/etc/gemrc`)
    pub static RULE = {
        code: "DO2008",
        name: "gem-install-documentation",
        family: Family::Size,
        severity: Severity::Info,
        fix: FixAvailability::Safe,
        summary: "Install gems with `--no-document`",
        sources: &["RubyGems command reference: gem install", "docker-library/ruby gemrc"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, _) in runs(model) {
        if !ships(model, index) || built_on(model, index, "ruby") {
            continue;
        }
        let stage = model.instructions.get(index).and_then(|l| l.stage);
        let gemrc_written = model.scripts.iter().any(|s| {
            s.instruction_index <= index && Some(s.stage) == stage && s.text().contains("gemrc")
        });
        if gemrc_written {
            continue;
        }
        for (script, command, package) in package_commands_of(model, index) {
            let documents = package.manager == PackageManager::Gem
                && matches!(
                    package.action,
                    PackageAction::Install | PackageAction::Upgrade
                )
                && !package.has_flag("-N")
                && !(package.has_flag("--no-ri") && package.has_flag("--no-rdoc"));
            if !documents {
                continue;
            }
            checker
                .report(
                    subcommand_span(script, command, package),
                    "gem generates ri/RDoc documentation here: add `--no-document`",
                )
                .fix(
                    "Add --no-document",
                    Applicability::Safe,
                    vec![insert_after_subcommand(script, package, " --no-document")],
                );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, fix_all, spanned};

    #[test]
    fn flags_install_in_heredocs_with_columns() {
        let text = "FROM alpine:3\nRUN <<EOF\napk add ruby\n  gem install rails -v 7.1\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "install");
        assert_eq!(found[0].span.start_position.line, 4);
        assert_eq!(found[0].span.start_position.column, 7);
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM alpine:3\nRUN <<EOF\napk add ruby\n  gem install --no-document rails -v 7.1\nEOF\n"
        );
    }

    #[test]
    fn official_ruby_images_gemrc_and_flags_are_fine() {
        for text in [
            "FROM ruby:3.3-slim\nRUN gem install bundler\n",
            "FROM docker.io/library/ruby:3.3\nRUN gem install bundler\n",
            "FROM debian:12\nRUN gem install -N bundler\n",
            "FROM debian:12\nRUN gem install --no-ri --no-rdoc bundler\n",
            "FROM debian:12\nRUN echo 'gem: --no-document' > /etc/gemrc\nRUN gem install bundler\n",
            "FROM debian:12 AS b\nRUN gem install bundler\nFROM scratch\nCOPY --from=b /a /a\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
