use crate::declare_rule;
use crate::model::shell::{PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::dla_helpers::{is_unpinned_name, report_unpinned};
use crate::rules::{Checker, Family};

declare_rule! {
    /// ## What it does
    /// Flags each gem of a `gem install` written without a version
    /// (`gem install rails:7.1.3`), unless the command gives one with
    /// `-v`/`--version`. Local `.gem` files are not flagged. The finding
    /// points at the gem name.
    ///
    /// ## Differences from hadolint
    /// `gem install $GEMS` is not reported (unknown, not unpinned); heredoc
    /// bodies are read as shell; one finding per unpinned gem.
    /// `ONBUILD RUN` triggers are checked too.
    ///
    /// ## Why is this bad?
    /// An unpinned gem is whatever rubygems.org serves at build time: builds
    /// are not reproducible, and a new major version can break the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ruby:3.3-slim
    /// RUN gem install bundler
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM ruby:3.3-slim
    /// RUN gem install bundler:2.5.16
    /// ```
    ///
    /// ## References
    /// - hadolint DL3028
    pub static RULE = {
        code: "DL3028",
        name: "gem-unpinned-package",
        family: Family::Correctness,
        severity: Severity::Warning,
        summary: "Pin versions in `gem install`",
        sources: &["hadolint DL3028"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    report_unpinned(
        checker,
        |_, p| {
            p.manager == PackageManager::Gem
                && p.action == PackageAction::Install
                && !p.has_flag("-v")
        },
        is_unpinned_name,
        |name| format!("Pin versions in gem install: `{name}:<version>`"),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::dla_helpers::test::{findings, spans};

    #[test]
    fn pins_and_version_flags() {
        let text = "FROM ruby:3.3\nRUN gem install rails:7.1 puma && gem install -v 1.2 nokogiri && gem install --version=2 x\n";
        assert_eq!(spans(text, "DL3028"), vec!["puma"]);
        let f = &findings(text, "DL3028")[0];
        assert_eq!(f.span.start_position.column, 27);
    }

    #[test]
    fn variables_and_heredocs() {
        let text = "FROM ruby:3.3\nRUN gem install $GEMS\nRUN <<EOF\ngem i bundler\nEOF\n";
        assert_eq!(spans(text, "DL3028"), vec!["bundler"]);
    }
}
