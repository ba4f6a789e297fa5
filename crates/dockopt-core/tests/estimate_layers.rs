//! The Dockerfile-level estimate against figures computed by hand from the
//! data files (crates/dockopt-core/src/estimate/data/*.tsv, generated from
//! ../shared/data), and its consistency rules: a base alone is its table
//! entry, each optimisation lowers the estimate by what the data implies,
//! and a delete in a later layer saves nothing.
//!
//! Rounding: `SizeRange::scale` rounds each bound to the nearest byte.

use dockopt_core::estimate::{
    assumptions, base_image, caches, estimate_dockerfile, fix_savings, format_bytes,
    savings_of_selection, summary::summarize, EstimateOptions, ImageEstimate, LayerKind,
    ProvenanceKind, SizeRange, WasteKind,
};
use dockopt_core::fix::FixSelection;

fn estimate(text: &str) -> ImageEstimate {
    estimate_dockerfile(text, &EstimateOptions::default())
}

fn run_layers(e: &ImageEstimate) -> Vec<&dockopt_core::estimate::LayerEstimate> {
    e.image_layers()
        .into_iter()
        .filter(|l| l.kind == LayerKind::Run)
        .collect()
}

#[test]
fn a_base_alone_is_its_table_entry() {
    for reference in [
        "debian:bookworm-slim",
        "python:3.12",
        "node:22-slim",
        "alpine:3.24",
        "scratch",
        "registry.example.com/team/app:1",
    ] {
        let e = estimate(&format!("FROM {reference}\n"));
        let table = base_image(reference).estimate;
        assert_eq!(e.total.uncompressed, table.uncompressed, "{reference}");
        assert_eq!(e.total.compressed, table.compressed, "{reference}");
    }
    // base_images.tsv: debian bookworm-slim, compressed 28232590,
    // uncompressed 78464942 "other-build" → ±5%: 74541694.9 → 74541695,
    // 82388189.1 → 82388189.
    let e = estimate("FROM debian:bookworm-slim\nENV A=1\nLABEL x=y\nCMD [\"bash\"]\n");
    assert_eq!(
        e.total.uncompressed,
        SizeRange::new(74_541_695, 78_464_942, 82_388_189)
    );
    assert_eq!(e.total.compressed, SizeRange::exact(28_232_590));
    // Metadata instructions are zero-size layers.
    let metadata: Vec<_> = e
        .image_layers()
        .into_iter()
        .filter(|l| l.kind == LayerKind::Metadata)
        .collect();
    assert_eq!(metadata.len(), 3);
    assert!(metadata
        .iter()
        .all(|l| l.size.uncompressed == SizeRange::ZERO));
    assert!(e.unknowns.is_empty());
    let notes = &e.image_layers()[0].notes;
    assert_eq!(notes[0], "debian:bookworm-slim, 2026-08-04 record");
}

#[test]
fn no_install_recommends_lowers_by_the_recommends_closure() {
    let with = estimate("FROM debian:bookworm-slim\nRUN apt-get install -y build-essential\n");
    let without = estimate(
        "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends build-essential\n",
    );
    // Reference BFS (tests/estimate_examples.rs): 126 packages / 392670 KiB
    // with Recommends, 56 / 315402 KiB without, × 0.65/0.85/1.0 on -slim:
    // with (261361152, 341779968, 402094080), without (209931571,
    // 274525901, 322971648) → the difference bound by bound.
    assert_eq!(
        with.total
            .uncompressed
            .sub_correlated(without.total.uncompressed),
        SizeRange::new(51_429_581, 67_254_067, 79_122_432)
    );
    assert_eq!(
        run_layers(&with)[0].label,
        "apt-get install: 126 package(s) with Recommends"
    );
    assert_eq!(
        run_layers(&without)[0].label,
        "apt-get install: 56 package(s)"
    );
    assert!(run_layers(&without)[0].notes.contains(
        &"Installed-Size of 56 packages, Debian 12 (bookworm), docs excluded (-slim)".to_string()
    ));
}

#[test]
fn removing_the_lists_in_the_same_run_lowers_by_the_lists_figure() {
    let keep = estimate(
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
    );
    let clean = estimate(
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
    );
    // caches.rs: 18 / 37.2 / 78 MB (the published savings).
    let lists = caches::apt_lists();
    assert_eq!(
        keep.total
            .uncompressed
            .sub_correlated(clean.total.uncompressed),
        SizeRange::new(18_000_000, 37_200_000, 78_000_000)
    );
    assert_eq!(
        keep.total.compressed.sub_correlated(clean.total.compressed),
        lists.compressed
    );
    assert_eq!(keep.wasted, lists.uncompressed);
    assert_eq!(clean.wasted, SizeRange::ZERO);
    let w = &run_layers(&keep)[0].wasted;
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].kind, WasteKind::CacheLeftBehind);
    // A cache mount keeps them out of the layer too.
    let mounted = estimate(
        "FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y --no-install-recommends curl\n",
    );
    assert_eq!(mounted.total, clean.total);
    // Removing them *before* `apt-get update` frees nothing: the update
    // writes them again.
    let too_early = estimate(
        "FROM debian:bookworm-slim\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y --no-install-recommends curl\n",
    );
    assert_eq!(too_early.total, keep.total);
}

#[test]
fn switching_full_to_slim_lowers_by_the_table_difference() {
    let install = "RUN apt-get install -y --no-install-recommends libpq-dev gcc\n";
    let full = estimate(&format!("FROM python:3.12\n{install}"));
    let slim = estimate(&format!("FROM python:3.12-slim\n{install}"));
    // python:3.12: uncompressed 1191853425 same-build, printed in GB →
    // ±5 MiB; libpq-dev and gcc are already on buildpack-deps: +0.
    assert_eq!(
        full.total.uncompressed,
        SizeRange::new(1_186_610_545, 1_191_853_425, 1_197_096_305)
    );
    // python:3.12-slim: 124990259 other-build ±5% → 118740746 /
    // 124990259 / 131239772; + 37 packages 203265024 B × 0.65/0.85/1.0 =
    // 132122266 / 172775270 / 203265024.
    assert_eq!(
        slim.total.uncompressed,
        SizeRange::new(250_863_012, 297_765_529, 334_504_796)
    );
    assert_eq!(
        full.total
            .uncompressed
            .sub_correlated(slim.total.uncompressed)
            .expected,
        1_191_853_425 - 297_765_529
    );
    // Compressed: 410908459 vs 43188023 + 203265024 × 0.85 / 2.8.
    assert_eq!(full.total.compressed.expected, 410_908_459);
    assert_eq!(slim.total.compressed.expected, 43_188_023 + 61_705_454);
}

#[test]
fn a_delete_in_a_later_layer_saves_nothing_and_shows_as_waste() {
    let install =
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n";
    let before = estimate(install);
    let after = estimate(&format!("{install}RUN rm -rf /var/lib/apt/lists/*\n"));
    assert_eq!(after.total, before.total);
    // Still wasted once (not twice), now because the later layer deleted it.
    assert_eq!(after.wasted, caches::apt_lists().uncompressed);
    let layers = run_layers(&after);
    assert_eq!(layers.len(), 2);
    assert_eq!(layers[1].size.uncompressed, SizeRange::ZERO);
    let waste = &layers[0].wasted;
    assert_eq!(waste.len(), 1);
    assert_eq!(waste[0].kind, WasteKind::DeletedInLaterLayer);
    let by = waste[0].by.expect("the deleting RUN");
    assert_eq!(by.start_position.line, 3);
    // Deleting a downloaded archive later: the download layer keeps it.
    let text = "FROM debian:bookworm-slim\nRUN curl -o /tmp/app.tar.gz https://example.com/app.tar.gz\nRUN rm /tmp/app.tar.gz\n";
    let e = estimate(text);
    let layers = run_layers(&e);
    assert_eq!(layers[1].size.uncompressed, SizeRange::ZERO);
    assert_eq!(layers[0].wasted[0].kind, WasteKind::DeletedInLaterLayer);
}

#[test]
fn apk_from_the_table_and_its_cache() {
    // alpine_apk.tsv: gcc 166723584; AlpinePackages ratio 2.10/2.3/2.92:
    // 166723584 / 2.92 = 57097117.8, / 2.3 = 72488514.8, / 2.10 = 79392182.9.
    let e = estimate("FROM alpine:3.24\nRUN apk add --no-cache gcc\n");
    let run = run_layers(&e)[0];
    assert_eq!(run.size.uncompressed, SizeRange::exact(166_723_584));
    assert_eq!(
        run.size.compressed,
        SizeRange::new(57_097_118, 72_488_515, 79_392_183)
    );
    let cached = estimate("FROM alpine:3.24\nRUN apk add gcc\n");
    // apk.rs: the index cache is an assumption of 1 / 2.5 / 4 MB.
    assert_eq!(
        cached
            .total
            .uncompressed
            .sub_correlated(e.total.uncompressed),
        SizeRange::new(1_000_000, 2_500_000, 4_000_000)
    );
}

#[test]
fn pip_from_the_table_with_and_without_its_cache() {
    // pypi.tsv: requests 2.34.2, wheel 73075, unpacked 234397 (pure) →
    // × 1.2 / 1.3 / 1.4 = 281276 / 304716 / 328156.
    let no_cache =
        estimate("FROM python:3.12-slim\nRUN pip install --no-cache-dir requests==2.34.2\n");
    assert_eq!(
        run_layers(&no_cache)[0].size.uncompressed,
        SizeRange::new(281_276, 304_716, 328_156)
    );
    let cached = estimate("FROM python:3.12-slim\nRUN pip install requests==2.34.2\n");
    let layer = run_layers(&cached)[0];
    // + the wheel, × 0.95 / 1.0 / 1.1: expected 73075, low 69421.
    assert_eq!(layer.size.uncompressed.expected, 304_716 + 73_075);
    assert_eq!(layer.size.uncompressed.low, 281_276 + 69_421);
    assert_eq!(layer.wasted[0].size.expected, 73_075);
    // PIP_NO_CACHE_DIR and a cache mount keep the cache out as well.
    for text in [
        "FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install requests==2.34.2\n",
        "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install requests==2.34.2\n",
        "FROM python:3.12-slim\nRUN pip install requests==2.34.2 && rm -rf ~/.cache\n",
    ] {
        assert_eq!(estimate(text).total, no_cache.total, "{text}");
    }
    // A requirements file is a range, not a fact.
    let req =
        estimate("FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n");
    assert_eq!(req.unknowns.len(), 1);
    assert_eq!(
        req.unknowns[0].range,
        assumptions::python_project("").uncompressed
    );
}

#[test]
fn npm_named_packages_and_the_cache_cleaned_in_the_same_run() {
    // npm.tsv: react 178663 + react-dom 8067632 = 8246295 unpacked;
    // tarballs 26394 + 1410652 = 1437046.
    let clean = estimate(
        "FROM node:22-slim\nWORKDIR /app\nRUN npm install react@19 react-dom && npm cache clean --force\n",
    );
    assert_eq!(
        run_layers(&clean)[0].size.uncompressed,
        SizeRange::exact(8_246_295)
    );
    let cached = estimate("FROM node:22-slim\nWORKDIR /app\nRUN npm install react@19 react-dom\n");
    assert_eq!(
        run_layers(&cached)[0].size.uncompressed.expected,
        8_246_295 + 1_437_046
    );
    // `npm ci` of an unknown package.json: a range, reported as unknown.
    let ci = estimate("FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\n");
    assert!(ci.unknowns.iter().any(|u| u.what.contains("package.json")));
}

#[test]
fn only_the_shipped_stage_counts_and_copies_bring_their_outputs() {
    let text = "FROM golang:1.23 AS build\nWORKDIR /src\nRUN apt-get update && apt-get install -y build-essential\nRUN go build -o /out/server ./cmd/server\nFROM scratch\nCOPY --from=build /out/server /server\n";
    let e = estimate(text);
    assert_eq!(e.shipped, Some(1));
    assert!(!e.stages[0].in_image);
    // The image is the copied binary alone: the Go-binary assumption.
    assert_eq!(
        e.total.uncompressed,
        assumptions::native_binary("").uncompressed
    );
    assert_eq!(e.unknowns.len(), 1);
    assert_eq!(e.unknown_total(), e.total.uncompressed);
    assert!(e.stages[0].feeds_image);
    assert_eq!(
        e.wasted,
        SizeRange::ZERO,
        "the builder's caches do not ship"
    );

    // pip --prefix in a builder, copied whole: exactly the builder's part.
    let text = "FROM python:3.12-slim AS build\nRUN pip install --no-cache-dir --prefix=/install requests\nFROM python:3.12-slim\nCOPY --from=build /install /usr/local\n";
    let e = estimate(text);
    let copy = e
        .image_layers()
        .into_iter()
        .find(|l| l.kind == LayerKind::CopyFrom)
        .expect("COPY --from");
    assert_eq!(
        copy.size.uncompressed,
        SizeRange::new(281_276, 304_716, 328_156)
    );
    assert!(e.unknowns.is_empty());
    // A stage built on another holds its layers.
    let e = estimate("FROM debian:bookworm-slim AS base\nRUN apt-get update\nFROM base\nENV A=1\n");
    assert_eq!(e.total, e.stages[0].total);
    assert_eq!(e.wasted, caches::apt_lists().uncompressed);
}

#[test]
fn parts_of_one_output_copied_apart_count_the_output_once() {
    // /install is one output of the builder (pip --prefix); two COPY
    // --from take parts of it. Each part alone may be all of it (its high
    // is the output's), but together they are at most the output: the
    // image's high is the base plus the output's high, not twice it, and
    // their expected figures together stay within the output's.
    let builder = "FROM python:3.12-slim AS build\nRUN pip install --no-cache-dir --prefix=/install requests\n";
    let whole = estimate(&format!(
        "{builder}FROM python:3.12-slim\nCOPY --from=build /install /usr/local\n"
    ));
    let parts_text = format!(
        "{builder}FROM python:3.12-slim AS runtime\nCOPY --from=build /install/lib /usr/local/lib\nCOPY --from=build /install/bin /usr/local/bin\n"
    );
    let parts = estimate(&parts_text);
    let base = base_image::base_image("python:3.12-slim")
        .estimate
        .uncompressed;
    let output = whole.total.uncompressed.sub_correlated(base);
    assert_eq!(output, SizeRange::new(281_276, 304_716, 328_156));
    let copies: Vec<_> = parts
        .image_layers()
        .into_iter()
        .filter(|l| l.kind == LayerKind::CopyFrom)
        .collect();
    assert_eq!(copies.len(), 2);
    for copy in &copies {
        assert_eq!(copy.size.uncompressed.low, 0);
        assert_eq!(copy.size.uncompressed.high, output.high, "{}", copy.label);
    }
    let expected: u64 = copies.iter().map(|l| l.size.uncompressed.expected).sum();
    assert!(expected <= output.expected);
    assert_eq!(parts.total.uncompressed.high, base.high + output.high);
    assert_eq!(parts.total.uncompressed.low, base.low);
    assert!(copies[0].notes.iter().all(|n| !n.contains("shares")));
    assert!(copies[1]
        .notes
        .iter()
        .any(|n| n.contains("shares") && n.contains("line 4")));
    // A stage built on that one takes its total as is (the shared high is
    // not taken off twice).
    let child = estimate(&format!("{parts_text}FROM runtime\nENV A=1\n"));
    assert_eq!(child.total, parts.total);
}

#[test]
fn pip_installs_into_the_venv_that_path_or_its_program_names() {
    // requests alone from pypi-wheel-sizes.tsv (the figure of the --prefix
    // case above) and the venv assumption: COPY --from the venv brings both.
    let requests = SizeRange::new(281_276, 304_716, 328_156);
    let venv = assumptions::venv("", true).uncompressed;
    let copied = |text: &str| {
        let e = estimate(text);
        let copy = e
            .image_layers()
            .into_iter()
            .find(|l| l.kind == LayerKind::CopyFrom)
            .expect("COPY --from")
            .clone();
        copy.size.uncompressed
    };
    let runtime = "FROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\n";
    for builder in [
        // PATH puts the venv's bin first.
        "FROM python:3.12 AS build\nRUN python -m venv /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\"\nRUN pip install --no-cache-dir requests\n",
        // The venv's pip named by its path.
        "FROM python:3.12 AS build\nRUN python3 -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir requests\n",
        // VIRTUAL_ENV, relative venv directory under WORKDIR.
        "FROM python:3.12 AS build\nWORKDIR /opt\nRUN python3.12 -m venv venv\nENV VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH\nRUN pip install --no-cache-dir requests\n",
    ] {
        assert_eq!(copied(&format!("{builder}{runtime}")), venv + requests, "{builder}");
    }
    // Without pip the venv is small, and pip still installs into it.
    let lean = assumptions::venv("", false).uncompressed;
    assert!(lean.high < venv.low);
    assert_eq!(
        copied(&format!("FROM python:3.12 AS build\nRUN python -m venv --without-pip /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nRUN pip install --no-cache-dir requests\n{runtime}")),
        lean + requests
    );
    // A PATH whose first entry is a system directory: pip installs into
    // the system site-packages, the venv copy is the venv alone.
    assert_eq!(
        copied(&format!("FROM python:3.12 AS build\nRUN python -m venv /opt/venv\nENV PATH=/usr/local/bin:/opt/venv/bin:$PATH\nRUN pip install --no-cache-dir requests\n{runtime}")),
        venv
    );
}

#[test]
fn uv_projects_install_into_their_venv() {
    let copied = |text: &str| {
        let e = estimate(text);
        e.image_layers()
            .into_iter()
            .find(|l| l.kind == LayerKind::CopyFrom && l.label.contains("from stage"))
            .expect("COPY --from a stage")
            .size
            .uncompressed
    };
    // `uv sync` installs the project into .venv of the working directory
    // (or $UV_PROJECT_ENVIRONMENT): the copy is the unknown-project range.
    let project = assumptions::python_project("").uncompressed;
    let sync = "FROM python:3.12-slim AS build\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --frozen --no-cache\n";
    assert_eq!(
        copied(&format!(
            "{sync}FROM python:3.12-slim\nCOPY --from=build /app/.venv /app/.venv\n"
        )),
        project
    );
    let env = "FROM python:3.12-slim AS build\nENV UV_PROJECT_ENVIRONMENT=/opt/env\nWORKDIR /app\nRUN uv sync --no-cache\n";
    assert_eq!(
        copied(&format!(
            "{env}FROM python:3.12-slim\nCOPY --from=build /opt/env /opt/env\n"
        )),
        project
    );
    // `uv venv DIR` seeds no pip; `uv pip install` goes into $VIRTUAL_ENV.
    let requests = SizeRange::new(281_276, 304_716, 328_156);
    let lean = assumptions::venv("", false).uncompressed;
    assert_eq!(
        copied("FROM python:3.12-slim AS build\nRUN uv venv /opt/venv\nENV VIRTUAL_ENV=/opt/venv\nRUN uv pip install --no-cache requests\nFROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\n"),
        lean + requests
    );
}

#[test]
fn arg_driven_tags_resolve_from_defaults_or_stay_unknown() {
    let e = estimate("ARG PY=3.12\nFROM python:${PY}-slim\n");
    assert_eq!(e.total, estimate("FROM python:3.12-slim\n").total);
    let e = estimate("ARG TAG\nFROM node:${TAG}\n");
    assert_eq!(e.unknowns.len(), 1);
    assert!(e.unknowns[0].what.contains("node"), "{:?}", e.unknowns);
    assert_eq!(e.total.weakest(), Some(ProvenanceKind::Unknown));
}

#[test]
fn the_build_context_is_unknown_unless_given() {
    let text = "FROM scratch\nCOPY . /app\n";
    let e = estimate(text);
    assert_eq!(
        e.total.uncompressed,
        SizeRange::new(0, 5_000_000, 1_000_000_000)
    );
    assert_eq!(e.unknowns.len(), 1);
    let given = estimate_dockerfile(
        text,
        &EstimateOptions {
            context_bytes: Some(1_234_567),
            ..EstimateOptions::default()
        },
    );
    assert_eq!(given.total.uncompressed, SizeRange::exact(1_234_567));
    assert!(given.unknowns.is_empty());
    // A heredoc is its exact length: "hello\n" = 6 bytes.
    let e = estimate("FROM scratch\nCOPY <<EOF /etc/motd\nhello\nEOF\n");
    assert_eq!(e.total.uncompressed, SizeRange::exact(6));
}

#[test]
fn chown_in_a_later_layer_ships_the_files_twice() {
    let text = "FROM node:22-slim\nWORKDIR /app\nRUN npm install react@19 react-dom && npm cache clean --force\nRUN chown -R node:node /app\n";
    let e = estimate(text);
    let layers = run_layers(&e);
    assert_eq!(layers[1].size.uncompressed, SizeRange::exact(8_246_295));
    assert_eq!(layers[0].wasted[0].kind, WasteKind::RewrittenInLaterLayer);
    assert_eq!(e.wasted, SizeRange::exact(8_246_295));
    // mkdir + chown of a new directory in the same RUN costs nothing.
    let e = estimate("FROM node:22-slim\nRUN mkdir -p /data && chown -R node /data\n");
    assert_eq!(run_layers(&e)[0].size.uncompressed, SizeRange::ZERO);
}

#[test]
fn savings_of_each_fix_and_of_the_selection() {
    let text =
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y build-essential\n";
    let options = EstimateOptions::default();
    let savings = fix_savings(text, &options);
    let lists = savings
        .iter()
        .find(|s| s.rule == "DL3009")
        .expect("DL3009 fix");
    assert_eq!(
        lists.saving,
        SizeRange::new(18_000_000, 37_200_000, 78_000_000)
    );
    let recommends = savings
        .iter()
        .find(|s| s.rule == "DL3015")
        .expect("DL3015 fix");
    assert_eq!(
        recommends.saving,
        SizeRange::new(51_429_581, 67_254_067, 79_122_432)
    );
    assert!(savings.iter().all(|s| s.applied));
    // Both together (unsafe fixes on, only these two switched on; other
    // rules' suggestions stay off): the two savings add up exactly.
    let selection = FixSelection {
        unsafe_fixes: true,
        enabled: [lists, recommends]
            .iter()
            .map(|s| s.fix_id.clone())
            .collect(),
        disabled: savings
            .iter()
            .filter(|s| s.rule != "DL3009" && s.rule != "DL3015")
            .map(|s| s.fix_id.clone())
            .collect(),
    };
    let both = savings_of_selection(text, &options, &selection);
    assert_eq!(both.applied.len(), 2);
    assert_eq!(both.saving, lists.saving + recommends.saving);
}

#[test]
fn the_summary_headline_and_scores() {
    // Pinned, numeric USER: no security rule fires (DL3066 would for `USER app`).
    let text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\nUSER 1001\n";
    let s = summarize(text, &EstimateOptions::default());
    assert_eq!(
        s.potential_safe,
        SizeRange::new(18_000_000, 37_200_000, 78_000_000)
    );
    let pct = dockopt_core::estimate::format::percent(37_200_000, s.current.uncompressed.expected);
    assert_eq!(s.potential_safe_percent, pct);
    assert_eq!(
        s.headline,
        format!(
            "Current Size: ~{}, Optimization Potential: ~37 MB ({pct}% reduction)",
            format_bytes(s.current.uncompressed.expected)
        )
    );
    // A numeric USER and no security rule fired: 10/10.
    assert_eq!(s.security.display, "10.0/10");
    // Size: −pct tenths for the potential, −0.5 for the DL3009 info.
    assert_eq!(s.size.tenths, 100 - pct as u32 - 5);
    // Only an unsafe fix (DL3015: a Recommends may be needed): the safe
    // potential is 0 and the headline says what the unsafe one would save,
    // which is that fix's own saving.
    let unsafe_text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*\nUSER 1001\n";
    let unsafe_only = summarize(unsafe_text, &EstimateOptions::default());
    let recommends = fix_savings(unsafe_text, &EstimateOptions::default())
        .into_iter()
        .find(|s| s.rule == "DL3015")
        .expect("DL3015 is priced");
    assert!(
        recommends.saving.expected > 0,
        "curl's Recommends cost bytes"
    );
    assert_eq!(unsafe_only.potential_safe, SizeRange::ZERO);
    assert_eq!(unsafe_only.potential_all, recommends.saving);
    assert!(
        unsafe_only.headline.ends_with(&format!(
            "~0 B (0% reduction); ~{} ({}%) with unsafe fixes and suggestions",
            format_bytes(unsafe_only.potential_all.expected),
            unsafe_only.potential_all_percent
        )),
        "{}",
        unsafe_only.headline
    );
    let root = summarize("FROM debian:bookworm-slim\n", &EstimateOptions::default());
    assert_eq!(root.security.tenths, 80);
    assert_eq!(root.size.tenths, 100);
}

#[test]
fn known_package_variables_are_read_and_purges_in_the_same_run_taken_back() {
    let direct = estimate(
        "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends curl\n",
    );
    let via_env = estimate(
        "FROM debian:bookworm-slim\nENV PKGS=\"curl\"\nRUN apt-get install -y --no-install-recommends $PKGS\n",
    );
    assert_eq!(via_env.total, direct.total);
    // An ARG without default stays unknown (counted, not guessed).
    let unknown = estimate(
        "FROM debian:bookworm-slim\nARG PKGS\nRUN apt-get install -y --no-install-recommends $PKGS\n",
    );
    assert_eq!(unknown.unknowns.len(), 1);
    assert!(unknown.unknowns[0].what.contains("$PKGS"));
    // Everything the install brought is purged again with --auto-remove:
    // the layer keeps none of it.
    let purged = estimate(
        "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends build-essential && apt-get purge -y --auto-remove build-essential\n",
    );
    assert_eq!(run_layers(&purged)[0].size.uncompressed, SizeRange::ZERO);
    // Without --auto-remove only build-essential itself goes: 20 KiB of
    // its 315402 KiB closure (debian_subset.tsv; reference BFS).
    let named = estimate(
        "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends build-essential && apt-get purge -y build-essential\n",
    );
    let full = estimate(
        "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends build-essential\n",
    );
    let kept = run_layers(&named)[0].size.uncompressed.expected as f64;
    let all = run_layers(&full)[0].size.uncompressed.expected as f64;
    assert!((kept / all - (1.0 - 20.0 / 315_402.0)).abs() < 1e-6);
}

#[test]
fn apk_virtual_groups_deleted_in_the_same_run_are_taken_back() {
    // alpine_apk.tsv: gcc 166723584, musl-dev 9670 KiB = 9902080.
    let group = estimate(
        "FROM alpine:3.24\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && make && apk del .build-deps\n",
    );
    let run = run_layers(&group)[0];
    assert_eq!(run.parts[0].estimate.uncompressed, SizeRange::ZERO);
    assert!(!run.parts[0].unknown, "known to be 0 B: all of it is gone");
    // Packages the table lacks, all deleted again: still 0 B, and not listed
    // among the unknowns (wagtail's bakerydemo builds its wheels this way).
    let unlisted = estimate(
        "FROM alpine:3.24\nRUN apk add --virtual .build-deps no-such-pkg another-one && make && apk del .build-deps\n",
    );
    let run = run_layers(&unlisted)[0];
    assert_eq!(run.parts[0].estimate.uncompressed, SizeRange::ZERO);
    assert!(
        unlisted
            .unknowns
            .iter()
            .all(|u| !u.what.starts_with("apk add")),
        "{:?}",
        unlisted.unknowns
    );
    let named = estimate("FROM alpine:3.24\nRUN apk add --no-cache gcc musl-dev && apk del gcc\n");
    assert_eq!(
        run_layers(&named)[0].size.uncompressed,
        SizeRange::exact(9_902_080)
    );
}

#[test]
fn moving_earlier_files_ships_them_twice_and_go_module_downloads_are_caches() {
    // The heredoc is "hello\n", 6 bytes; mv copies it into a new layer.
    let e = estimate("FROM alpine:3.24\nCOPY <<EOF /a/motd\nhello\nEOF\nRUN mv /a /b\n");
    let run = run_layers(&e)[0];
    assert_eq!(run.size.uncompressed, SizeRange::exact(6));
    assert_eq!(e.wasted, SizeRange::exact(6));
    let copy = e
        .image_layers()
        .into_iter()
        .find(|l| l.kind == LayerKind::Copy)
        .expect("COPY");
    assert_eq!(copy.wasted[0].kind, WasteKind::MovedInLaterLayer);
    // `go mod download` fills the module cache (assumption 20 MB–1 GB,
    // expected 200 MB), unless it is a cache mount.
    let e = estimate("FROM golang:1.23\nRUN go mod download\n");
    assert_eq!(
        run_layers(&e)[0].size.uncompressed,
        SizeRange::new(20_000_000, 200_000_000, 1_000_000_000)
    );
    let e =
        estimate("FROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n");
    assert_eq!(run_layers(&e)[0].size.uncompressed, SizeRange::ZERO);
}

#[test]
fn the_estimate_round_trips_through_json() {
    let text = dockopt_core::examples::EXAMPLES[0].text;
    let e = estimate(text);
    let json = serde_json::to_string(&e).expect("serializes");
    let back: ImageEstimate = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, e);
    assert!(json.contains("\"kind\":\"base-image\""));
}
