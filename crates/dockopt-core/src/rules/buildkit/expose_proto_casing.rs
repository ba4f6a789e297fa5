use crate::rules::buildkit_helpers::literal_expose_ports;

use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags an `EXPOSE` protocol that is not lower case (`80/TCP`). Ports
    /// written with variables are skipped.
    ///
    /// ## Why is this bad?
    /// Docker accepts the protocol in any case but records it in lower case;
    /// writing `tcp`/`udp` matches what `docker inspect` shows and what other
    /// tools compare against.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// EXPOSE 80/TcP
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// EXPOSE 80/tcp
    /// ```
    ///
    /// ## Fix safety
    /// Lower-cases the protocol. Safe: Docker lower-cases it anyway.
    ///
    /// ## References
    /// - BuildKit build check `ExposeProtoCasing`
    /// - <https://docs.docker.com/reference/build-checks/expose-proto-casing/>
    pub static RULE = {
        code: "ExposeProtoCasing",
        name: "expose-proto-casing",
        family: Family::BuildKit,
        severity: Severity::Warning,
        fix: FixAvailability::Safe,
        summary: "Protocol in EXPOSE instruction should be lowercase",
        sources: &["BuildKit ExposeProtoCasing"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    for word in literal_expose_ports(checker.model) {
        // The protocol follows the last `/` of the container part.
        let container_start = word.text.rfind(':').map_or(0, |c| c + 1);
        let Some(slash) = word.text[container_start..].find('/') else {
            continue;
        };
        let start = container_start + slash + 1;
        let end = word.text[start..]
            .find('/')
            .map_or(word.text.len(), |i| start + i);
        let proto = &word.text[start..end];
        if proto.is_empty() || proto == proto.to_ascii_lowercase() {
            continue;
        }
        let span = word.sub_span(start..end).unwrap_or(word.span);
        let diagnostic = checker.report(
            span,
            format!(
                "Defined protocol '{}' in EXPOSE instruction should be lowercase",
                word.text
            ),
        );
        if span != word.span || word.text.len() == proto.len() {
            diagnostic.fix(
                format!("Write `{}`", proto.to_ascii_lowercase()),
                Applicability::Safe,
                vec![Edit::replace(
                    span.start,
                    span.end,
                    proto.to_ascii_lowercase(),
                )],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze;

    #[test]
    fn the_protocol_is_the_span() {
        let text = "FROM a\nEXPOSE 53/UDP 80 8080:80/Tcp 443/tcp ${P}/TCP\n";
        let found: Vec<_> = analyze(text)
            .findings
            .into_iter()
            .filter(|f| f.code == "ExposeProtoCasing")
            .collect();
        let spans: Vec<(&str, u32)> = found
            .iter()
            .map(|f| {
                (
                    &text[f.span.start..f.span.end],
                    f.span.start_position.column,
                )
            })
            .collect();
        assert_eq!(spans, vec![("UDP", 11), ("Tcp", 26)]);
        let fixed = crate::fix_text(text, Default::default(), &Default::default()).text;
        assert!(
            fixed.contains("EXPOSE 53/udp 80 8080:80/tcp 443/tcp ${P}/TCP"),
            "{fixed}"
        );
    }
}
