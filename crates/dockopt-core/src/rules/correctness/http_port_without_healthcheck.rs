use dockopt_syntax::{Body, InstructionKind, Word};

use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::PackageAction;
use crate::model::{Base, Model};
use crate::report::Severity;
use crate::rewrite::ecosystem::{base_image, chain};
use crate::rewrite::text::{insert_at, runtime_placement};
use crate::rewrite::{detect, Ecosystem, PythonFramework, TextStyle};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a shipped image that `EXPOSE`s an HTTP port but has no
    /// `HEALTHCHECK` (in the shipped stage or a stage it is built on), when
    /// the image has a tool to probe the port with: `curl` or `wget`
    /// installed by the Dockerfile, busybox `wget` on Alpine, `node` on
    /// node images, `python` on python images. A port counts as HTTP when
    /// it is a usual HTTP port (80, 3000, 5000, 8000, 8080, …) or the stage
    /// runs a web stack (Node, FastAPI, Django, Flask, Go, Spring).
    ///
    /// ## Why is this bad?
    /// Without a HEALTHCHECK, Docker, Compose and Swarm only know whether the
    /// process is alive, not whether it answers: a server stuck in a
    /// deadlock or still starting is reported as up, and `depends_on:
    /// condition: service_healthy` cannot wait for it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY . .
    /// EXPOSE 3000
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY . .
    /// EXPOSE 3000
    /// HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "-e", "require('http').get('http://127.0.0.1:3000/', (r) => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"]
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix safety
    /// A suggestion: it assumes the server answers `GET /` on the exposed
    /// port of 127.0.0.1 with a status below 400, which only the author
    /// knows (point it at the real health endpoint, such as
    /// `/actuator/health` or `/healthz`). The probe uses a tool the image
    /// has; on node images `require('http')` works on every Node version
    /// (global `fetch` needs Node 18). The probe is in exec form, so it
    /// needs no shell (any non-zero exit, such as curl's 22, counts as
    /// unhealthy). It goes before CMD/ENTRYPOINT, or at the end of the
    /// stage.
    ///
    /// ## References
    /// - Trivy DS-0026, Checkov CKV_DOCKER_2, hadolint DL3057 (which fires
    ///   on every image, HTTP or not, and offers no fix)
    /// - <https://docs.docker.com/reference/dockerfile/#healthcheck>
    pub static RULE = {
        code: "DO4001",
        name: "http-port-without-healthcheck",
        family: Family::Correctness,
        severity: Severity::Info,
        fix: FixAvailability::Suggestion,
        summary: "An exposed HTTP port without a `HEALTHCHECK`",
        sources: &["Trivy DS-0026", "Checkov CKV_DOCKER_2"],
        check: check,
    }
}

const HTTP_PORTS: &[u16] = &[
    80, 3000, 4000, 4200, 5000, 5173, 7860, 8000, 8001, 8080, 8081, 8501, 8888, 9000,
];

/// The port of an EXPOSE word (`8080`, `8080/tcp`), unless UDP, TLS or
/// dynamic.
fn tcp_port(word: &Word) -> Option<u16> {
    let text = word.text.as_str();
    let (port, protocol) = text.split_once('/').unwrap_or((text, "tcp"));
    if !protocol.eq_ignore_ascii_case("tcp") {
        return None;
    }
    let port: u16 = port.parse().ok()?;
    (port != 443 && port != 8443).then_some(port)
}

/// Whether the RUNs of `stages` install a package named `name`.
fn installs(model: &Model<'_>, stages: &[usize], name: &str) -> bool {
    model
        .scripts
        .iter()
        .filter(|s| stages.contains(&s.stage))
        .flat_map(|s| s.script.package_commands())
        .any(|(_, p)| {
            p.action == PackageAction::Install && p.packages.iter().any(|pkg| pkg.name == name)
        })
}

/// The probe command for `port` with a tool the image has.
fn probe(model: &Model<'_>, shipped: usize, port: u16) -> Option<String> {
    let stages = chain(model, shipped);
    let url = format!("http://127.0.0.1:{port}/");
    let root = *stages.first()?;
    if model.stages.get(root)?.base == Base::Scratch {
        return None;
    }
    let image = base_image(model, shipped)?;
    if image.name == "node" {
        return Some(format!(
            "[\"node\", \"-e\", \"require('http').get('{url}', (r) => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))\"]"
        ));
    }
    if image.name == "python" || image.name == "pypy" {
        return Some(format!(
            "[\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('{url}', timeout=4)\"]"
        ));
    }
    if installs(model, &stages, "curl") {
        return Some(format!(
            "[\"curl\", \"-fsS\", \"-o\", \"/dev/null\", \"{url}\"]"
        ));
    }
    let busybox = image.name == "alpine"
        || image.name == "busybox"
        || image.tag.to_ascii_lowercase().contains("alpine");
    if installs(model, &stages, "wget") || (busybox && !image.path.contains("distroless")) {
        return Some(format!("[\"wget\", \"-q\", \"--spider\", \"{url}\"]"));
    }
    None
}

fn web_stack(model: &Model<'_>, shipped: usize) -> bool {
    matches!(
        detect(model, shipped),
        Some(
            Ecosystem::Node { .. }
                | Ecosystem::Go
                | Ecosystem::Maven
                | Ecosystem::Gradle
                | Ecosystem::Python(
                    PythonFramework::FastApi | PythonFramework::Django | PythonFramework::Flask
                )
        )
    )
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let Some(shipped) = model.shipped else {
        return;
    };
    let stages = chain(model, shipped);
    let instructions = || {
        stages.iter().flat_map(|&s| {
            model
                .stages
                .get(s)
                .map(|st| st.body.clone())
                .unwrap_or(0..0)
                .filter_map(|i| model.instructions.get(i).map(|l| l.instruction))
        })
    };
    if instructions().any(|i| i.kind == InstructionKind::Healthcheck) {
        return;
    }
    let web = web_stack(model, shipped);
    let exposed = instructions().find_map(|i| match &i.body {
        Body::Expose(words) => words.iter().find_map(|w| {
            let port = tcp_port(w)?;
            (web || HTTP_PORTS.contains(&port)).then_some((w, port))
        }),
        _ => None,
    });
    let Some((word, port)) = exposed else {
        return;
    };
    let Some(command) = probe(model, shipped, port) else {
        return;
    };
    let style = TextStyle::of(model);
    let line = style.line(
        "HEALTHCHECK",
        &format!(
            "--interval=30s --timeout=5s --start-period=10s --retries=3 {} {command}",
            style.keyword("CMD")
        ),
    );
    let edit = runtime_placement(model, shipped).and_then(|p| insert_at(model, &p, &line));
    let diagnostic = checker.report(
        word.span,
        format!("Port {port} is exposed but the image has no `HEALTHCHECK`"),
    );
    if let Some(edit) = edit {
        diagnostic.fix(
            format!("Add a HEALTHCHECK that probes http://127.0.0.1:{port}/ (adjust the path to your health endpoint)"),
            Applicability::Suggestion,
            vec![edit],
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support;

    fn findings(text: &str) -> Vec<String> {
        test_support::span_texts(text, "DO4001")
    }

    fn fixed(text: &str) -> String {
        crate::rewrite::fix_only("DO4001", text)
    }

    #[test]
    fn the_span_is_the_port_word() {
        let text =
            "FROM python:3.12-slim\nEXPOSE 9999/udp 8000/tcp\nCMD [\"uvicorn\", \"main:app\"]\n";
        assert_eq!(findings(text), vec!["8000/tcp".to_string()]);
    }

    #[test]
    fn no_finding_without_a_probe_or_with_a_healthcheck() {
        // distroless has no shell tool to probe with.
        assert!(
            findings("FROM gcr.io/distroless/static-debian12\nEXPOSE 8080\nCMD [\"/app\"]\n")
                .is_empty()
        );
        assert!(
            findings("FROM node:22 AS base\nHEALTHCHECK NONE\nFROM base\nEXPOSE 3000\n").is_empty()
        );
        // Not an HTTP port and not a web stack.
        assert!(findings("FROM debian:12\nRUN apt-get install -y curl\nEXPOSE 5432\n").is_empty());
    }

    #[test]
    fn curl_wget_and_python_probes() {
        assert_eq!(
            fixed("FROM debian:12\r\nRUN apt-get update && apt-get install -y curl\r\nEXPOSE 8080\r\n"),
            "FROM debian:12\r\nRUN apt-get update && apt-get install -y curl\r\nEXPOSE 8080\r\nHEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD [\"curl\", \"-fsS\", \"-o\", \"/dev/null\", \"http://127.0.0.1:8080/\"]\r\n"
        );
        assert_eq!(
            fixed("from alpine:3.20\nexpose 80\ncmd [\"httpd\"]\n"),
            "from alpine:3.20\nexpose 80\nhealthcheck --interval=30s --timeout=5s --start-period=10s --retries=3 cmd [\"wget\", \"-q\", \"--spider\", \"http://127.0.0.1:80/\"]\ncmd [\"httpd\"]\n"
        );
        assert_eq!(
            fixed("FROM python:3.12-slim\nEXPOSE 8000\nCMD [\"uvicorn\", \"main:app\"]\n"),
            "FROM python:3.12-slim\nEXPOSE 8000\nHEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/', timeout=4)\"]\nCMD [\"uvicorn\", \"main:app\"]\n"
        );
    }
}
