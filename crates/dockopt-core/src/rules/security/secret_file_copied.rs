use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a `COPY` or `ADD` source that names a file which usually holds
    /// a secret, in a stage that ships:
    /// - environment files: `.env`, `.env.production`, `.env*` (not
    ///   `.env.example`, `.env.sample`, `.env.template`, `.env.dist`);
    /// - SSH and TLS private keys: `id_rsa`, `id_ecdsa`, `id_ed25519`,
    ///   `id_dsa` (not their `.pub`), `*.key`, `*.pem`, `*.p12`, `*.pfx`
    ///   — except names that say they are public (`ca.pem`, `cert.pem`,
    ///   `fullchain.pem`, `ca-bundle.pem`, `repo.gpg.key`, `signing.key`);
    /// - credential files: `.npmrc`, `.pypirc`, `.netrc`, `.pgpass`,
    ///   `.git-credentials`, `credentials`, `.docker/config.json`,
    ///   `.kube/config`, and anything under `.aws/`, or under `.ssh/` or
    ///   `.gnupg/` but their public files (`known_hosts`,
    ///   `authorized_keys`, `config`, `*.pub`).
    ///
    /// When no source is flagged, a destination that names such a file
    /// (`COPY deploy_key /root/.ssh/id_rsa`) is, unless a source is a
    /// template (`example`, `sample`, `template`, `dist` in its name).
    ///
    /// Stages whose file system does not ship (builders that are only
    /// copied from) are not flagged: a key used there to fetch private
    /// dependencies stays out of the image — though a `RUN --mount=type=secret`
    /// would keep it out of the build cache too. `COPY . .` is not this
    /// rule: what it copies depends on the `.dockerignore`.
    ///
    /// ## Why is this bad?
    /// Every file of an image layer can be read by anyone who can pull the
    /// image, and deleting it in a later instruction does not remove it from
    /// the layer that added it. Tokens in `.npmrc`, database passwords in
    /// `.env` and private keys copied in this way leak with the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY .npmrc package.json package-lock.json ./
    /// RUN npm ci
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY package.json package-lock.json ./
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    ///
    /// ## References
    /// - Trivy DS-0031 (AVD-DS-0031, `do-not-pass-secrets`), whose
    ///   copied-file part looks at variables such as
    ///   `GOOGLE_APPLICATION_CREDENTIALS` that point at copied files; this
    ///   rule reads the copied file names themselves.
    /// - dockle CIS-DI-0010 (secret files found in a built image)
    /// - <https://docs.docker.com/build/building/secrets/>
    pub static RULE = {
        code: "DO1013",
        name: "secret-file-copied",
        family: Family::Security,
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "Do not copy secret files (keys, .env, .npmrc) into the image",
        sources: &["Trivy DS-0031", "dockle CIS-DI-0010"],
        check: check,
    }
}

/// Name tokens that mark a `.pem`/`.key` file as public material.
const PUBLIC_TOKENS: [&str; 22] = [
    "ca",
    "cacert",
    "cert",
    "certs",
    "certificate",
    "chain",
    "fullchain",
    "bundle",
    "pub",
    "public",
    "root",
    "rootca",
    "trust",
    "gpg",
    "pgp",
    "asc",
    "apt",
    "signing",
    "release",
    "archive",
    "keyring",
    "repo",
];

/// Suffixes of `.env.*` files that are templates, not secrets.
const ENV_TEMPLATES: [&str; 8] = [
    "example", "sample", "template", "dist", "defaults", "tmpl", "in", "test",
];

/// What kind of secret a source path names, if any.
fn secret_kind(path: &str) -> Option<&'static str> {
    let path = path.trim_end_matches('/');
    let components: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
    let name = *components.last()?;
    let dirs = &components[..components.len() - 1];
    let lower = name.to_ascii_lowercase();
    if name == ".ssh" || name == ".gnupg" {
        return Some("SSH or GPG key directory");
    }
    if dirs.iter().any(|c| matches!(*c, ".ssh" | ".gnupg")) {
        // Public files of an SSH directory.
        let public =
            matches!(name, "known_hosts" | "authorized_keys" | "config") || lower.ends_with(".pub");
        return (!public).then_some("file of an SSH or GPG key directory");
    }
    if dirs.iter().chain([&name]).any(|c| *c == ".aws") {
        return Some("AWS credentials directory");
    }
    if let [.., parent] = dirs {
        if (*parent == ".docker" && name == "config.json")
            || (*parent == ".kube" && name == "config")
        {
            return Some("credentials file");
        }
    }
    if lower == ".env" || lower == ".env*" {
        return Some("environment file");
    }
    if let Some(suffix) = lower.strip_prefix(".env.") {
        let template = ENV_TEMPLATES
            .iter()
            .any(|t| suffix.split('.').any(|p| p == *t));
        return (!template).then_some("environment file");
    }
    if let Some(stem) = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"]
        .iter()
        .find(|k| lower.starts_with(*k))
    {
        let rest = &lower[stem.len()..];
        if rest.is_empty() || rest == "_sk" || rest == "*" {
            return Some("SSH private key");
        }
        return None;
    }
    if matches!(
        lower.as_str(),
        ".npmrc" | ".pypirc" | ".netrc" | "_netrc" | ".pgpass" | ".git-credentials" | "credentials"
    ) {
        return Some("credentials file");
    }
    for extension in [".pem", ".key", ".p12", ".pfx"] {
        if let Some(stem) = lower.strip_suffix(extension) {
            let public = stem
                .split(['.', '-', '_'])
                .any(|token| PUBLIC_TOKENS.contains(&token));
            return (!public || matches!(extension, ".p12" | ".pfx")).then_some("private key");
        }
    }
    None
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        if !matches!(
            instruction.kind,
            InstructionKind::Copy | InstructionKind::Add
        ) || !ships(model, index)
        {
            continue;
        }
        let Some(paths) = instruction.paths() else {
            continue;
        };
        let scope = model.scope_at(index);
        let mut flagged = false;
        for source in paths.sources() {
            if instruction.heredoc_for(source).is_some() {
                continue;
            }
            let expanded = scope.expand(&source.text, model.escape);
            if source.text.contains("://") {
                continue;
            }
            if let Some(kind) = secret_kind(&expanded.value) {
                flagged = true;
                checker.report(
                    source.span,
                    format!(
                        "`{}` looks like a {kind}: anyone who can pull the image can read it; mount it with `RUN --mount=type=secret` instead",
                        expanded.value
                    ),
                );
            }
        }
        // `COPY deploy_key /root/.ssh/id_rsa`: the destination says what it is.
        let template = paths.sources().iter().any(|s| {
            let lower = s.text.to_ascii_lowercase();
            ["example", "sample", "template", "dist"]
                .iter()
                .any(|t| lower.contains(t))
        });
        if flagged || template {
            continue;
        }
        let Some(destination) = paths.destination() else {
            continue;
        };
        let expanded = scope.expand(&destination.text, model.escape).value;
        // A directory destination (`/app/`) names no file of its own, but
        // `/root/.ssh/` is a key directory.
        let names_file = !expanded.ends_with('/') || secret_kind(&expanded).is_some();
        if let Some(kind) = secret_kind(&expanded).filter(|_| names_file) {
            checker.report(
                destination.span,
                format!(
                    "`{expanded}` is where a {kind} goes: anyone who can pull the image can read it; mount it with `RUN --mount=type=secret` instead"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::secret_kind;
    use crate::rules::security_helpers::testing::spans;

    #[test]
    fn names_that_hold_secrets() {
        for path in [
            ".env",
            "./.env",
            ".env.production",
            ".env*",
            "id_rsa",
            "keys/id_ed25519",
            "server.key",
            "privkey.pem",
            "tls/*.pem",
            ".npmrc",
            ".pypirc",
            ".netrc",
            ".git-credentials",
            ".aws/credentials",
            ".aws/",
            "/root/.ssh/",
            "home/.ssh/id_ecdsa",
            ".docker/config.json",
            "store.p12",
        ] {
            assert!(secret_kind(path).is_some(), "{path} should be a secret");
        }
    }

    #[test]
    fn look_alikes_are_not_secrets() {
        for path in [
            ".env.example",
            ".env.sample",
            ".env.local.template",
            "id_rsa.pub",
            "ca.pem",
            "cert.pem",
            "fullchain.pem",
            "rds-ca-bundle.pem",
            "nodesource.gpg.key",
            "repo-signing.key",
            "environment.yml",
            "config.json",
            ".npmrc.d",
            "/root/.ssh/known_hosts",
            ".ssh/authorized_keys",
            ".ssh/id_rsa.pub",
            "envfile",
            "keyboard.keymap",
            ".",
        ] {
            assert!(secret_kind(path).is_none(), "{path} should not be a secret");
        }
    }

    #[test]
    fn span_is_the_source_word() {
        let text =
            "FROM alpine:3.20\nCOPY app.py  .env /app/\nADD [\"id_rsa\", \"/root/.ssh/id_rsa\"]\n";
        assert_eq!(
            spans(text, "DO1013"),
            [
                (".env".to_string(), 2, 14),
                ("\"id_rsa\"".to_string(), 3, 6)
            ]
        );
    }

    #[test]
    fn builder_stages_and_the_whole_context_are_not_flagged() {
        let text = "FROM alpine:3.20 AS build\nCOPY id_rsa /root/.ssh/id_rsa\nRUN build\nFROM alpine:3.20\nCOPY --from=build /out /out\nCOPY . .\n";
        assert!(spans(text, "DO1013").is_empty());
    }

    #[test]
    fn copying_a_secret_from_a_builder_into_the_image_is_flagged() {
        let text = "FROM alpine:3.20 AS build\nRUN make\nFROM alpine:3.20\nCOPY --from=build /root/.ssh/id_ed25519 /keys/\n";
        assert_eq!(
            spans(text, "DO1013"),
            [("/root/.ssh/id_ed25519".to_string(), 4, 19)]
        );
    }

    #[test]
    fn destinations_that_name_a_secret() {
        let text = "FROM alpine:3.20\nCOPY deploy_key /root/.ssh/id_rsa\nCOPY keys /root/.ssh/\nCOPY env.example /app/.env\nCOPY hosts /root/.ssh/known_hosts\nCOPY app /app/\n";
        assert_eq!(
            spans(text, "DO1013"),
            [
                ("/root/.ssh/id_rsa".to_string(), 2, 17),
                ("/root/.ssh/".to_string(), 3, 11)
            ]
        );
    }

    #[test]
    fn heredoc_sources_are_not_file_names() {
        let text = "FROM alpine:3.20\nCOPY <<.env /app/config\nA=1\n.env\n";
        assert!(spans(text, "DO1013").is_empty());
    }
}
