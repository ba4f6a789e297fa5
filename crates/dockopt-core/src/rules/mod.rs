//! The rule framework and the catalog.
//!
//! A rule is one file, `rules/<family>/<rule_name>.rs`, declared with
//! [`declare_rule!`]: its doc comment is its documentation (with the fixed
//! headings **What it does**, **Why is this bad?**, **Example**, **Use
//! instead**, **Fix safety**, **Size impact**, **References**), its metadata
//! sits next to it, and its `check` function reports findings through a
//! [`Checker`]. Each family's `mod.rs` lists its rules in `RULES`; adding a
//! rule touches its own file and that one line.
//!
//! Codes: hadolint's `DLxxxx` where the meaning is the same (so existing
//! `# hadolint ignore=` pragmas keep working); BuildKit's check name where
//! BuildKit has the rule and hadolint does not; our own `DOxxxx` otherwise
//! (`DO1xxx` security, `DO2xxx` size, `DO3xxx` build cache, `DO4xxx`
//! correctness). BuildKit names of rules that hadolint also has are aliases.

use serde::Serialize;

use dockopt_syntax::Span;

use crate::config::Config;
use crate::fix::{Applicability, Edit};
use crate::model::Model;
use crate::report::Severity;

pub mod buildkit;
pub mod cache;
pub mod correctness;
pub mod security;
pub mod size;
pub mod style;

pub(crate) mod buildkit_helpers;
pub(crate) mod dla_helpers;
pub(crate) mod dlb_helpers;
#[cfg(test)]
mod docs_tests;
pub(crate) mod helpers;
pub(crate) mod label_helpers;
pub(crate) mod security_helpers;
pub(crate) mod size_helpers;

/// Levenshtein distance over bytes, for "did you mean" suggestions (the
/// BuildKit rules' and the CLI's unknown-rule hints).
pub use buildkit_helpers::edit_distance;
#[cfg(test)]
pub(crate) mod test_support;

/// What a rule is about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Correctness,
    Security,
    Size,
    Cache,
    Style,
    BuildKit,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Correctness => "correctness",
            Family::Security => "security",
            Family::Size => "size",
            Family::Cache => "cache",
            Family::Style => "style",
            Family::BuildKit => "buildkit",
        }
    }
}

/// Whether a rule's findings come with a fix, and how safe it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixAvailability {
    None,
    Safe,
    Unsafe,
    Suggestion,
    /// Some findings get a safe fix, others an unsafe one or a suggestion.
    Mixed,
}

/// A rule: metadata, documentation and the check.
#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    /// Other names the rule answers to in pragmas and config (BuildKit's
    /// check name when hadolint's code is the main one).
    pub aliases: &'static [&'static str],
    pub family: Family,
    pub severity: Severity,
    /// Off by default (like hadolint's DL1001, DL3057): enabled by giving it
    /// a severity in the config.
    pub enabled_by_default: bool,
    pub fix: FixAvailability,
    /// One line, shown in the catalog.
    pub summary: &'static str,
    /// Where the rule's meaning comes from (hadolint rule, BuildKit check,
    /// Trivy/Checkov id, published measurement).
    pub sources: &'static [&'static str],
    /// The Markdown documentation (the doc comment).
    pub docs: &'static str,
    pub check: fn(&mut Checker<'_, '_>),
}

fn no_check(_: &mut Checker<'_, '_>) {}

impl Rule {
    /// Defaults for [`declare_rule!`]'s struct update.
    pub const DEFAULT: Rule = Rule {
        code: "",
        name: "",
        aliases: &[],
        family: Family::Correctness,
        severity: Severity::Warning,
        enabled_by_default: true,
        fix: FixAvailability::None,
        summary: "",
        sources: &[],
        docs: "",
        check: no_check,
    };

    /// Whether `name` (a code, alias or kebab-case name) names this rule.
    pub fn answers_to(&self, name: &str) -> bool {
        self.code.eq_ignore_ascii_case(name)
            || self.name.eq_ignore_ascii_case(name)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    }

    /// The text of a `## Heading` section of the docs, without the heading.
    pub fn docs_section(&self, heading: &str) -> Option<&'static str> {
        docs_section(self.docs, heading)
    }
}

/// The text under `## heading` up to the next `## `.
pub fn docs_section<'a>(docs: &'a str, heading: &str) -> Option<&'a str> {
    let mut offset = 0;
    for line in docs.split_inclusive('\n') {
        let title = line.trim().strip_prefix("## ");
        offset += line.len();
        if title.is_some_and(|t| t.trim().eq_ignore_ascii_case(heading)) {
            let rest = &docs[offset..];
            let end = rest
                .match_indices("\n")
                .map(|(i, _)| i + 1)
                .find(|&i| rest[i..].trim_start_matches(' ').starts_with("## "))
                .unwrap_or(rest.len());
            return Some(&rest[..end]);
        }
    }
    None
}

/// The first fenced code block of a docs section.
pub fn first_code_block(section: &str) -> Option<String> {
    let mut lines = section.lines().map(|l| l.strip_prefix(' ').unwrap_or(l));
    lines.find(|l| l.trim_start().starts_with("```"))?;
    let mut out = String::new();
    for line in lines {
        if line.trim_start().starts_with("```") {
            return Some(out);
        }
        out.push_str(line);
        out.push('\n');
    }
    None
}

/// Declare a rule: the doc comment becomes [`Rule::docs`], the fields are
/// those of [`Rule`] (unset ones take [`Rule::DEFAULT`]).
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $ident:ident = { $($field:ident : $value:expr),* $(,)? }
    ) => {
        $(#[doc = $doc])*
        $vis static $ident: $crate::rules::Rule = $crate::rules::Rule {
            docs: $crate::__rule_docs!(concat!($($doc, "\n"),*)),
            $($field: $value,)*
            ..$crate::rules::Rule::DEFAULT
        };
    };
}

/// A rule's documentation text, or `""` when the `docs` feature is off:
/// the playground's wasm leaves the ~190 KB of Markdown out (about 45 KB
/// gzip of the page budget); the CLI and the tests keep it.
#[cfg(feature = "docs")]
#[doc(hidden)]
#[macro_export]
macro_rules! __rule_docs {
    ($docs:expr) => {
        $docs
    };
}

#[cfg(not(feature = "docs"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __rule_docs {
    ($docs:expr) => {
        ""
    };
}

/// A fix a rule proposes, before the engine gives it its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixDraft {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// A finding as a rule reports it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub span: Span,
    pub message: String,
    pub fix: Option<FixDraft>,
}

impl Diagnostic {
    /// Attach a fix.
    pub fn fix(
        &mut self,
        title: impl Into<String>,
        applicability: Applicability,
        edits: Vec<Edit>,
    ) {
        self.fix = Some(FixDraft {
            title: title.into(),
            applicability,
            edits,
        });
    }
}

/// What a rule's check sees, and where it reports.
pub struct Checker<'m, 'd> {
    pub model: &'m Model<'d>,
    pub config: &'m Config,
    /// The `.dockerignore` next to the Dockerfile, when one was given.
    pub dockerignore: Option<&'m str>,
    rule: &'static Rule,
    out: &'m mut Vec<Diagnostic>,
}

impl<'m, 'd> Checker<'m, 'd> {
    pub fn new(
        model: &'m Model<'d>,
        config: &'m Config,
        dockerignore: Option<&'m str>,
        rule: &'static Rule,
        out: &'m mut Vec<Diagnostic>,
    ) -> Self {
        Checker {
            model,
            config,
            dockerignore,
            rule,
            out,
        }
    }

    /// The Dockerfile text.
    pub fn text(&self) -> &'d str {
        self.model.text
    }

    /// Report a finding of the running rule at `span` (the exact offending
    /// text). Returns it so a fix can be attached.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.out.push(Diagnostic {
            rule: self.rule,
            span,
            message: message.into(),
            fix: None,
        });
        let last = self.out.len() - 1;
        &mut self.out[last]
    }
}

/// Every rule, family by family.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    [
        correctness::RULES,
        security::RULES,
        size::RULES,
        cache::RULES,
        style::RULES,
        buildkit::RULES,
    ]
    .into_iter()
    .flat_map(|rules| rules.iter().copied())
}

/// The rule with this code, alias or name.
pub fn find(name: &str) -> Option<&'static Rule> {
    all().find(|r| r.answers_to(name))
}
