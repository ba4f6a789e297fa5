use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a `WORKDIR` that is a system directory: the kernel's virtual
    /// file systems and boot files (`/proc`, `/sys`, `/dev`, `/boot`,
    /// `/initrd`, `/lost+found`, or anything below them), the directories
    /// of system programs, libraries and configuration themselves (`/bin`,
    /// `/sbin`, `/usr/bin`, `/usr/sbin`, `/usr/lib`, `/lib`, `/lib64`,
    /// `/etc`, `/var/run`, `/run`), and `/` when a relative `COPY`/`ADD`
    /// destination then writes straight into the root.
    ///
    /// Subdirectories of the program and configuration directories
    /// (`/etc/nginx`, `/usr/lib/app`) are fine and not flagged; a
    /// `WORKDIR` whose value depends on an unknown ARG is not read.
    ///
    /// ## Why is this bad?
    /// Everything the following instructions write with relative paths
    /// (`COPY . .`, `RUN make install`, a tarball extracted with `tar x`)
    /// lands among the system's own files, where it can overwrite binaries
    /// and configuration or hide its own files among them. Under `/proc`,
    /// `/sys` and `/dev` a runtime mounts kernel file systems: files written
    /// there at build time vanish or, with a permissive runtime, reach the
    /// host's kernel interfaces.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// WORKDIR /usr/bin
    /// COPY app .
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// WORKDIR /app
    /// COPY app .
    /// ```
    ///
    /// ## References
    /// - Trivy DS-0030 (AVD-DS-0030, `avoid-sys-workdir-mounts`), which
    ///   checks paths below `/proc/`, `/boot/`, `/dev/`, `/initrd/` and
    ///   `/lost+found/`; this rule adds `/sys` and the program, library and
    ///   configuration directories themselves.
    /// - <https://docs.docker.com/reference/dockerfile/#workdir>
    pub static RULE = {
        code: "DO1012",
        name: "workdir-system-directory",
        aliases: &["DS-0030", "DS030", "AVD-DS-0030"],
        family: Family::Security,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Do not use a system directory as WORKDIR",
        sources: &["Trivy DS-0030"],
        check: check,
    }
}

/// Kernel and boot directories: wrong at any depth.
const VIRTUAL: [&str; 6] = ["/proc", "/sys", "/dev", "/boot", "/initrd", "/lost+found"];

/// Program, library and configuration directories: wrong as such.
const SYSTEM: [&str; 10] = [
    "/bin",
    "/sbin",
    "/usr/bin",
    "/usr/sbin",
    "/usr/lib",
    "/lib",
    "/lib64",
    "/etc",
    "/var/run",
    "/run",
];

/// `/a//b/./c/` → `/a/b/c`; `None` for a relative path.
fn normalize(path: &str) -> Option<String> {
    if !path.starts_with('/') {
        return None;
    }
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    Some(format!("/{}", parts.join("/")))
}

fn is_system(path: &str) -> bool {
    VIRTUAL
        .iter()
        .any(|d| path == *d || path.starts_with(&format!("{d}/")))
        || SYSTEM.contains(&path)
}

/// Whether a COPY/ADD after instruction `index` in the same stage, before
/// the next WORKDIR, has a relative destination.
fn relative_copy_follows(checker: &Checker<'_, '_>, index: usize) -> bool {
    let model = checker.model;
    let stage = model.instructions.get(index).and_then(|l| l.stage);
    for located in model.instructions.iter().skip(index + 1) {
        if located.stage != stage {
            break;
        }
        let instruction = located.instruction;
        match instruction.kind {
            InstructionKind::Workdir => return false,
            InstructionKind::Copy | InstructionKind::Add => {
                let relative = instruction
                    .paths()
                    .and_then(|p| p.destination())
                    .map(|d| d.unquoted(model.escape))
                    .is_some_and(|d| !d.starts_with('/') && !d.starts_with('$'));
                if relative {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::Workdir {
            continue;
        }
        let Some(word) = instruction.single_word() else {
            continue;
        };
        let expanded = model.scope_at(index).expand(&word.text, model.escape);
        if !expanded.unknown.is_empty() {
            continue;
        }
        let Some(path) = normalize(&expanded.value) else {
            continue;
        };
        if is_system(&path) {
            checker.report(
                word.span,
                format!("WORKDIR `{path}` is a system directory: use a directory of your own, such as /app"),
            );
        } else if path == "/" && relative_copy_follows(checker, index) {
            checker.report(
                word.span,
                "WORKDIR `/` with a relative COPY/ADD destination writes into the root directory: use a directory of your own, such as /app",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::security_helpers::testing::spans;

    #[test]
    fn flags_system_directories_with_exact_spans() {
        let text = "FROM debian:12\nWORKDIR /proc/self\nWORKDIR  \"/etc/\"\nWORKDIR /usr//bin/.\n";
        assert_eq!(
            spans(text, "DO1012"),
            [
                ("/proc/self".to_string(), 2, 9),
                ("\"/etc/\"".to_string(), 3, 10),
                ("/usr//bin/.".to_string(), 4, 9)
            ]
        );
    }

    #[test]
    fn subdirectories_and_look_alikes_are_fine() {
        let text = "FROM debian:12\nWORKDIR /etc/nginx\nWORKDIR /usr/lib/app\nWORKDIR /binaries\nWORKDIR /devel\nWORKDIR /app\nWORKDIR bin\n";
        assert!(spans(text, "DO1012").is_empty());
    }

    #[test]
    fn root_is_flagged_only_before_a_relative_copy() {
        let ok = "FROM debian:12\nWORKDIR /\nRUN ls\nCOPY a /app/a\nWORKDIR /app\nCOPY . .\n";
        assert!(spans(ok, "DO1012").is_empty());
        let bad = "FROM debian:12\nWORKDIR /\nCOPY . .\n";
        assert_eq!(spans(bad, "DO1012"), [("/".to_string(), 2, 9)]);
    }

    #[test]
    fn variables_are_expanded_when_known() {
        let text = "FROM debian:12\nARG DIR=/sys\nWORKDIR $DIR/kernel\nARG OTHER\nWORKDIR $OTHER\n";
        assert_eq!(spans(text, "DO1012"), [("$DIR/kernel".to_string(), 3, 9)]);
    }
}
