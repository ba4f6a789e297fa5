use dockopt_syntax::InstructionKind;

use crate::declare_rule;
use crate::report::Severity;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a `VOLUME` on a system directory: the kernel's file systems
    /// `/proc`, `/sys` and `/dev` (or anything below them, such as
    /// `/sys/fs/cgroup`), and `/`, `/boot`, `/etc`, `/usr`, `/bin`, `/sbin`,
    /// `/lib`, `/lib64` themselves. Subdirectories such as `/etc/nginx` are
    /// fine. The Docker socket has its own rule (DO1022).
    ///
    /// ## Why is this bad?
    /// A volume is where the runtime mounts something else; declaring one on
    /// the kernel's interfaces or the system's own directories asks the
    /// operator to mount the host's versions there (`-v /sys:/sys`), which
    /// gives the container control over the host, and an anonymous volume
    /// over `/etc` or `/usr` freezes the image's copy of those files in a
    /// volume that later images no longer update.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// VOLUME /sys/fs/cgroup
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// VOLUME /var/lib/app
    /// ```
    ///
    /// ## References
    /// - dockle DKL-DI-0002 ("Avoid sensitive directory mounting": `/sys`,
    ///   `/dev`, `/proc`); this rule adds `/`, `/boot` and the program,
    ///   library and configuration directories.
    pub static RULE = {
        code: "DO1026",
        name: "volume-on-system-directory",
        family: Family::Security,
        severity: Severity::Warning,
        fix: FixAvailability::None,
        summary: "Do not declare a VOLUME on /proc, /sys, /dev or other system directories",
        sources: &["dockle DKL-DI-0002"],
        aliases: &["DKL-DI-0002"],
        check: check,
    }
}

const KERNEL: [&str; 3] = ["/proc", "/sys", "/dev"];
const SYSTEM: [&str; 9] = [
    "/", "/boot", "/etc", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/usr/lib",
];

fn normalize(path: &str) -> Option<String> {
    let path = path.trim().trim_matches(['"', '\'']);
    if !path.starts_with('/') {
        return None;
    }
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    Some(format!("/{}", parts.join("/")))
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, located) in model.instructions.iter().enumerate() {
        let instruction = located.instruction;
        if instruction.kind != InstructionKind::Volume {
            continue;
        }
        let scope = model.scope_at(index);
        for word in instruction.paths().map_or(&[][..], |p| &p.items[..]) {
            let expanded = scope.expand(&word.text, model.escape);
            if !expanded.unknown.is_empty() {
                continue;
            }
            let Some(path) = normalize(&expanded.value) else {
                continue;
            };
            let kernel = KERNEL
                .iter()
                .any(|d| path == *d || path.starts_with(&format!("{d}/")));
            if kernel || SYSTEM.contains(&path.as_str()) {
                checker.report(
                    word.span,
                    format!("VOLUME `{path}` is a system directory: declare volumes only for your application's data"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::security_helpers::testing::spans;

    #[test]
    fn flags_system_directories() {
        let text = "FROM debian:12\nVOLUME /proc /data\nVOLUME [\"/sys/fs/cgroup\", \"/etc/\"]\nVOLUME //\n";
        assert_eq!(
            spans(text, "DO1026"),
            [
                ("/proc".to_string(), 2, 8),
                ("\"/sys/fs/cgroup\"".to_string(), 3, 9),
                ("\"/etc/\"".to_string(), 3, 27),
                ("//".to_string(), 4, 8)
            ]
        );
    }

    #[test]
    fn application_directories_are_fine() {
        let text = "FROM debian:12\nVOLUME /etc/nginx /var/lib/postgresql/data /devices /system /usr/share/app\nVOLUME $UNKNOWN\n# VOLUME /proc\n";
        assert!(spans(text, "DO1026").is_empty());
    }
}
