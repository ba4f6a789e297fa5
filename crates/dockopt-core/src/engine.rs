//! The analysis pipeline: text → syntax tree → model → rules → findings,
//! with the configuration (enabled rules, severities) and the suppression
//! pragmas applied, and every fix given its stable id.

use std::collections::BTreeMap;

use dockopt_syntax::{Dockerfile, NodeKind, TokenKind};

use crate::config::Config;
use crate::fix::{apply_fixes, Fix, FixOutcome, FixSelection};
use crate::model::Model;
use crate::pragma::{parse_comment, Pragma, PragmaScope};
use crate::report::{Finding, Report, Severity, Span, Suppressed};
use crate::rules::{self, Checker, Diagnostic, Rule};

/// What an analysis is given besides the text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    pub config: Option<&'a Config>,
    /// The text of the `.dockerignore` beside the Dockerfile, if known.
    pub dockerignore: Option<&'a str>,
}

/// The code reported for text the parser cannot read (hadolint's DL1000).
pub const SYNTAX_ERROR_CODE: &str = "DL1000";

/// Whether the configuration runs `rule`, and at which severity.
fn effective_severity(rule: &Rule, config: &Config) -> Option<Severity> {
    if config.rules.ignore.iter().any(|c| rule.answers_to(c)) {
        return None;
    }
    let configured = config
        .rules
        .severity
        .iter()
        .find(|(code, _)| rule.answers_to(code))
        .map(|(_, severity)| *severity);
    match configured {
        Some(severity) => Some(severity),
        None if rule.enabled_by_default => Some(rule.severity),
        None => None,
    }
}

/// The pragmas of a file, by the node (instruction) they apply to.
struct Pragmas {
    file: Vec<Pragma>,
    /// Node index → pragmas written right above it.
    next: BTreeMap<usize, Vec<Pragma>>,
    /// (first node index, stage index) → a stage pragma from that node on.
    stage: Vec<(usize, Pragma)>,
}

impl Pragmas {
    fn read(dockerfile: &Dockerfile) -> Pragmas {
        let mut pragmas = Pragmas {
            file: Vec::new(),
            next: BTreeMap::new(),
            stage: Vec::new(),
        };
        if let Some(directive) = dockerfile.directive(dockopt_syntax::DirectiveKind::Check) {
            let text = format!("# check={}", directive.value);
            pragmas.file.extend(parse_comment(&text, true));
        }
        let tokens = dockerfile.tokens();
        let nodes = dockerfile.nodes();
        let mut gap_start = 0;
        for (index, node) in nodes.iter().enumerate() {
            // The comment lines between the previous node and this one,
            // read upwards from this node until a blank line.
            let gap = tokens.get(gap_start..node.tokens.start).unwrap_or(&[]);
            let mut newlines_since_comment = 0;
            let mut adjacent = true;
            for token in gap.iter().rev() {
                match token.kind {
                    TokenKind::Newline => {
                        newlines_since_comment += 1;
                        if newlines_since_comment >= 2 {
                            adjacent = false;
                        }
                    }
                    TokenKind::Comment => {
                        newlines_since_comment = 0;
                        let Some(pragma) = parse_comment(dockerfile.token_text(token), false)
                        else {
                            continue;
                        };
                        match pragma.scope {
                            PragmaScope::File => pragmas.file.push(pragma),
                            PragmaScope::Stage => pragmas.stage.push((index, pragma)),
                            PragmaScope::NextInstruction if adjacent => {
                                pragmas.next.entry(index).or_default().push(pragma)
                            }
                            PragmaScope::NextInstruction => {}
                        }
                    }
                    _ => {}
                }
            }
            gap_start = node.tokens.end;
        }
        // Comments after the last node can still hold global pragmas.
        for token in tokens.get(gap_start..).unwrap_or(&[]) {
            if token.kind == TokenKind::Comment {
                if let Some(pragma) = parse_comment(dockerfile.token_text(token), false) {
                    if pragma.scope == PragmaScope::File {
                        pragmas.file.push(pragma);
                    }
                }
            }
        }
        pragmas
    }

    /// The pragma that suppresses `rule` at node `node` in stage `stage`.
    fn suppressing(
        &self,
        rule: &Rule,
        node: Option<usize>,
        stage: Option<usize>,
        stage_of_node: impl Fn(usize) -> Option<usize>,
    ) -> Option<&Pragma> {
        let covers = |p: &&Pragma| p.covers(rule.code, rule.aliases) || p.covers(rule.name, &[]);
        if let Some(p) = self.file.iter().find(covers) {
            return Some(p);
        }
        if let Some(node) = node {
            if let Some(p) = self.next.get(&node).and_then(|ps| ps.iter().find(covers)) {
                return Some(p);
            }
            let in_range = |&&(from, _): &&(usize, Pragma)| {
                from <= node && stage.is_some() && stage_of_node(from) == stage
            };
            if let Some((_, p)) = self.stage.iter().filter(in_range).find(|(_, p)| covers(&p)) {
                return Some(p);
            }
        }
        None
    }
}

fn describe(pragma: &Pragma) -> String {
    let dialect = match pragma.dialect {
        crate::pragma::PragmaDialect::Dockopt => "dockopt",
        crate::pragma::PragmaDialect::Hadolint => "hadolint",
        crate::pragma::PragmaDialect::BuildKit => "check",
    };
    let scope = match pragma.scope {
        PragmaScope::File => "global ",
        PragmaScope::Stage => "stage ",
        PragmaScope::NextInstruction => "",
    };
    let mut text = if pragma.dialect == crate::pragma::PragmaDialect::BuildKit {
        format!("# check=skip={}", pragma.codes.join(","))
    } else {
        format!("# {dialect} {scope}ignore={}", pragma.codes.join(","))
    };
    if let Some(reason) = &pragma.reason {
        text.push_str(&format!(" ({reason})"));
    }
    text
}

/// Run every enabled rule over a parsed file.
fn diagnostics(
    model: &Model<'_>,
    config: &Config,
    dockerignore: Option<&str>,
) -> Vec<(Diagnostic, Severity)> {
    let mut out = Vec::new();
    for rule in rules::all() {
        let Some(severity) = effective_severity(rule, config) else {
            continue;
        };
        let mut found = Vec::new();
        let mut checker = Checker::new(model, config, dockerignore, rule, &mut found);
        (rule.check)(&mut checker);
        out.extend(found.into_iter().map(|d| (d, severity)));
    }
    out
}

/// Analyse one Dockerfile.
pub fn analyze_with(text: &str, options: Options<'_>) -> Report {
    let default_config = Config::default();
    let config = options.config.unwrap_or(&default_config);
    let dockerfile = Dockerfile::parse(text);
    let model = Model::new(&dockerfile, config);
    let index = &model.line_index;
    let span_of = |s: dockopt_syntax::Span| Span::new(text, index, s.start, s.end);

    // The stage of a byte offset: that of the last instruction starting at
    // or before it.
    let stage_at = |offset: usize| -> Option<usize> {
        let i = model
            .instructions
            .partition_point(|l| l.instruction.span.start <= offset);
        i.checked_sub(1).and_then(|i| model.instructions[i].stage)
    };
    let node_index_at = |offset: usize| -> Option<usize> {
        let nodes = dockerfile.nodes();
        let i = nodes.partition_point(|n| n.full_span.end <= offset);
        (i < nodes.len() && nodes[i].full_span.start <= offset).then_some(i)
    };
    let stage_of_node = |node: usize| -> Option<usize> {
        dockerfile
            .nodes()
            .get(node)
            .and_then(|n| stage_at(n.span.start))
    };

    let mut findings = Vec::new();
    for node in dockerfile.nodes() {
        if let NodeKind::Error(error) = &node.kind {
            findings.push(Finding {
                code: SYNTAX_ERROR_CODE.into(),
                name: "syntax-error".into(),
                severity: Severity::Error,
                message: error.message.clone(),
                span: span_of(error.detail),
                stage: stage_at(node.span.start),
                docs: format!("rules/{SYNTAX_ERROR_CODE}"),
                fix: None,
            });
        }
    }

    let pragmas = Pragmas::read(&dockerfile);
    let mut suppressed = Vec::new();
    for (diagnostic, severity) in diagnostics(&model, config, options.dockerignore) {
        let rule = diagnostic.rule;
        let stage = stage_at(diagnostic.span.start);
        let finding = Finding {
            code: rule.code.into(),
            name: rule.name.into(),
            severity,
            message: diagnostic.message,
            span: span_of(diagnostic.span),
            stage,
            docs: format!("rules/{}", rule.code),
            fix: diagnostic.fix.map(|draft| Fix {
                id: String::new(),
                title: draft.title,
                applicability: draft.applicability,
                edits: draft.edits,
            }),
        };
        let node = node_index_at(diagnostic.span.start);
        match pragmas.suppressing(rule, node, stage, stage_of_node) {
            Some(pragma) => suppressed.push(Suppressed {
                finding,
                by: describe(pragma),
            }),
            None => findings.push(finding),
        }
    }
    crate::sort::sort_by(&mut findings, |a, b| {
        (a.span.start, &a.code, a.span.end).cmp(&(b.span.start, &b.code, b.span.end))
    });
    // Fix ids: the rule code and the fix's rank among that rule's fixes.
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for finding in &mut findings {
        if let Some(fix) = &mut finding.fix {
            let n = counts.entry(finding.code.clone()).or_default();
            *n += 1;
            fix.id = format!("{}:{}", finding.code, n);
        }
    }
    Report {
        findings,
        suppressed,
    }
}

/// The fixes available for a text (the findings' fixes, with their ids).
pub fn fixes(text: &str, options: Options<'_>) -> Vec<Fix> {
    analyze_with(text, options)
        .findings
        .into_iter()
        .filter_map(|f| f.fix)
        .collect()
}

/// Apply the selected fixes to a fixed point.
pub fn fix_text(text: &str, options: Options<'_>, selection: &FixSelection) -> FixOutcome {
    apply_fixes(text, selection, |current| fixes(current, options))
}

/// [`fix_text`] for a text already analysed: `report` is
/// `analyze_with(text, options)`, so its fixes are the first pass's and the
/// text is analysed again only after the first edits. Same outcome, one
/// analysis fewer (the playground re-fixes on every edit).
pub fn fix_text_after(
    text: &str,
    options: Options<'_>,
    report: &Report,
    selection: &FixSelection,
) -> FixOutcome {
    let mut first = Some(report);
    apply_fixes(text, selection, |current| match first.take() {
        Some(report) if current == text => report.fixes().cloned().collect(),
        _ => fixes(current, options),
    })
}

/// Which rules' fixes to apply (`dockopt fix --select/--ignore`), by code,
/// BuildKit name or rule name. An empty `select` selects every rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleFilter {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl RuleFilter {
    /// Whether fixes of the rule with this code are kept.
    pub fn keeps(&self, code: &str) -> bool {
        let names = |name: &String| {
            name.eq_ignore_ascii_case(code)
                || rules::find(code).is_some_and(|rule| rule.answers_to(name))
        };
        (self.select.is_empty() || self.select.iter().any(names)) && !self.ignore.iter().any(names)
    }

    /// The names in `select` and `ignore` that name no rule, for a usage
    /// error instead of a filter that silently keeps nothing.
    pub fn unknown_names(&self) -> Vec<&str> {
        self.select
            .iter()
            .chain(&self.ignore)
            .filter(|name| {
                rules::find(name).is_none() && !name.eq_ignore_ascii_case(SYNTAX_ERROR_CODE)
            })
            .map(String::as_str)
            .collect()
    }
}

/// Apply the selected fixes of the rules `filter` keeps, to a fixed point.
pub fn fix_text_filtered(
    text: &str,
    options: Options<'_>,
    selection: &FixSelection,
    filter: &RuleFilter,
) -> FixOutcome {
    apply_fixes(text, selection, |current| {
        analyze_with(current, options)
            .findings
            .into_iter()
            .filter(|finding| filter.keeps(&finding.code))
            .filter_map(|finding| finding.fix)
            .collect()
    })
}

#[cfg(test)]
mod filter_tests {
    use super::*;

    const TEXT: &str = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n";

    #[test]
    fn select_and_ignore_pick_rules_by_code_or_name() {
        // DL3015's fix is unsafe (a Recommends may be needed): opt in.
        let everything = FixSelection {
            unsafe_fixes: true,
            ..FixSelection::default()
        };
        // Other rules fix this text too; these two are the subject here.
        let both = RuleFilter {
            select: vec!["DL3009".into(), "apt-install-recommends".into()],
            ignore: vec![],
        };
        let all = fix_text_filtered(TEXT, Options::default(), &everything, &both);
        assert_eq!(all.applied.len(), 2, "{all:?}");
        let only_lists = RuleFilter {
            select: vec!["dl3009".into()],
            ignore: vec![],
        };
        let outcome = fix_text_filtered(TEXT, Options::default(), &everything, &only_lists);
        assert_eq!(outcome.applied.len(), 1);
        assert!(outcome.applied[0].id.starts_with("DL3009"));
        assert!(outcome.text.contains("rm -rf /var/lib/apt/lists/*"));
        assert!(!outcome.text.contains("--no-install-recommends"));
        let not_lists = RuleFilter {
            select: vec![],
            ignore: vec!["apt-lists-not-deleted".into()],
        };
        let outcome = fix_text_filtered(TEXT, Options::default(), &everything, &not_lists);
        assert!(outcome.applied.iter().all(|a| !a.id.starts_with("DL3009")));
        assert!(outcome.text.contains("--no-install-recommends"));
    }

    #[test]
    fn unknown_rule_names_are_reported() {
        let filter = RuleFilter {
            select: vec!["DL3009".into(), "DL9999".into()],
            ignore: vec!["no-such-rule".into()],
        };
        assert_eq!(filter.unknown_names(), vec!["DL9999", "no-such-rule"]);
    }
}
