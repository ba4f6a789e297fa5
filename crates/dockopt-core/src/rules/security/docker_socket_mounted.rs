use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags the Docker daemon's socket (`/var/run/docker.sock` or
    /// `/run/docker.sock`) declared as a `VOLUME`, or bind-mounted into a
    /// RUN (`RUN --mount=type=bind,source=/var/run/docker.sock,…`, also as
    /// `target`). The span is the path (the mount field that names it).
    ///
    /// ## Why is this bad?
    /// Whoever can talk to the Docker socket controls the daemon, and through
    /// it the host: it can start a privileged container that mounts the
    /// host's root file system. A `VOLUME` for the socket invites running
    /// the image with `-v /var/run/docker.sock:/var/run/docker.sock`, which
    /// gives every process in the container root on the host.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM docker:27-cli
    /// VOLUME /var/run/docker.sock
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM docker:27-cli
    /// ENV DOCKER_HOST=tcp://docker:2376 DOCKER_TLS_VERIFY=1
    /// ```
    ///
    /// ## References
    /// - Semgrep `dockerfile.security.dockerfile-dockerd-socket-mount`
    /// - OWASP Docker Security Cheat Sheet, rule #1 ("Do not expose the Docker
    ///   daemon socket")
    pub static RULE = {
        code: "DO1022",
        name: "docker-socket-mounted",
        aliases: &["dockerfile-dockerd-socket-mount"],
        family: Family::Security,
        severity: Severity::Error,
        fix: FixAvailability::None,
        summary: "Do not mount or declare the Docker daemon socket",
        sources: &["Semgrep dockerfile-dockerd-socket-mount", "OWASP Docker Security Cheat Sheet"],
        check: check,
    }
}

fn is_socket(path: &str) -> bool {
    let path = path.trim().trim_matches(['"', '\'']);
    let normalized: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    matches!(
        normalized.as_slice(),
        ["var", "run", "docker.sock"] | ["run", "docker.sock"]
    )
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        match instruction.kind {
            InstructionKind::Volume => {
                let scope = model.scope_at(index);
                for word in instruction.paths().map_or(&[][..], |p| &p.items[..]) {
                    let expanded = scope.expand(&word.text, model.escape);
                    if is_socket(&expanded.value) {
                        checker.report(
                            word.span,
                            "The Docker socket as a VOLUME invites mounting the host's daemon: that gives the container root on the host",
                        );
                    }
                }
            }
            InstructionKind::Run => {
                for flag in instruction.flags_named("mount") {
                    let mount = flag.mount();
                    for option in &mount.options {
                        let key = option.key.to_ascii_lowercase();
                        let names_path = matches!(
                            key.as_str(),
                            "source" | "src" | "target" | "dst" | "destination"
                        );
                        if names_path && option.value.as_deref().is_some_and(is_socket) {
                            checker.report(
                                option.span,
                                "This RUN mounts the Docker socket: the build step controls the daemon, and through it the host",
                            );
                            break;
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::security_helpers::testing::spans;

    #[test]
    fn volume_and_run_mounts() {
        let text = "FROM docker:27\nVOLUME [\"/data\", \"/var/run/docker.sock\"]\nRUN --mount=type=bind,source=/run/docker.sock,target=/run/docker.sock docker ps\n";
        assert_eq!(
            spans(text, "DO1022"),
            [
                ("\"/var/run/docker.sock\"".to_string(), 2, 18),
                ("source=/run/docker.sock".to_string(), 3, 23)
            ]
        );
    }

    #[test]
    fn heredoc_run_with_a_socket_mount() {
        let text = "FROM docker:27\nRUN --mount=type=bind,src=/var/run/docker.sock,dst=/var/run/docker.sock <<EOF\ndocker ps\nEOF\n";
        assert_eq!(
            spans(text, "DO1022"),
            [("src=/var/run/docker.sock".to_string(), 2, 23)]
        );
    }

    #[test]
    fn look_alikes_are_fine() {
        let text = "FROM docker:27\nVOLUME /var/run/docker\nVOLUME /var/run/docker.sock.d\nRUN --mount=type=cache,target=/root/.cache echo /var/run/docker.sock\n# VOLUME /var/run/docker.sock\n";
        assert!(spans(text, "DO1022").is_empty());
    }
}
