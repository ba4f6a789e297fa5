use crate::rules::buildkit_helpers::literal_expose_ports;

use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags an `EXPOSE` port with an IP address or a host port
    /// (`127.0.0.1:80:80`, `8080:80`). Ports written with variables are
    /// skipped.
    ///
    /// ## Why is this bad?
    /// `EXPOSE` only documents the container port; the mapping to the host
    /// is chosen when the container runs (`docker run -p`). Docker ignores
    /// the extra parts today and will refuse them in a future release.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// EXPOSE 127.0.0.1:8080:80
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// EXPOSE 80
    /// ```
    ///
    /// ## Fix safety
    /// Keeps only the container port (and protocol). A suggestion: the
    /// host mapping has to move to `docker run -p` or a compose file.
    ///
    /// ## References
    /// - BuildKit build check `ExposeInvalidFormat`
    /// - <https://docs.docker.com/reference/build-checks/expose-invalid-format/>
    pub static RULE = {
        code: "ExposeInvalidFormat",
        name: "expose-invalid-format",
        family: Family::BuildKit,
        severity: Severity::Warning,
        fix: FixAvailability::Suggestion,
        summary: "IP address and host-port mapping should not be used in EXPOSE instruction",
        sources: &["BuildKit ExposeInvalidFormat"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    for word in literal_expose_ports(checker.model) {
        let Some(colon) = word.text.rfind(':') else {
            continue;
        };
        let container = &word.text[colon + 1..];
        let diagnostic = checker.report(
            word.span,
            format!(
                "EXPOSE instruction should not define an IP address or host-port mapping, found '{}'",
                word.text
            ),
        );
        if word.verbatim && !container.is_empty() {
            diagnostic.fix(
                format!("Expose only `{container}`"),
                Applicability::Suggestion,
                vec![Edit::replace(word.span.start, word.span.end, container)],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze;

    #[test]
    fn mappings_are_flagged_word_by_word() {
        let text = "FROM a\nEXPOSE 80 8080:80/udp [::1]:53:53 $P:1\n";
        let found: Vec<_> = analyze(text)
            .findings
            .into_iter()
            .filter(|f| f.code == "ExposeInvalidFormat")
            .collect();
        let spans: Vec<(&str, u32, &str)> = found
            .iter()
            .map(|f| {
                let fix = f
                    .fix
                    .as_ref()
                    .map_or("", |x| x.edits[0].replacement.as_str());
                (
                    &text[f.span.start..f.span.end],
                    f.span.start_position.column,
                    fix,
                )
            })
            .collect();
        assert_eq!(
            spans,
            vec![("8080:80/udp", 11, "80/udp"), ("[::1]:53:53", 23, "53")]
        );
    }
}
