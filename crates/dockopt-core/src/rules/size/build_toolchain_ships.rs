use dockopt_syntax::{InstructionKind, Span};

use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::Model;
use crate::report::Severity;
use crate::rewrite::ecosystem::base_image;
use crate::rewrite::split::{is_node_build, plan_split, shipped_build_packages};
use crate::rewrite::{detect, Ecosystem};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a shipped image that carries its build toolchain:
    /// - it is built on a toolchain image (`golang`, `rust`, `maven`,
    ///   `gradle`, a JDK image that runs Maven or Gradle);
    /// - its Dockerfile installs compilers, `-dev` headers, `git` or
    ///   `build-essential` (Python build dependencies such as `gcc`,
    ///   `musl-dev`, `libpq-dev` included);
    /// - a single-stage Node build ships its devDependencies and build
    ///   caches (`npm run build` in the stage that runs);
    /// - a Next.js runner copies the whole `node_modules` instead of the
    ///   standalone output.
    ///
    /// Only the shipped stage and the stages it is built on are looked at:
    /// toolchains in builder stages are what builder stages are for.
    ///
    /// ## Why is this bad?
    /// The program needs its build output, not the tools that made it: the
    /// Go toolchain is about 300 MB compressed for a binary of 10–30 MB,
    /// Rust's about 320 MB, a JDK with Maven about 175 MB against a JRE's
    /// 121 MB less the build cache. Compilers and headers in the image also
    /// give an attacker a way to build tools inside it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /out/server ./cmd/server
    /// EXPOSE 8080
    /// CMD ["/out/server"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server
    ///
    /// FROM gcr.io/distroless/static-debian12:nonroot AS runtime
    /// COPY --from=build /out/server /out/server
    /// EXPOSE 8080
    /// CMD ["/out/server"]
    /// ```
    ///
    /// ## Fix safety
    /// A suggestion: a single-stage file is split into a builder (the
    /// original stage, named `build`) and a runtime stage appended at the
    /// end; CMD, ENTRYPOINT, EXPOSE, HEALTHCHECK, LABEL, STOPSIGNAL and
    /// VOLUME move there with their comments, ENV lines are repeated there.
    /// Per ecosystem:
    /// - Go: `CGO_ENABLED=0` on `go build`, the `-o` binary on
    ///   `gcr.io/distroless/static-debian12:nonroot`;
    /// - Rust: the `target/…` binary the CMD runs on
    ///   `gcr.io/distroless/cc-debian12` (or `-debian13`, matching the
    ///   builder's glibc), or `debian:*-slim` with `libssl3` when the build
    ///   installs `libssl-dev`;
    /// - Java: the jar `java -jar` runs on `eclipse-temurin:<version>-jre`;
    /// - Next.js: `.next/standalone`, `.next/static` and `public` on the
    ///   slim Node image, run with `node server.js`;
    /// - Node: `npm prune --omit=dev` after the build, the app directory on
    ///   the slim Node image;
    /// - Python: a venv at `/opt/venv` filled by the builder's `pip install`,
    ///   copied with the app directory into `python:<version>-slim`, with
    ///   the runtime libraries of the `-dev` packages (`libpq-dev` →
    ///   `libpq5`).
    ///
    /// The fix title lists what it assumed (the binary is all the program
    /// needs, `output: 'standalone'` in next.config, the jar is
    /// self-contained…). The runtime stage only has what the ecosystem
    /// copies, so the split is not offered when the builder puts files
    /// elsewhere: a COPY outside the app directory, a Node or Python RUN of
    /// anything but the package managers (a `curl | sh` installer, `npm
    /// install -g`). System packages the build installs do not reach a Go,
    /// Rust, Java or Node runtime: the title names them as an assumption (a
    /// Python runtime installs them again, with the runtime libraries of
    /// the `-dev` packages). Not offered either for files with several
    /// stages, a USER, a shell-form CMD for Go, Rust or Java, or paths
    /// with variables; the
    /// message then says why.
    ///
    /// ## Size impact
    /// The base image table (`estimate::base_image`): `golang` is 312 MB
    /// compressed against about 2 MB for distroless static; `python:3.12`
    /// 411 MB against 43 MB for `python:3.12-slim`; `node:22` 408 MB
    /// against 80 MB for `node:22-slim`; `eclipse-temurin:21-jdk` 230 MB
    /// against 121 MB for the JRE.
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/multi-stage/>
    /// - <https://nextjs.org/docs/app/api-reference/config/next-config-js/output>
    /// - <https://github.com/GoogleContainerTools/distroless>
    pub static RULE = {
        code: "DO2101",
        name: "build-toolchain-ships",
        family: Family::Size,
        severity: Severity::Warning,
        fix: FixAvailability::Suggestion,
        summary: "The shipped image carries its build toolchain: split into builder and runtime stages",
        sources: &["Docker docs: multi-stage builds", "dockopt base image table"],
        check: check,
    }
}

fn megabytes(bytes: u64) -> String {
    (bytes.saturating_add(500_000) / 1_000_000).to_string()
}

/// Why the shipped image is flagged, and where.
struct Reason {
    span: Span,
    message: String,
}

fn toolchain_image(
    model: &Model<'_>,
    shipped: usize,
    ecosystem: Option<Ecosystem>,
) -> Option<Reason> {
    let image = base_image(model, shipped)?;
    let stage = model.stages.get(image.stage)?;
    let word = stage.from.as_from()?.image()?;
    let jdk = matches!(
        image.name.as_str(),
        "eclipse-temurin" | "openjdk" | "amazoncorretto"
    ) && image.tag.to_ascii_lowercase().contains("jdk")
        && matches!(ecosystem, Some(Ecosystem::Maven | Ecosystem::Gradle));
    let what = match image.name.as_str() {
        "golang" => "the Go toolchain",
        "rust" => "the Rust toolchain",
        "maven" => "a JDK and Maven",
        "gradle" => "a JDK and Gradle",
        _ if jdk => "a full JDK",
        _ => return None,
    };
    let estimate = crate::estimate::base_image::base_image(&image.reference);
    let size = match estimate.matched {
        crate::estimate::base_image::BaseImageMatch::Unknown { .. } => String::new(),
        _ => format!(
            " (about {} MB compressed)",
            megabytes(estimate.estimate.compressed.expected)
        ),
    };
    Some(Reason {
        span: word.span,
        message: format!(
            "The shipped image is built on `{}`: {what}{size} ships with the program",
            word.text
        ),
    })
}

fn build_packages(model: &Model<'_>, shipped: usize) -> Option<Reason> {
    let (span, found) = shipped_build_packages(model, shipped)?;
    Some(Reason {
        span,
        message: format!(
            "Build dependencies ship in the image ({}): build in a builder stage and copy only the result",
            found.join(", ")
        ),
    })
}

fn node_build(model: &Model<'_>, shipped: usize) -> Option<Reason> {
    if model.stages.len() != 1 {
        return None;
    }
    let script_command = model
        .scripts
        .iter()
        .filter(|s| s.stage == shipped)
        .flat_map(|s| s.script.commands.iter().map(move |c| (s, c)))
        .find(|(_, c)| is_node_build(c))?;
    let (script, command) = script_command;
    Some(Reason {
        span: script.file_span(command.span),
        message: format!(
            "`{}` runs in the shipped stage: devDependencies, sources and build caches ship with the output",
            script.file_span(command.span).text(model.text)
        ),
    })
}

fn next_runner_copies_node_modules(model: &Model<'_>, shipped: usize) -> Option<Reason> {
    if !matches!(detect(model, shipped), Some(Ecosystem::Node { next: true })) {
        return None;
    }
    let stage = model.stages.get(shipped)?;
    for index in stage.body.clone() {
        let instruction = model.instructions.get(index)?.instruction;
        if instruction.kind != InstructionKind::Copy || instruction.flag("from").is_none() {
            continue;
        }
        let source = instruction
            .paths()?
            .sources()
            .iter()
            .find(|w| w.text.trim_end_matches('/').ends_with("node_modules"));
        if let Some(word) = source {
            return Some(Reason {
                span: word.span,
                message: "The Next.js runner copies all of node_modules: build with `output: 'standalone'` and copy .next/standalone, .next/static and public instead".into(),
            });
        }
    }
    None
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let Some(shipped) = model.shipped else {
        return;
    };
    let ecosystem = detect(model, shipped);
    let reason = toolchain_image(model, shipped, ecosystem)
        .or_else(|| build_packages(model, shipped))
        .or_else(|| node_build(model, shipped))
        .or_else(|| next_runner_copies_node_modules(model, shipped));
    let Some(reason) = reason else {
        return;
    };
    let split = match ecosystem {
        Some(ecosystem) => plan_split(model, shipped, ecosystem),
        None => Err("the ecosystem is not recognised".to_string()),
    };
    match split {
        Ok(split) => {
            let title = format!(
                "Split into a `build` stage and a `{}` runtime stage (assumes {})",
                split.runtime,
                split.assumptions.join("; ")
            );
            checker.report(reason.span, reason.message).fix(
                title,
                Applicability::Suggestion,
                split.edits,
            );
        }
        Err(why) => {
            checker.report(
                reason.span,
                format!("{} (no automatic split: {why})", reason.message),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze;

    fn findings(text: &str) -> Vec<(String, String, bool)> {
        analyze(text)
            .findings
            .into_iter()
            .filter(|f| f.code == "DO2101")
            .map(|f| {
                (
                    text[f.span.start..f.span.end].to_string(),
                    f.message,
                    f.fix.is_some(),
                )
            })
            .collect()
    }

    fn fixed(text: &str) -> String {
        crate::rewrite::fix_only("DO2101", text)
    }

    #[test]
    fn spans_name_the_toolchain_or_the_build_package() {
        let found =
            findings("FROM golang:1.23 AS build\nRUN go build -o /a .\nFROM build\nCMD [\"/a\"]\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "golang:1.23");
        assert!(
            found[0]
                .1
                .contains("no automatic split: the file already has several stages"),
            "{}",
            found[0].1
        );
        let found = findings("FROM python:3.12-slim\nWORKDIR /app\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev\nCMD [\"python\"]\n");
        assert_eq!(found[0].0, "gcc");
        assert!(found[0].1.contains("(gcc, libpq-dev)"));
    }

    #[test]
    fn build_packages_removed_in_the_same_layer_or_git_alone_are_fine() {
        let apk = "FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && make && apk del .build-deps\n";
        assert!(findings(apk).is_empty());
        let apt = "FROM debian:12\nRUN apt-get update && apt-get install -y gcc libc6-dev && make && apt-get purge -y --auto-remove gcc libc6-dev\n";
        assert!(findings(apt).is_empty());
        let later =
            "FROM debian:12\nRUN apt-get install -y gcc\nRUN make\nRUN apt-get remove -y gcc\n";
        assert!(findings(later).is_empty());
        assert!(findings("FROM debian:12\nRUN apt-get install -y git\n").is_empty());
        assert_eq!(
            findings("FROM debian:12\nRUN apt-get install -y git make\n")[0].0,
            "git"
        );
    }

    #[test]
    fn python_split_reinstalls_runtime_packages() {
        let text = "FROM python:3.12\nWORKDIR /app\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev postgresql-client\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"main.py\"]\n";
        let out = fixed(text);
        assert!(
            out.contains("apt-get install -y --no-install-recommends libpq5 postgresql-client &&"),
            "{out}"
        );
    }

    #[test]
    fn builder_stages_may_keep_their_toolchain() {
        let text = "FROM golang:1.23 AS build\nRUN apt-get install -y git && go build -o /a .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /a /a\n";
        assert!(findings(text).is_empty());
    }

    #[test]
    fn next_runner_copying_node_modules() {
        let text = "FROM node:22 AS build\nWORKDIR /app\nRUN npm ci && npm run build\nFROM node:22-slim\nWORKDIR /app\nCOPY --from=build /app/.next ./.next\nCOPY --from=build /app/node_modules ./node_modules\nCMD [\"npx\", \"next\", \"start\"]\n";
        let found = findings(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "/app/node_modules");
    }

    #[test]
    fn go_split_keeps_crlf_and_relative_binaries() {
        let text = "FROM golang:1.23\r\nWORKDIR /src\r\nCOPY . .\r\nRUN go build -o server .\r\n# the API\r\nEXPOSE 8080\r\nCMD [\"./server\"]";
        assert_eq!(
            fixed(text),
            "FROM golang:1.23 AS build\r\nWORKDIR /src\r\nCOPY . .\r\nRUN CGO_ENABLED=0 go build -o server .\r\n\r\nFROM gcr.io/distroless/static-debian12:nonroot AS runtime\r\nWORKDIR /src\r\nCOPY --from=build /src/server ./server\r\n# the API\r\nEXPOSE 8080\r\nCMD [\"./server\"]\r\n"
        );
    }

    /// The Next.js and FastAPI fixtures, with CRLF line endings and lower-case
    /// keywords: every inserted line follows the file.
    #[test]
    fn splits_follow_crlf_and_keyword_case() {
        let fixtures = [
            (
                include_str!("../../../tests/rewrites/nextjs-multi-stage/before.Dockerfile"),
                include_str!("../../../tests/rewrites/nextjs-multi-stage/after.Dockerfile"),
            ),
            (
                include_str!("../../../tests/rewrites/fastapi-multi-stage/before.Dockerfile"),
                include_str!("../../../tests/rewrites/fastapi-multi-stage/after.Dockerfile"),
            ),
        ];
        let keywords = [
            "FROM", "WORKDIR", "ENV", "COPY", "RUN", "EXPOSE", "CMD", "AS",
        ];
        let restyle = |text: &str| {
            let mut out = String::new();
            for line in text.lines() {
                let mut line = line.to_string();
                for keyword in keywords {
                    if line.starts_with(&format!("{keyword} ")) {
                        line =
                            format!("{}{}", keyword.to_ascii_lowercase(), &line[keyword.len()..]);
                    }
                    line = line
                        .replace(" AS build", " as build")
                        .replace(" AS runtime", " as runtime");
                }
                out.push_str(&line);
                out.push_str("\r\n");
            }
            out
        };
        for (before, after) in fixtures {
            assert_eq!(fixed(&restyle(before)), restyle(after));
        }
    }

    #[test]
    fn gradle_and_rust_with_openssl() {
        let gradle = "FROM gradle:8.10-jdk17\nWORKDIR /home/gradle/app\nCOPY . .\nRUN gradle bootJar --no-daemon\nCMD [\"java\", \"-jar\", \"/home/gradle/app/build/libs/app.jar\"]\n";
        assert_eq!(
            fixed(gradle),
            "FROM gradle:8.10-jdk17 AS build\nWORKDIR /home/gradle/app\nCOPY . .\nRUN gradle bootJar --no-daemon\n\nFROM eclipse-temurin:17-jre AS runtime\nCOPY --from=build /home/gradle/app/build/libs/app.jar /home/gradle/app/build/libs/app.jar\nCMD [\"java\", \"-jar\", \"/home/gradle/app/build/libs/app.jar\"]\n"
        );
        let rust = "FROM rust:1.83-trixie\nWORKDIR /app\nRUN apt-get update && apt-get install -y pkg-config libssl-dev\nCOPY . .\nRUN cargo build --release\nCMD [\"/app/target/release/api\"]\n";
        assert_eq!(
            fixed(rust),
            "FROM rust:1.83-trixie AS build\nWORKDIR /app\nRUN apt-get update && apt-get install -y pkg-config libssl-dev\nCOPY . .\nRUN cargo build --release\n\nFROM debian:trixie-slim AS runtime\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libssl3t64 && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /app/target/release/api /app/target/release/api\nCMD [\"/app/target/release/api\"]\n"
        );
    }

    #[test]
    fn no_split_without_what_it_needs() {
        let shell_cmd = "FROM golang:1.23\nRUN go build -o /a .\nCMD /a\n";
        assert!(findings(shell_cmd)[0].1.contains("shell form"));
        let no_output = "FROM golang:1.23\nRUN go build .\nCMD [\"/go/app\"]\n";
        assert!(findings(no_output)[0].1.contains("no `-o`"));
        let other = "FROM golang:1.23\nRUN go build -o /a .\nCMD [\"/go/bin/tool\"]\n";
        assert!(findings(other)[0].1.contains("does not run the built /a"));
        let cd = "FROM golang:1.23\nRUN cd cmd && go build -o app .\nCMD [\"/go/app\"]\n";
        assert!(findings(cd)[0].1.contains("changes directory"));
        let on_path = "FROM golang:1.23\nRUN go build -o /usr/local/bin/api .\nCMD [\"api\"]\n";
        assert!(findings(on_path)[0].2);
        let cgo = "FROM golang:1.23\nENV CGO_ENABLED=1\nRUN go build -o /a .\nCMD [\"/a\"]\n";
        assert!(!findings(cgo)[0].2);
    }
}
