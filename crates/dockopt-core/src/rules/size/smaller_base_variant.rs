use dockopt_syntax::{ImageRef, Span};

use crate::declare_rule;
use crate::estimate::base_image::{
    base_image as estimate_base, BaseImageMatch, SmallerVariant, Variant,
};
use crate::fix::{Applicability, Edit};
use crate::model::{Base, Model};
use crate::report::Severity;
use crate::rewrite::ecosystem::chain;
use crate::rewrite::ecosystem::slim_tag;
use crate::rewrite::{detect, Ecosystem};
use crate::rules::helpers::is_apt;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags the base image of the shipped image when the base image table
    /// knows a smaller variant of the same image and version: the `-slim`
    /// tag of a full (buildpack-deps based) image, or `-alpine` when no slim
    /// tag exists and the switch is plausible (not Python, no apt in the
    /// Dockerfile). When the table only has another version of the image
    /// (`python:3.14` against its `python:3.12` rows), the slim tag of the
    /// version as written is suggested (`3.14-slim`) and the message says
    /// the sizes are the nearest row's. Builder stages are not flagged:
    /// their size does not ship, and neither are toolchain images
    /// (`golang`, `rust`, `maven`, `gradle`), which need a builder stage
    /// rather than a smaller tag (DO2101), nor stages that install build
    /// dependencies (compilers, `-dev` headers), which DO2101 splits first.
    ///
    /// ## Why is this bad?
    /// The full tags of the language images are built on buildpack-deps:
    /// compilers, headers, version control and hundreds of libraries most
    /// applications never load. They make the image several times larger,
    /// slower to pull and a larger attack surface.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR /app
    /// COPY . .
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY . .
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix safety
    /// The fix changes the tag (registry and path stay as written). It is
    /// unsafe: the slim variant lacks what the full one had — `gcc`,
    /// `make`, `git`, `curl`, `-dev` headers — so a RUN that compiles a
    /// native module or downloads with curl must now install them (or move
    /// to a builder stage). Alpine uses musl instead of glibc: prebuilt
    /// native modules and wheels for glibc do not load, and it is never
    /// suggested for Python, where it turns wheel installs into source
    /// builds. Not offered for references with variables or digests.
    ///
    /// ## Size impact
    /// Both sizes come from the base image table (`estimate::base_image`,
    /// the compressed size of the linux/amd64 image as recorded from the
    /// registry, with the record date). For example `node:22` is 408 MB
    /// and `node:22-slim` 80 MB compressed (2026-09-19); `python:3.12`
    /// 411 MB and `python:3.12-slim` 43 MB.
    ///
    /// ## References
    /// - <https://hub.docker.com/_/node> ("Image Variants")
    /// - <https://hub.docker.com/_/python> ("Image Variants")
    pub static RULE = {
        code: "DO2100",
        name: "smaller-base-variant",
        family: Family::Size,
        severity: Severity::Info,
        fix: FixAvailability::Unsafe,
        summary: "A smaller variant of the shipped base image exists",
        sources: &["Docker Official Images: image variants", "dockopt base image table"],
        check: check,
    }
}

fn megabytes(bytes: u64) -> String {
    (bytes.saturating_add(500_000) / 1_000_000).to_string()
}

/// The variant to suggest, if one is plausible.
fn choose(
    model: &Model<'_>,
    shipped: usize,
    current: Variant,
    variants: &[SmallerVariant],
) -> Option<SmallerVariant> {
    if let Some(slim) = variants.iter().find(|v| v.variant == Variant::Slim) {
        return Some(slim.clone());
    }
    let stages = chain(model, shipped);
    let python = matches!(detect(model, shipped), Some(Ecosystem::Python(_)));
    let uses_apt = model
        .scripts
        .iter()
        .filter(|s| stages.contains(&s.stage))
        .flat_map(|s| s.script.package_commands())
        .any(|(_, p)| is_apt(p.manager))
        || model
            .scripts
            .iter()
            .filter(|s| stages.contains(&s.stage))
            .flat_map(|s| s.script.commands.iter())
            .any(|c| c.program() == Some("dpkg"));
    if current != Variant::Full || python || uses_apt {
        return None;
    }
    variants
        .iter()
        .find(|v| v.variant == Variant::Alpine)
        .cloned()
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let Some(shipped) = model.shipped else {
        return;
    };
    let Some(&root) = chain(model, shipped).first() else {
        return;
    };
    let Some(stage) = model.stages.get(root) else {
        return;
    };
    let Base::Image { reference, unknown } = &stage.base else {
        return;
    };
    if !unknown.is_empty() {
        return;
    }
    let Some(word) = stage.from.as_from().and_then(|f| f.image()) else {
        return;
    };
    let estimate = estimate_base(reference);
    // Toolchain images need a builder stage (DO2101), not a smaller tag.
    let name = reference.rsplit('/').next().unwrap_or("");
    if ["golang", "rust", "maven", "gradle"]
        .iter()
        .any(|t| name.split(':').next() == Some(t))
    {
        return;
    }
    // A stage that compiles needs a builder stage first (DO2101); a smaller
    // tag is then a question for the runtime stage.
    if crate::rewrite::split::shipped_build_packages(model, shipped).is_some() {
        return;
    }
    let exact = estimate.matched == BaseImageMatch::Exact;
    let Some(variant) = choose(model, shipped, estimate.variant, &estimate.smaller_variants) else {
        return;
    };
    // Another version's row: only its slim line says the slim tag exists;
    // the tag keeps the version that is written.
    if !exact && variant.variant != Variant::Slim {
        return;
    }
    let written_tag = ImageRef::parse(reference)
        .tag()
        .unwrap_or("latest")
        .to_string();
    let new_tag = if exact {
        variant
            .reference
            .rsplit_once(':')
            .map_or("", |(_, tag)| tag)
            .to_string()
    } else {
        slim_tag(&written_tag)
    };
    let current = estimate.estimate.compressed.expected;
    let musl = if variant.variant == Variant::Alpine {
        " (Alpine uses musl: glibc-only native modules will not load)"
    } else {
        ""
    };
    let row = estimate.row.as_deref().unwrap_or(reference);
    let sizes = format!(
        "`{row}` is about {} MB compressed; `{}` is about {} MB (base image table, {}){musl}",
        megabytes(current),
        variant.reference,
        megabytes(variant.compressed_bytes),
        variant.record_date
    );
    let message = if exact {
        sizes
    } else {
        format!("`{reference}` has a `{new_tag}` variant; the table's nearest row: {sizes}")
    };
    let edit = retag(word, &new_tag);
    let diagnostic = checker.report(word.span, message);
    if let Some(edit) = edit {
        diagnostic.fix(
            format!("Use the `{new_tag}` tag"),
            Applicability::Unsafe,
            vec![edit],
        );
    }
}

/// An edit that gives the image word the tag `tag`.
fn retag(word: &dockopt_syntax::Word, tag: &str) -> Option<Edit> {
    let text = word.text.as_str();
    if tag.is_empty() || !word.verbatim || text.contains('$') || text.contains('@') {
        return None;
    }
    let image = ImageRef::parse(text);
    match image.tag {
        Some(range) => {
            let span = Span::new(word.span.start + range.start, word.span.start + range.end);
            Some(Edit::replace(span.start, span.end, tag))
        }
        None => Some(Edit::insert(word.span.end, format!(":{tag}"))),
    }
}

#[cfg(test)]
mod tests {

    fn findings(text: &str) -> Vec<(String, String)> {
        crate::rewrite::analyze_enabled("DO2100", text)
            .findings
            .into_iter()
            .filter(|f| f.code == "DO2100")
            .map(|f| (text[f.span.start..f.span.end].to_string(), f.message))
            .collect()
    }

    #[test]
    fn on_by_default() {
        let report = crate::analyze("FROM python:3.12\nCMD [\"python\"]\n");
        assert!(report.findings.iter().any(|f| f.code == "DO2100"));
    }

    #[test]
    fn message_gives_both_sizes_from_the_table() {
        let found = findings("FROM python:3.12 AS app\nCMD [\"python\"]\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "python:3.12");
        assert_eq!(
            found[0].1,
            "`python:3.12` is about 411 MB compressed; `python:3.12-slim` is about 43 MB (base image table, 2026-08-05)"
        );
    }

    #[test]
    fn registry_is_kept_and_builder_stages_are_ignored() {
        assert_eq!(
            crate::rewrite::fix_only("DO2100", "FROM docker.io/library/node:22\nCMD x\n"),
            "FROM docker.io/library/node:22-slim\nCMD x\n"
        );
        let builder =
            "FROM node:22 AS build\nRUN npm ci\nFROM node:22-slim\nCOPY --from=build /a /a\n";
        assert!(findings(builder).is_empty());
    }

    #[test]
    fn another_version_keeps_its_version_and_toolchains_are_left_to_do2101() {
        let found = findings("FROM python:3.14\nCMD [\"python\"]\n");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].1.starts_with(
                "`python:3.14` has a `3.14-slim` variant; the table's nearest row: `python:3.12`"
            ),
            "{}",
            found[0].1
        );
        assert_eq!(
            crate::rewrite::fix_only("DO2100", "FROM python:3.14\nCMD x\n"),
            "FROM python:3.14-slim\nCMD x\n"
        );
        assert!(findings("FROM golang:latest\nCMD x\n").is_empty());
        assert!(findings("FROM python:3.12\nRUN apt-get install -y gcc\nCMD x\n").is_empty());
    }

    #[test]
    fn no_fix_for_digests_or_variables() {
        let text = "FROM node:22@sha256:0000000000000000000000000000000000000000000000000000000000000000\n";
        let report = crate::rewrite::analyze_enabled("DO2100", text);
        let finding = report.findings.iter().find(|f| f.code == "DO2100");
        assert!(finding.is_some_and(|f| f.fix.is_none()));
        let variable = "ARG V=22\nFROM node:${V}\n";
        let report = crate::rewrite::analyze_enabled("DO2100", variable);
        let finding = report.findings.iter().find(|f| f.code == "DO2100");
        assert!(finding.is_some_and(|f| f.fix.is_none()));
    }
}
