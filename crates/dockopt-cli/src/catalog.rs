//! `dockopt rule CODE` and `dockopt rules`: the rule catalog as the core
//! declares it (the same docs the playground links to).

use dockopt_core::rules::{self, edit_distance, FixAvailability, Rule};
use serde_json::json;

use crate::cli::{ListFormat, RulesArgs};

fn fix_word(fix: FixAvailability) -> &'static str {
    match fix {
        FixAvailability::None => "none",
        FixAvailability::Safe => "safe",
        FixAvailability::Unsafe => "unsafe",
        FixAvailability::Suggestion => "suggestion",
        FixAvailability::Mixed => "mixed",
    }
}

/// The documentation of `rule` as Markdown, with its metadata on top.
pub fn rule_page(rule: &Rule) -> String {
    let mut out = format!("# {} {}\n\n", rule.code, rule.name);
    out.push_str(&format!(
        "{}\n\n- family: {}\n- default severity: {}{}\n- fix: {}\n",
        rule.summary,
        rule.family.as_str(),
        rule.severity.as_str(),
        if rule.enabled_by_default {
            ""
        } else {
            " (off by default)"
        },
        fix_word(rule.fix),
    ));
    if !rule.aliases.is_empty() {
        out.push_str(&format!("- also answers to: {}\n", rule.aliases.join(", ")));
    }
    out.push_str(&format!("- sources: {}\n\n", rule.sources.join("; ")));
    // The doc comment's lines start with the space after `///`.
    for line in rule.docs.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out
}

/// Rules whose code or name is close to `name`, for "did you mean".
pub fn similar_rules(name: &str) -> Vec<&'static str> {
    let wanted = name.to_ascii_lowercase();
    let mut scored: Vec<(usize, &'static str)> = rules::all()
        .map(|rule| {
            let code = edit_distance(&wanted, &rule.code.to_ascii_lowercase());
            let kebab = edit_distance(&wanted, rule.name);
            (code.min(kebab), rule.code)
        })
        .filter(|(distance, _)| *distance <= 2.max(wanted.len() / 4))
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, code)| code).collect()
}

/// The catalog, filtered by family, as text or JSON.
pub fn rules_listing(args: &RulesArgs) -> Result<String, String> {
    let family = args.family.as_deref().map(str::to_ascii_lowercase);
    let listed: Vec<&Rule> = rules::all()
        .filter(|r| family.as_deref().is_none_or(|f| r.family.as_str() == f))
        .collect();
    if listed.is_empty() {
        let families = [
            "correctness",
            "security",
            "size",
            "cache",
            "style",
            "buildkit",
        ];
        return Err(format!(
            "no rules in family `{}` (families: {})",
            args.family.as_deref().unwrap_or(""),
            families.join(", ")
        ));
    }
    Ok(match args.format {
        ListFormat::Json => {
            let rules: Vec<_> = listed
                .iter()
                .map(|r| {
                    json!({
                        "code": r.code,
                        "name": r.name,
                        "aliases": r.aliases,
                        "family": r.family.as_str(),
                        "severity": r.severity.as_str(),
                        "enabled_by_default": r.enabled_by_default,
                        "fix": fix_word(r.fix),
                        "summary": r.summary,
                        "sources": r.sources,
                    })
                })
                .collect();
            let mut out = serde_json::to_string_pretty(&rules).unwrap_or_else(|_| "[]".into());
            out.push('\n');
            out
        }
        ListFormat::Text => {
            let width = |f: fn(&Rule) -> usize| listed.iter().map(|r| f(r)).max().unwrap_or(0);
            let code_width = width(|r| r.code.len()).max(4);
            let name_width = width(|r| r.name.len()).max(4);
            let mut out = format!(
                "{:code_width$}  {:name_width$}  {:11}  {:8}  {:10}  summary\n",
                "code", "name", "family", "severity", "fix"
            );
            for r in &listed {
                let severity = if r.enabled_by_default {
                    r.severity.as_str().to_string()
                } else {
                    "off".to_string()
                };
                out.push_str(&format!(
                    "{:code_width$}  {:name_width$}  {:11}  {:8}  {:10}  {}\n",
                    r.code,
                    r.name,
                    r.family.as_str(),
                    severity,
                    fix_word(r.fix),
                    r.summary
                ));
            }
            out.push_str(&format!("{} rules\n", listed.len()));
            out
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("dl3009", "dl3009"), 0);
        assert_eq!(edit_distance("dl3090", "dl3009"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn near_misses_are_suggested() {
        assert_eq!(similar_rules("DK3009").first(), Some(&"DL3009"));
        assert!(similar_rules("apt-lists-not-delete").contains(&"DL3009"));
    }

    #[test]
    fn a_rule_page_has_metadata_and_docs() {
        let rule = rules::find("DL3009").expect("DL3009");
        let page = rule_page(rule);
        assert!(page.starts_with("# DL3009 apt-lists-not-deleted\n"));
        assert!(page.contains("- default severity: info"));
        assert!(page.contains("## Why is this bad?"));
        assert!(page.contains("```dockerfile\nFROM debian:bookworm-slim\n"));
    }
}
