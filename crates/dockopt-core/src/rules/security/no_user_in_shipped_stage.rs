use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::model::shell::{Invocation, UserTool};
use crate::model::{Base, Model};
use crate::report::Severity;
use crate::rewrite::ecosystem::{base_image, chain};
use crate::rewrite::text::{insert_at, lines_with_comments, Placement};
use crate::rewrite::TextStyle;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a shipped image without any `USER` instruction: neither the
    /// shipped stage nor a stage it is built on switches away from the
    /// base image's user, which for almost every base image is root.
    /// Images whose base already runs as a non-root user (distroless
    /// `:nonroot` tags, Chainguard images, `*-unprivileged`) are not
    /// flagged, nor Windows images (their users are another model).
    ///
    /// ## Differences from hadolint
    /// hadolint's DL3002 only looks at a USER that says root, so the
    /// commonest case, no USER at all, passes. This rule covers it (as
    /// Trivy DS-0002, Checkov CKV_DOCKER_3 and Semgrep's missing-user do),
    /// and only for the stage that ships: builder stages may stay root.
    ///
    /// ## Why is this bad?
    /// A process that runs as root in the container is root on the host's
    /// kernel: a container escape or a writable host mount gives the
    /// attacker root. Running as an unprivileged user with a fixed UID also
    /// keeps files written to volumes owned by a predictable user.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// WORKDIR /app
    /// COPY . .
    /// CMD ["python", "main.py"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// WORKDIR /app
    /// RUN groupadd --system --gid 1001 app && useradd --system --uid 1001 --gid app --no-create-home app
    /// COPY --chown=app:app . .
    /// USER app
    /// CMD ["python", "main.py"]
    /// ```
    ///
    /// ## Fix safety
    /// The fix creates a system user and group `app` with the fixed
    /// UID/GID 1001 (`groupadd`/`useradd` on Debian and Ubuntu,
    /// `addgroup -S`/`adduser -S` on Alpine) before the first COPY of the
    /// shipped stage, gives the application's COPY and ADD instructions
    /// `--chown=app:app` (not those into system directories such as
    /// `/usr` or `/etc`), and adds `USER app` after the last RUN, before
    /// CMD/ENTRYPOINT (or at the end). On official `node` images it uses
    /// their `node` user (UID 1000) instead of creating one; on distroless
    /// and `scratch` it adds `USER 65532:65532` (distroless's `nonroot`). When
    /// the stage already creates a user, it only adds `USER` with that name.
    /// It is unsafe: the program may need root (binding a port below 1024
    /// on an old Docker, writing outside its own files, a package manager
    /// at start-up), and directories created as root (WORKDIR, `mkdir`)
    /// stay owned by root.
    ///
    /// ## References
    /// - Trivy DS-0002, Checkov CKV_DOCKER_3, Semgrep `missing-user`
    /// - <https://docs.docker.com/build/building/best-practices/#user>
    pub static RULE = {
        code: "DO1001",
        name: "no-user-in-shipped-stage",
        family: Family::Security,
        severity: Severity::Warning,
        fix: FixAvailability::Unsafe,
        summary: "The shipped image runs as root: no `USER` instruction",
        sources: &["Trivy DS-0002", "Checkov CKV_DOCKER_3", "Semgrep missing-user"],
        check: check,
    }
}

/// How the fix makes the image run as a non-root user.
enum UserPlan {
    /// Create `app` with this command, chown the application's files.
    Create(&'static str),
    /// A user the image already has: switch to it, chown to it when
    /// `chown` is set.
    Existing { user: String, chown: bool },
}

const DEBIAN_USER: &str =
    "groupadd --system --gid 1001 app && useradd --system --uid 1001 --gid app --no-create-home app";
const ALPINE_USER: &str = "addgroup -S -g 1001 app && adduser -S -u 1001 -G app app";

/// Whether the base image already runs as a non-root user.
fn runs_as_non_root(path: &str, tag: &str, reference: &str) -> bool {
    let tag = tag.to_ascii_lowercase();
    // Windows images run as ContainerUser/ContainerAdministrator: another
    // model, which useradd cannot fix.
    let windows = ["windows", "nanoserver", "servercore", "ltsc"]
        .iter()
        .any(|w| path.contains(w) || tag.contains(w));
    windows
        || tag.contains("nonroot")
        || tag.contains("rootless")
        || path.contains("unprivileged")
        || path.contains("rootless")
        || reference.starts_with("cgr.dev/")
}

fn plan(model: &Model<'_>, shipped: usize) -> Option<UserPlan> {
    let stages = chain(model, shipped);
    // A user the file already creates.
    for script in model.scripts.iter().filter(|s| stages.contains(&s.stage)) {
        for command in &script.script.commands {
            if let Some(Invocation::User(user)) = &command.invocation {
                if matches!(user.tool, UserTool::Useradd | UserTool::Adduser) {
                    if let Some(name) = user.name().and_then(|w| w.literal()) {
                        return Some(UserPlan::Existing {
                            user: name.to_string(),
                            chown: false,
                        });
                    }
                }
            }
        }
    }
    let root = *stages.first()?;
    if model.stages.get(root)?.base == Base::Scratch {
        return Some(UserPlan::Existing {
            user: "65532:65532".into(),
            chown: false,
        });
    }
    let image = base_image(model, shipped)?;
    if image.path.contains("distroless") {
        return Some(UserPlan::Existing {
            user: "65532:65532".into(),
            chown: false,
        });
    }
    if image.name == "node" {
        return Some(UserPlan::Existing {
            user: "node".into(),
            chown: true,
        });
    }
    let alpine = image.name == "alpine"
        || image.tag.to_ascii_lowercase().contains("alpine")
        || matches!(
            crate::estimate::base_image::base_image(&image.reference).family,
            crate::estimate::base_image::DistroFamily::Alpine(_)
        );
    Some(UserPlan::Create(if alpine {
        ALPINE_USER
    } else {
        DEBIAN_USER
    }))
}

/// Destinations that hold system files, which stay root's.
fn is_system_path(destination: &str) -> bool {
    [
        "/etc",
        "/usr",
        "/bin",
        "/sbin",
        "/lib",
        "/lib64",
        "/var",
        "/root",
        "/tmp",
        "/opt/venv",
    ]
    .iter()
    .any(|p| destination == *p || destination.starts_with(&format!("{p}/")))
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let Some(shipped) = model.shipped else {
        return;
    };
    let stages = chain(model, shipped);
    let has_user = stages.iter().any(|&s| {
        model.stages.get(s).is_some_and(|stage| {
            stage.body.clone().any(|i| {
                model
                    .instructions
                    .get(i)
                    .is_some_and(|l| l.instruction.kind == InstructionKind::User)
            })
        })
    });
    if has_user {
        return;
    }
    let Some(stage) = model.stages.get(shipped) else {
        return;
    };
    if let Some(image) = base_image(model, shipped) {
        if runs_as_non_root(&image.path, &image.tag, &image.reference) {
            return;
        }
    }
    let Some(image_word) = stage.from.as_from().and_then(|f| f.image()) else {
        return;
    };
    let edits = fix(model, shipped);
    let diagnostic = checker.report(
        image_word.span,
        format!(
            "The shipped stage {} has no `USER`: the container runs as root",
            stage.label()
        ),
    );
    if let Some((title, edits)) = edits {
        diagnostic.fix(title, Applicability::Unsafe, edits);
    }
}

fn fix(model: &Model<'_>, shipped: usize) -> Option<(String, Vec<Edit>)> {
    let plan = plan(model, shipped)?;
    let style = TextStyle::of(model);
    let stage = model.stages.get(shipped)?;
    let (user, create, chown) = match &plan {
        UserPlan::Create(command) => ("app".to_string(), Some(*command), true),
        UserPlan::Existing { user, chown } => (user.clone(), None, *chown),
    };
    let owner = if user.contains(':') {
        user.clone()
    } else {
        format!("{user}:{user}")
    };
    let mut edits = Vec::new();
    let mut first_chowned: Option<usize> = None;
    if chown {
        for index in stage.body.clone() {
            let Some(instruction) = model.instructions.get(index).map(|l| l.instruction) else {
                continue;
            };
            if !matches!(
                instruction.kind,
                InstructionKind::Copy | InstructionKind::Add
            ) || instruction.flag("chown").is_some()
            {
                continue;
            }
            let destination = instruction
                .paths()
                .and_then(|p| p.destination())
                .map(|w| w.text.to_string())
                .unwrap_or_default();
            if is_system_path(&destination) {
                continue;
            }
            first_chowned.get_or_insert(index);
            edits.push(Edit::insert(
                instruction.keyword.span.end,
                format!(" --chown={owner}"),
            ));
        }
    }
    // USER after the last RUN, before the CMD/ENTRYPOINT that follows it.
    let last_run = stage.body.clone().rev().find(|&i| {
        model
            .instructions
            .get(i)
            .is_some_and(|l| l.instruction.kind == InstructionKind::Run)
    });
    let after = last_run.unwrap_or(stage.from_index);
    let target = (after + 1..stage.body.end).find(|&i| {
        model.instructions.get(i).is_some_and(|l| {
            matches!(
                l.instruction.kind,
                InstructionKind::Cmd | InstructionKind::Entrypoint
            )
        })
    });
    let placement = match target {
        Some(i) => Placement::Before(i),
        None => Placement::After(stage.body.end.checked_sub(1)?),
    };
    let user_line = style.line("USER", &user);
    match (create, first_chowned) {
        (Some(command), Some(copy)) => {
            let instruction = model.instructions.get(copy)?.instruction;
            let (start, _) = lines_with_comments(model, instruction)?;
            edits.push(Edit::insert(start, style.line("RUN", command)));
            edits.push(insert_at(model, &placement, &user_line)?);
        }
        (Some(command), None) => {
            let lines = format!("{}{user_line}", style.line("RUN", command));
            edits.push(insert_at(model, &placement, &lines)?);
        }
        (None, _) => edits.push(insert_at(model, &placement, &user_line)?),
    }
    let title = match create {
        Some(_) => "Create user `app` (UID/GID 1001) and run as it".to_string(),
        None => format!("Run as `{user}`"),
    };
    Some((title, edits))
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::rules::test_support;

    fn findings(text: &str) -> Vec<String> {
        test_support::span_texts(text, "DO1001")
    }

    fn fixed(text: &str) -> String {
        crate::rewrite::fix_only("DO1001", text)
    }

    #[test]
    fn points_at_the_shipped_image_only() {
        let text = "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM debian:bookworm-slim\nCOPY --from=build /app /usr/local/bin/app\nCMD [\"app\"]\n";
        assert_eq!(findings(text), vec!["debian:bookworm-slim".to_string()]);
        let report = analyze(text);
        let finding = report
            .findings
            .iter()
            .find(|f| f.code == "DO1001")
            .expect("finding");
        assert_eq!(
            (
                finding.span.start_position.line,
                finding.span.start_position.column
            ),
            (3, 6)
        );
        // A USER anywhere in the shipped chain, or a non-root base, is fine.
        assert!(findings("FROM node:22 AS base\nUSER node\nFROM base\nCMD x\n").is_empty());
        assert!(findings("FROM gcr.io/distroless/static-debian12:nonroot\nCOPY a /a\n").is_empty());
        assert!(
            findings("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY a /a\n").is_empty()
        );
        // A builder stage without USER is not the shipped one.
        assert!(findings("FROM alpine AS b\nRUN true\nFROM alpine\nUSER 1000\n").is_empty());
    }

    #[test]
    fn alpine_user_with_crlf_and_lower_case_keywords() {
        let text = "from alpine:3.20\r\nrun apk add --no-cache curl\r\ncopy app.sh /srv/app.sh\r\ncopy motd /etc/motd\r\ncmd [\"/srv/app.sh\"]\r\n";
        assert_eq!(
            fixed(text),
            "from alpine:3.20\r\nrun apk add --no-cache curl\r\nrun addgroup -S -g 1001 app && adduser -S -u 1001 -G app app\r\ncopy --chown=app:app app.sh /srv/app.sh\r\ncopy motd /etc/motd\r\nuser app\r\ncmd [\"/srv/app.sh\"]\r\n"
        );
    }

    #[test]
    fn node_distroless_scratch_and_existing_users() {
        assert_eq!(
            fixed("FROM node:22-slim\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"s.js\"]\n"),
            "FROM node:22-slim\nWORKDIR /app\nCOPY --chown=node:node . .\nUSER node\nCMD [\"node\", \"s.js\"]\n"
        );
        assert_eq!(
            fixed("FROM scratch\nCOPY app /app"),
            "FROM scratch\nCOPY app /app\nUSER 65532:65532\n"
        );
        assert_eq!(
            fixed("FROM debian:12\nRUN useradd -r svc\nCMD [\"x\"]\n"),
            "FROM debian:12\nRUN useradd -r svc\nUSER svc\nCMD [\"x\"]\n"
        );
    }
}
