//! Recognises the programs rules care about and reads their arguments:
//! package managers (with packages and version pins), downloads, file and
//! user commands.
//!
//! Owns the per-program option tables and subcommand names. It reads words
//! only; it never guesses the value of a dynamic word (a `$PKGS` package is
//! [`PackageKind::Dynamic`], neither pinned nor unpinned).

use std::borrow::Cow;

use serde::Serialize;

use super::args::{flag, parse_args, valued, FlagStyle, OptionTable, ParsedArgs};
use super::{sub_cow, ByteRange, Command, Word};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum PackageManager {
    AptGet,
    Apt,
    Aptitude,
    Apk,
    Dnf,
    Yum,
    Microdnf,
    Zypper,
    /// `pip`, `pip3`, `pip3.12`, `python -m pip`.
    Pip,
    /// `uv pip …`, `uv sync`, `uv add`, `uv tool install`.
    Uv,
    Poetry,
    Pipenv,
    Pipx,
    Npm,
    Yarn,
    Pnpm,
    Bun,
    Gem,
    Go,
    Cargo,
}

impl PackageManager {
    fn table(self) -> &'static OptionTable {
        match self {
            PackageManager::AptGet | PackageManager::Apt | PackageManager::Aptitude => &APT,
            PackageManager::Apk => &APK,
            PackageManager::Dnf | PackageManager::Yum | PackageManager::Microdnf => &DNF,
            PackageManager::Zypper => &ZYPPER,
            PackageManager::Pip | PackageManager::Uv => &PIP,
            PackageManager::Poetry => &POETRY,
            PackageManager::Pipenv => &PIPENV,
            PackageManager::Pipx => &PIPX,
            PackageManager::Npm => &NPM,
            PackageManager::Yarn => &YARN,
            PackageManager::Pnpm => &PNPM,
            PackageManager::Bun => &BUN,
            PackageManager::Gem => &GEM,
            PackageManager::Go => &GO,
            PackageManager::Cargo => &CARGO,
        }
    }

    fn is_apt(self) -> bool {
        matches!(
            self,
            PackageManager::AptGet | PackageManager::Apt | PackageManager::Aptitude
        )
    }
}

/// What a package-manager command does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum PackageAction {
    /// Refresh the package index (`apt-get update`, `apk update`,
    /// `zypper refresh`, `dnf makecache`).
    Update,
    /// Install packages or a project's dependencies (`install`, `add`,
    /// `npm ci`, bare `yarn`, `go install`, `cargo install`).
    Install,
    /// Upgrade installed packages (`upgrade`, `dnf update`).
    Upgrade,
    /// `dist-upgrade`, `full-upgrade`, `zypper dup`, `dnf distro-sync`.
    DistUpgrade,
    /// `remove`, `purge`, `del`, `uninstall`.
    Remove,
    AutoRemove,
    /// Drop caches (`clean`, `cache clean`, `cc`, `pip cache purge`).
    Clean,
    /// `go build`, `cargo build`.
    Build,
    /// Any other subcommand.
    Other,
}

/// How a package argument names its package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum PackageKind {
    /// A registry name, possibly with a version pin.
    Name,
    /// A local file or directory (`./x.deb`, `.`, `/tmp/pkg.whl`).
    File,
    /// A URL (`https://…`, `git+https://…`).
    Url,
    /// Contains an expansion (`$PKGS`): unknown, never "unpinned".
    Dynamic,
}

/// A version constraint written into a package argument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionPin<'a> {
    /// `=`, `/` (apt target release), `==`, `>=`, `~=`, `~`, `@`, `:`, `-`
    /// (rpm `name-version`) …
    pub operator: Cow<'a, str>,
    pub version: Cow<'a, str>,
    /// From the operator to the end of the version.
    pub span: ByteRange,
}

/// One package argument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Package<'a> {
    pub word: Word<'a>,
    pub kind: PackageKind,
    /// The package name (extras such as `[security]` removed).
    pub name: Cow<'a, str>,
    pub name_span: ByteRange,
    pub version: Option<VersionPin<'a>>,
}

/// A package-manager command.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackageCommand<'a> {
    pub manager: PackageManager,
    pub action: PackageAction,
    /// The subcommand words (`install`; `cache`, `clean`), empty when
    /// implied (bare `yarn`).
    pub subcommand: Vec<Word<'a>>,
    /// Where to insert a flag right after the subcommand (after the program
    /// name when there is none), e.g. for `--no-install-recommends`.
    pub insert_at: usize,
    pub args: ParsedArgs<'a>,
    /// Package arguments of install/remove/upgrade actions (flags and their
    /// values, such as `-t bookworm-backports` or `-r requirements.txt`,
    /// excluded).
    pub packages: Vec<Package<'a>>,
}

impl<'a> PackageCommand<'a> {
    pub fn has_flag(&self, name: &str) -> bool {
        self.args.has_flag(name)
    }

    /// The first subcommand word equals `s` (`"ci"`, `"install"`).
    pub fn subcommand_is(&self, s: &str) -> bool {
        self.subcommand.first().is_some_and(|w| w.is(s))
    }

    /// Will not stop to ask for confirmation: `-y`/`--yes`/`--assume-yes`
    /// (also inside `-qy`), apt's `-qq` or `-q=2`, zypper's `-n`/`-y`; apk
    /// and the language managers never ask.
    pub fn assumes_yes(&self) -> bool {
        let m = self.manager;
        if m.is_apt() {
            let quiet_level: usize = self
                .args
                .flags_named("-q")
                .map(|f| match &f.value {
                    Some(v) => v.value.parse().unwrap_or(1),
                    None => 1,
                })
                .sum();
            return self.has_flag("-y")
                || quiet_level >= 2
                || self
                    .args
                    .flags_named("-o")
                    .filter_map(|f| f.value.as_ref())
                    .any(|v| v.value.contains("Assume-Yes=true"));
        }
        match m {
            PackageManager::Dnf | PackageManager::Yum | PackageManager::Microdnf => {
                self.has_flag("-y")
            }
            PackageManager::Zypper => self.has_flag("-n") || self.has_flag("-y"),
            _ => true,
        }
    }

    /// apt `--no-install-recommends` or `-o APT::Install-Recommends=false`;
    /// zypper `--no-recommends`; dnf `--setopt=install_weak_deps=False`.
    pub fn no_install_recommends(&self) -> bool {
        let option_says = |name: &str, needle: &str| {
            self.args
                .flags_named(name)
                .filter_map(|f| f.value.as_ref())
                .any(|v| {
                    let v = v.value.to_ascii_lowercase();
                    v.contains(needle) && (v.ends_with("=false") || v.ends_with("=0"))
                })
        };
        match self.manager {
            m if m.is_apt() => {
                self.has_flag("--no-install-recommends") || option_says("-o", "install-recommends")
            }
            PackageManager::Zypper => self.has_flag("--no-recommends"),
            PackageManager::Dnf | PackageManager::Yum | PackageManager::Microdnf => {
                option_says("--setopt", "install_weak_deps")
            }
            _ => false,
        }
    }

    /// The manager's "do not keep a download cache" flag is present: apk
    /// `--no-cache`, pip/pipx `--no-cache-dir`, uv and bun `--no-cache`.
    pub fn no_cache(&self) -> bool {
        match self.manager {
            PackageManager::Apk | PackageManager::Uv | PackageManager::Bun => {
                self.has_flag("--no-cache")
            }
            PackageManager::Pip | PackageManager::Pipx => self.has_flag("--no-cache-dir"),
            _ => false,
        }
    }

    /// pip/uv `-r FILE` / `--requirement FILE` values.
    pub fn requirement_files(&self) -> impl Iterator<Item = &Word<'a>> + '_ {
        self.args
            .flags_named("-r")
            .filter(|_| matches!(self.manager, PackageManager::Pip | PackageManager::Uv))
            .filter_map(|f| f.value.as_ref())
    }

    pub fn uses_requirement_files(&self) -> bool {
        self.requirement_files().next().is_some()
    }

    /// Development dependencies are left out: npm `--omit=dev`,
    /// `--production`, `--only=prod`; yarn/bun `--production`; pnpm `--prod`;
    /// poetry `--only main`, `--without dev`, `--no-dev`.
    pub fn omits_dev(&self) -> bool {
        let value_has = |name: &str, needle: &str| {
            self.args
                .flags_named(name)
                .filter_map(|f| f.value.as_ref())
                .any(|v| v.value.split(',').any(|p| p.trim() == needle))
        };
        let production = |name: &str| {
            self.args
                .flags_named(name)
                .any(|f| f.value.as_ref().is_none_or(|v| !v.is("false")))
        };
        match self.manager {
            PackageManager::Npm => {
                value_has("--omit", "dev")
                    || production("--production")
                    || value_has("--only", "prod")
                    || value_has("--only", "production")
            }
            PackageManager::Yarn | PackageManager::Bun => production("--production"),
            PackageManager::Pnpm => production("--prod"),
            PackageManager::Poetry => {
                self.has_flag("--no-dev")
                    || value_has("--only", "main")
                    || value_has("--without", "dev")
            }
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DownloadTool {
    Curl,
    Wget,
}

/// A `curl` or `wget` command.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Download<'a> {
    pub tool: DownloadTool,
    pub args: ParsedArgs<'a>,
    /// The URL arguments (and curl's `--url` values).
    pub urls: Vec<Word<'a>>,
    /// curl `-o FILE`, wget `-O FILE` (`-` means stdout).
    pub output: Option<Word<'a>>,
}

impl<'a> Download<'a> {
    /// TLS verification is off: curl `-k`/`--insecure`, wget
    /// `--no-check-certificate`.
    pub fn insecure(&self) -> Option<&super::Flag<'a>> {
        match self.tool {
            DownloadTool::Curl => self.args.flag("-k"),
            DownloadTool::Wget => self.args.flag("--no-check-certificate"),
        }
    }

    /// The body goes to stdout (for `curl … | sh`): curl without `-o`/`-O`,
    /// wget with `-O -`.
    pub fn writes_to_stdout(&self) -> bool {
        match self.tool {
            DownloadTool::Curl => {
                self.output.as_ref().is_none_or(|o| o.is("-")) && !self.args.has_flag("-O")
            }
            DownloadTool::Wget => self.output.as_ref().is_some_and(|o| o.is("-")),
        }
    }

    /// wget's `--progress=…` (DL3047 wants it, or quiet output).
    pub fn progress(&self) -> Option<&super::Flag<'a>> {
        self.args.flag("--progress")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum FileTool {
    Remove,
    ChangeOwner,
    ChangeMode,
    MakeDirectory,
    ChangeDirectory,
    Link,
}

/// `rm`, `chown`, `chmod`, `mkdir`, `cd`, `ln`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileOperation<'a> {
    pub tool: FileTool,
    pub args: ParsedArgs<'a>,
}

impl<'a> FileOperation<'a> {
    /// `rm -r`/`-R`/`--recursive`, `chown -R`, `chmod -R`.
    pub fn recursive(&self) -> bool {
        match self.tool {
            FileTool::Remove | FileTool::ChangeOwner | FileTool::ChangeMode => {
                self.args.has_flag("-r")
            }
            _ => false,
        }
    }

    pub fn force(&self) -> bool {
        self.tool == FileTool::Remove && self.args.has_flag("-f")
    }

    /// The owner (chown) or mode (chmod) operand.
    pub fn owner_or_mode(&self) -> Option<&Word<'a>> {
        match self.tool {
            FileTool::ChangeOwner | FileTool::ChangeMode => self.args.operands.first(),
            _ => None,
        }
    }

    /// The path operands (after the owner or mode for chown/chmod).
    pub fn paths(&self) -> &[Word<'a>] {
        let skip = usize::from(self.owner_or_mode().is_some());
        self.args.operands.get(skip..).unwrap_or(&[])
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum UserTool {
    Useradd,
    Adduser,
    Groupadd,
    Addgroup,
}

/// `useradd`, `adduser`, `groupadd`, `addgroup`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserCommand<'a> {
    pub tool: UserTool,
    pub args: ParsedArgs<'a>,
}

impl<'a> UserCommand<'a> {
    /// The numeric id given (`-u`/`--uid`, or `-g`/`--gid` for groups).
    pub fn id(&self) -> Option<&Word<'a>> {
        match self.tool {
            UserTool::Useradd | UserTool::Adduser => self.args.value_of("--uid"),
            UserTool::Groupadd | UserTool::Addgroup => self.args.value_of("--gid"),
        }
    }

    /// `-r`/`--system` (useradd, groupadd) or `-S`/`--system` (adduser,
    /// addgroup).
    pub fn system(&self) -> bool {
        self.args.has_flag("--system")
    }

    /// useradd `-l`/`--no-log-init` (DL3046).
    pub fn no_log_init(&self) -> bool {
        self.tool == UserTool::Useradd && self.args.has_flag("--no-log-init")
    }

    /// The user or group name (the last operand).
    pub fn name(&self) -> Option<&Word<'a>> {
        self.args.operands.last()
    }
}

/// A recognised program.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Invocation<'a> {
    Package(PackageCommand<'a>),
    Download(Download<'a>),
    File(FileOperation<'a>),
    User(UserCommand<'a>),
    Echo(ParsedArgs<'a>),
    /// `set` (its pipefail effect is tracked on the [`super::Script`]).
    Set(ParsedArgs<'a>),
    UpdateCaCertificates(ParsedArgs<'a>),
}

fn is_pip(name: &str) -> bool {
    name.strip_prefix("pip")
        .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// `python`, `python3`, `python3.12`: an interpreter's program name.
pub(crate) fn is_python(name: &str) -> bool {
    name.strip_prefix("python")
        .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// Recognise the command's program, if it is one we read.
pub(super) fn recognize<'a>(command: &Command<'a>) -> Option<Invocation<'a>> {
    let index = command.name_index?;
    let program = command.program()?;
    let name_end = command.words.get(index)?.span.end;
    let args = command.words.get(index + 1..).unwrap_or(&[]);
    let manager = match program {
        "apt-get" => PackageManager::AptGet,
        "apt" => PackageManager::Apt,
        "aptitude" => PackageManager::Aptitude,
        "apk" => PackageManager::Apk,
        "dnf" | "dnf5" => PackageManager::Dnf,
        "yum" => PackageManager::Yum,
        "microdnf" => PackageManager::Microdnf,
        "zypper" => PackageManager::Zypper,
        "uv" => {
            return Some(match args.first() {
                Some(w) if w.is("pip") => {
                    package_command(PackageManager::Uv, args.get(1..)?, w.span.end)
                }
                _ => package_command(PackageManager::Uv, args, name_end),
            })
        }
        "poetry" => PackageManager::Poetry,
        "pipenv" => PackageManager::Pipenv,
        "pipx" => PackageManager::Pipx,
        "npm" => PackageManager::Npm,
        "yarn" | "yarnpkg" => PackageManager::Yarn,
        "pnpm" => PackageManager::Pnpm,
        "bun" => PackageManager::Bun,
        "gem" => PackageManager::Gem,
        "go" => PackageManager::Go,
        "cargo" => PackageManager::Cargo,
        p if is_pip(p) => PackageManager::Pip,
        p if is_python(p) => {
            // `python -m pip …` (interpreter flags such as `-u` may come first).
            let m = args.iter().position(|w| w.is("-m"))?;
            let module = args.get(m + 1)?;
            if !module.literal().is_some_and(is_pip) {
                return None;
            }
            return Some(package_command(
                PackageManager::Pip,
                args.get(m + 2..).unwrap_or(&[]),
                module.span.end,
            ));
        }
        "curl" | "wget" => {
            let tool = if program == "curl" {
                DownloadTool::Curl
            } else {
                DownloadTool::Wget
            };
            let table = if tool == DownloadTool::Curl {
                &CURL
            } else {
                &WGET
            };
            let parsed = parse_args(args, table);
            let mut urls = parsed.operands.clone();
            urls.extend(parsed.flags_named("--url").filter_map(|f| f.value.clone()));
            let output_flag = if tool == DownloadTool::Curl {
                "-o"
            } else {
                "-O"
            };
            let output = parsed.value_of(output_flag).cloned();
            return Some(Invocation::Download(Download {
                tool,
                args: parsed,
                urls,
                output,
            }));
        }
        "rm" | "chown" | "chmod" | "mkdir" | "cd" | "ln" => {
            let (tool, table) = match program {
                "rm" => (FileTool::Remove, &RM),
                "chown" => (FileTool::ChangeOwner, &CHOWN),
                "chmod" => (FileTool::ChangeMode, &CHOWN),
                "mkdir" => (FileTool::MakeDirectory, &MKDIR),
                "cd" => (FileTool::ChangeDirectory, &super::args::NO_OPTIONS),
                _ => (FileTool::Link, &LN),
            };
            return Some(Invocation::File(FileOperation {
                tool,
                args: parse_args(args, table),
            }));
        }
        "useradd" | "adduser" | "groupadd" | "addgroup" => {
            let (tool, table) = match program {
                "useradd" => (UserTool::Useradd, &USERADD),
                "adduser" => (UserTool::Adduser, &ADDUSER),
                "groupadd" => (UserTool::Groupadd, &GROUPADD),
                _ => (UserTool::Addgroup, &ADDGROUP),
            };
            return Some(Invocation::User(UserCommand {
                tool,
                args: parse_args(args, table),
            }));
        }
        "echo" => return Some(Invocation::Echo(parse_args(args, &ECHO))),
        "set" => return Some(Invocation::Set(parse_args(args, &super::args::NO_OPTIONS))),
        "update-ca-certificates" => {
            return Some(Invocation::UpdateCaCertificates(parse_args(
                args,
                &super::args::NO_OPTIONS,
            )))
        }
        _ => return None,
    };
    Some(package_command(manager, args, name_end))
}

fn package_command<'a>(
    manager: PackageManager,
    args: &[Word<'a>],
    name_end: usize,
) -> Invocation<'a> {
    let parsed = parse_args(args, manager.table());
    let (action, count) = action_of(manager, &parsed.operands);
    let subcommand: Vec<Word<'a>> = parsed.operands.iter().take(count).cloned().collect();
    let insert_at = subcommand.last().map_or(name_end, |w| w.span.end);
    let takes_packages = matches!(
        action,
        PackageAction::Install | PackageAction::Remove | PackageAction::Upgrade
    );
    let packages = if takes_packages {
        parsed
            .operands
            .iter()
            .skip(count)
            .map(|w| package(manager, w.clone()))
            .collect()
    } else {
        Vec::new()
    };
    Invocation::Package(PackageCommand {
        manager,
        action,
        subcommand,
        insert_at,
        args: parsed,
        packages,
    })
}

/// The action and how many operands name it.
fn action_of(manager: PackageManager, operands: &[Word<'_>]) -> (PackageAction, usize) {
    use PackageAction as A;
    use PackageManager as M;
    let word = |i: usize| operands.get(i).and_then(Word::literal).unwrap_or("");
    let first = word(0);
    let second = word(1);
    if operands.first().is_some_and(|w| w.dynamic) {
        return (A::Other, 1);
    }
    let one = |a: A| (a, 1);
    match manager {
        M::AptGet | M::Apt | M::Aptitude => one(match first {
            "install" | "reinstall" => A::Install,
            "update" => A::Update,
            "upgrade" | "safe-upgrade" => A::Upgrade,
            "dist-upgrade" | "full-upgrade" => A::DistUpgrade,
            "remove" | "purge" => A::Remove,
            "autoremove" | "autopurge" => A::AutoRemove,
            "clean" | "autoclean" | "dist-clean" => A::Clean,
            _ => A::Other,
        }),
        M::Apk => match (first, second) {
            ("cache", "clean" | "purge") => (A::Clean, 2),
            _ => one(match first {
                "add" => A::Install,
                "del" => A::Remove,
                "update" => A::Update,
                "upgrade" => A::Upgrade,
                _ => A::Other,
            }),
        },
        M::Dnf | M::Yum | M::Microdnf => one(match first {
            "install" | "reinstall" | "localinstall" | "groupinstall" => A::Install,
            "remove" | "erase" => A::Remove,
            "autoremove" => A::AutoRemove,
            "update" | "upgrade" => A::Upgrade,
            "distro-sync" => A::DistUpgrade,
            "makecache" => A::Update,
            "clean" => A::Clean,
            _ => A::Other,
        }),
        M::Zypper => one(match first {
            "install" | "in" => A::Install,
            "remove" | "rm" => A::Remove,
            "refresh" | "ref" => A::Update,
            "update" | "up" => A::Upgrade,
            "dist-upgrade" | "dup" => A::DistUpgrade,
            "clean" | "cc" => A::Clean,
            _ => A::Other,
        }),
        M::Pip => match (first, second) {
            ("cache", "purge" | "remove") => (A::Clean, 2),
            _ => one(match first {
                "install" => A::Install,
                "uninstall" => A::Remove,
                _ => A::Other,
            }),
        },
        M::Uv => match (first, second) {
            ("tool", "install") => (A::Install, 2),
            ("cache", "clean" | "prune") => (A::Clean, 2),
            _ => one(match first {
                "install" | "sync" | "add" => A::Install,
                "uninstall" | "remove" => A::Remove,
                _ => A::Other,
            }),
        },
        M::Poetry => match (first, second) {
            ("cache", "clear") => (A::Clean, 2),
            _ => one(match first {
                "install" | "add" => A::Install,
                "remove" => A::Remove,
                "update" => A::Upgrade,
                _ => A::Other,
            }),
        },
        M::Pipenv | M::Pipx => one(match first {
            "install" | "sync" | "inject" => A::Install,
            "uninstall" => A::Remove,
            "update" | "upgrade" => A::Upgrade,
            _ => A::Other,
        }),
        M::Npm | M::Pnpm | M::Bun => match (first, second, word(2)) {
            ("cache", "clean", _) => (A::Clean, 2),
            ("store", "prune", _) => (A::Clean, 2),
            ("pm", "cache", "rm") => (A::Clean, 3),
            _ => one(match first {
                "install" | "i" | "ci" | "add" | "a" | "in" | "isntall" | "fetch" => A::Install,
                "uninstall" | "remove" | "rm" | "un" | "r" => A::Remove,
                "update" | "up" | "upgrade" => A::Upgrade,
                _ => A::Other,
            }),
        },
        M::Yarn => match (first, second) {
            ("", _) => (A::Install, 0),
            ("cache", "clean") => (A::Clean, 2),
            ("global", "add") => (A::Install, 2),
            ("global", "remove") => (A::Remove, 2),
            _ => one(match first {
                "install" | "add" => A::Install,
                "remove" => A::Remove,
                "upgrade" | "up" => A::Upgrade,
                _ => A::Other,
            }),
        },
        M::Gem => one(match first {
            "install" | "i" => A::Install,
            "uninstall" => A::Remove,
            "update" => A::Upgrade,
            "cleanup" => A::Clean,
            _ => A::Other,
        }),
        M::Go => match (first, second) {
            ("mod", "download") => (A::Install, 2),
            _ => one(match first {
                "install" | "get" => A::Install,
                "build" => A::Build,
                "clean" => A::Clean,
                _ => A::Other,
            }),
        },
        M::Cargo => one(match first {
            "install" => A::Install,
            "build" => A::Build,
            "uninstall" => A::Remove,
            _ => A::Other,
        }),
    }
}

fn looks_like_file(manager: PackageManager, v: &str) -> bool {
    const ARCHIVES: &[&str] = &[
        ".deb", ".rpm", ".apk", ".whl", ".tar.gz", ".tgz", ".zip", ".gem", ".tar.bz2",
    ];
    if ARCHIVES.iter().any(|a| v.ends_with(a)) {
        return true;
    }
    let path_like = v.starts_with('.') || v.starts_with('/') || v.starts_with('~');
    match manager {
        // `pkg/bookworm-backports` is a release pin, `github.com/x/y` a module.
        PackageManager::AptGet
        | PackageManager::Apt
        | PackageManager::Aptitude
        | PackageManager::Go
        | PackageManager::Cargo => path_like,
        _ => path_like || v.contains('/') && !v.starts_with('@') && !v.contains('@'),
    }
}

/// Where a version pin starts in `v` for `manager`, and the operator length.
fn pin_position(manager: PackageManager, v: &str) -> Option<(usize, usize)> {
    use PackageManager as M;
    let bytes = v.as_bytes();
    let run_from = |at: usize, set: &[u8]| {
        let mut end = at;
        while bytes.get(end).is_some_and(|b| set.contains(b)) {
            end += 1;
        }
        (at, end - at)
    };
    match manager {
        M::AptGet | M::Apt | M::Aptitude => v.find(['=', '/']).map(|at| (at, 1)),
        M::Apk => v.find(['=', '~', '<', '>']).map(|at| run_from(at, b"=~<>")),
        M::Zypper => v.find(['=', '<', '>']).map(|at| run_from(at, b"=<>")),
        M::Dnf | M::Yum | M::Microdnf => rpm_version_start(v).map(|at| (at, 1)),
        M::Pip | M::Uv | M::Poetry | M::Pipenv | M::Pipx => {
            let at = v.find(['=', '<', '>', '!', '~', '@'])?;
            if bytes.get(at) == Some(&b'@') {
                Some((at, 1))
            } else {
                Some(run_from(at, b"=<>!~"))
            }
        }
        M::Npm | M::Yarn | M::Pnpm | M::Bun => v.get(1..)?.find('@').map(|at| (at + 1, 1)),
        M::Gem => v.find(':').map(|at| (at, 1)),
        M::Go | M::Cargo => v.find('@').map(|at| (at, 1)),
    }
}

/// rpm `name-version[-release]`: the first `-` followed by a digit whose
/// tail looks like a version (no `-letter` after it), so `java-11-openjdk`
/// is a name and `nginx-1.20.1-1.el8` is pinned.
fn rpm_version_start(v: &str) -> Option<usize> {
    let bytes = v.as_bytes();
    (0..bytes.len()).find(|&i| {
        bytes[i] == b'-'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
            && !bytes[i + 1..]
                .windows(2)
                .any(|w| w[0] == b'-' && w[1].is_ascii_alphabetic())
    })
}

fn package<'a>(manager: PackageManager, word: Word<'a>) -> Package<'a> {
    let whole = ByteRange::new(0, word.value.len());
    if word.dynamic {
        return Package {
            name: word.value.clone(),
            name_span: word.span,
            kind: PackageKind::Dynamic,
            version: None,
            word,
        };
    }
    let v: &str = &word.value;
    let kind = if v.contains("://") || v.starts_with("git+") {
        PackageKind::Url
    } else if looks_like_file(manager, v) {
        PackageKind::File
    } else {
        PackageKind::Name
    };
    let pin = if kind == PackageKind::Name {
        pin_position(manager, v)
    } else {
        None
    };
    let (name_end, version) = match pin {
        Some((at, op_len)) => {
            let version = VersionPin {
                operator: sub_cow(&word.value, at, at + op_len),
                version: sub_cow(&word.value, at + op_len, whole.end),
                span: word.value_span(at, whole.end),
            };
            (at, Some(version))
        }
        None => (whole.end, None),
    };
    // pip extras: `requests[security]==2.0`.
    let name_end = match v.get(..name_end).and_then(|n| n.find('[')) {
        Some(bracket) if kind == PackageKind::Name => bracket,
        _ => name_end,
    };
    Package {
        name: sub_cow(&word.value, 0, name_end),
        name_span: word.value_span(0, name_end),
        kind,
        version,
        word,
    }
}

macro_rules! table {
    ($name:ident, $style:expr, [$($spec:expr),* $(,)?]) => {
        static $name: OptionTable = OptionTable {
            style: $style,
            specs: &[$($spec),*],
        };
    };
}

const G: FlagStyle = FlagStyle::Gnu;

table!(
    APT,
    G,
    [
        flag(&["-y", "--yes", "--assume-yes"]),
        flag(&["-q", "--quiet", "--silent"]),
        flag(&["--no-install-recommends"]),
        flag(&["--install-recommends"]),
        flag(&["--no-install-suggests"]),
        flag(&["-f", "--fix-broken"]),
        flag(&["-m", "--ignore-missing", "--fix-missing"]),
        flag(&["-d", "--download-only"]),
        flag(&[
            "-s",
            "--simulate",
            "--just-print",
            "--dry-run",
            "--recon",
            "--no-act"
        ]),
        flag(&["--allow-unauthenticated"]),
        flag(&["--force-yes"]),
        flag(&["--reinstall"]),
        flag(&["--no-upgrade"]),
        flag(&["--only-upgrade"]),
        flag(&["--allow-downgrades"]),
        flag(&["--allow-change-held-packages"]),
        valued(&["-t", "--target-release", "--default-release"]),
        valued(&["-o", "--option"]),
        valued(&["-c", "--config-file"]),
        valued(&["-a", "--host-architecture"]),
    ]
);

table!(
    APK,
    G,
    [
        flag(&["--no-cache"]),
        flag(&["-U", "--update-cache", "--update"]),
        flag(&["-u", "--upgrade"]),
        flag(&["-q", "--quiet"]),
        flag(&["-v", "--verbose"]),
        flag(&["-i", "--interactive"]),
        flag(&["--allow-untrusted"]),
        flag(&["--no-progress"]),
        flag(&["--purge"]),
        flag(&["-l", "--latest"]),
        valued(&["-t", "--virtual"]),
        valued(&["-X", "--repository"]),
        valued(&["-p", "--root"]),
        valued(&["--arch"]),
        valued(&["--keys-dir"]),
        valued(&["--repositories-file"]),
        valued(&["--cache-dir"]),
    ]
);

table!(
    DNF,
    G,
    [
        flag(&["-y", "--assumeyes"]),
        flag(&["-q", "--quiet"]),
        flag(&["--nodocs"]),
        flag(&["--nogpgcheck", "--no-gpgchecks"]),
        flag(&["--best"]),
        flag(&["--allowerasing"]),
        flag(&["--refresh"]),
        flag(&["--noplugins"]),
        flag(&["--skip-broken"]),
        valued(&["--setopt"]),
        valued(&["--enablerepo"]),
        valued(&["--disablerepo"]),
        valued(&["--repo", "--repoid"]),
        valued(&["-c", "--config"]),
        valued(&["--installroot"]),
        valued(&["--releasever"]),
        valued(&["-x", "--exclude"]),
        valued(&["--disableplugin"]),
        valued(&["--enableplugin"]),
    ]
);

table!(
    ZYPPER,
    G,
    [
        flag(&["-n", "--non-interactive"]),
        flag(&["-y", "--no-confirm"]),
        flag(&["-q", "--quiet"]),
        flag(&["--no-recommends"]),
        flag(&["--no-gpg-checks"]),
        flag(&["--gpg-auto-import-keys"]),
        flag(&["-l", "--auto-agree-with-licenses"]),
        flag(&["-f", "--force"]),
        valued(&["-r", "--repo"]),
        valued(&["-R", "--root"]),
        valued(&["-t", "--type"]),
        valued(&["--from"]),
    ]
);

table!(
    PIP,
    G,
    [
        flag(&["-U", "--upgrade"]),
        flag(&["--no-cache-dir"]),
        flag(&["--no-cache", "-n"]),
        flag(&["-q", "--quiet"]),
        flag(&["-v", "--verbose"]),
        flag(&["--user"]),
        flag(&["--system"]),
        flag(&["--no-deps"]),
        flag(&["--pre"]),
        flag(&["--break-system-packages"]),
        flag(&["-I", "--ignore-installed"]),
        flag(&["--force-reinstall"]),
        flag(&["--require-hashes"]),
        flag(&["--no-build-isolation"]),
        flag(&["--disable-pip-version-check"]),
        flag(&["--no-input"]),
        valued(&["-r", "--requirement"]),
        valued(&["-c", "--constraint"]),
        valued(&["-e", "--editable"]),
        valued(&["-i", "--index-url"]),
        valued(&["--extra-index-url"]),
        valued(&["-f", "--find-links"]),
        valued(&["--trusted-host"]),
        valued(&["-t", "--target"]),
        valued(&["--prefix"]),
        valued(&["--root"]),
        valued(&["--src"]),
        valued(&["--platform"]),
        valued(&["--python-version"]),
        valued(&["--implementation"]),
        valued(&["--abi"]),
        valued(&["--no-binary"]),
        valued(&["--only-binary"]),
        valued(&["--progress-bar"]),
        valued(&["--log"]),
        valued(&["--cache-dir"]),
        valued(&["--proxy"]),
        valued(&["--timeout"]),
        valued(&["--retries"]),
        valued(&["--upgrade-strategy"]),
        valued(&["-C", "--config-settings"]),
        valued(&["--global-option"]),
        valued(&["--install-option"]),
        valued(&["--report"]),
        valued(&["--python", "-p"]),
        valued(&["--exists-action"]),
        valued(&["--cert"]),
        valued(&["--client-cert"]),
        valued(&["--use-feature"]),
        valued(&["--index-strategy"]),
        valued(&["--extra"]),
        valued(&["--group"]),
    ]
);

table!(
    POETRY,
    G,
    [
        flag(&["--no-root"]),
        flag(&["--no-dev"]),
        flag(&["-n", "--no-interaction"]),
        flag(&["--sync"]),
        flag(&["--no-ansi"]),
        flag(&["--all-extras"]),
        valued(&["--only"]),
        valued(&["--without"]),
        valued(&["--with"]),
        valued(&["-E", "--extras"]),
        valued(&["-C", "--directory"]),
        valued(&["-P", "--project"]),
        valued(&["-G", "--group"]),
    ]
);

table!(
    PIPENV,
    G,
    [
        flag(&["--deploy"]),
        flag(&["--system"]),
        flag(&["-d", "--dev"]),
        flag(&["--ignore-pipfile"]),
        flag(&["--clear"]),
        valued(&["--python"]),
    ]
);

table!(
    PIPX,
    G,
    [
        flag(&["--force", "-f"]),
        flag(&["--include-deps"]),
        valued(&["--pip-args"]),
        valued(&["--python"]),
        valued(&["--index-url", "-i"]),
        valued(&["--suffix"]),
    ]
);

table!(
    NPM,
    G,
    [
        flag(&["--production"]),
        flag(&["-g", "--global"]),
        flag(&["-D", "--save-dev"]),
        flag(&["-P", "--save-prod"]),
        flag(&["-E", "--save-exact"]),
        flag(&["--no-save"]),
        flag(&["--no-audit"]),
        flag(&["--no-fund"]),
        flag(&["--ignore-scripts"]),
        flag(&["--legacy-peer-deps"]),
        flag(&["-f", "--force"]),
        flag(&["-s", "--silent"]),
        flag(&["-q", "--quiet"]),
        flag(&["--unsafe-perm"]),
        flag(&["--prefer-offline"]),
        valued(&["--omit"]),
        valued(&["--include"]),
        valued(&["--only"]),
        valued(&["--registry"]),
        valued(&["--prefix"]),
        valued(&["-w", "--workspace"]),
        valued(&["--cache"]),
        valued(&["--loglevel"]),
        valued(&["--tag"]),
        valued(&["--userconfig"]),
    ]
);

table!(
    YARN,
    G,
    [
        flag(&["--frozen-lockfile"]),
        flag(&["--immutable"]),
        flag(&["--production", "--prod"]),
        flag(&["--ignore-optional"]),
        flag(&["--pure-lockfile"]),
        flag(&["--non-interactive"]),
        flag(&["-D", "--dev"]),
        flag(&["-E", "--exact"]),
        flag(&["--check-files"]),
        flag(&["-s", "--silent"]),
        flag(&["--force"]),
        flag(&["-W", "--ignore-workspace-root-check"]),
        flag(&["--ignore-engines"]),
        valued(&["--cwd"]),
        valued(&["--registry"]),
        valued(&["--network-timeout"]),
        valued(&["--modules-folder"]),
        valued(&["--cache-folder"]),
        valued(&["--mutex"]),
    ]
);

table!(
    PNPM,
    G,
    [
        flag(&["--prod", "-P", "--production"]),
        flag(&["--frozen-lockfile"]),
        flag(&["-D", "--save-dev"]),
        flag(&["-g", "--global"]),
        flag(&["--offline"]),
        flag(&["--prefer-offline"]),
        flag(&["--ignore-scripts"]),
        flag(&["-r", "--recursive"]),
        valued(&["--filter", "-F"]),
        valued(&["-C", "--dir"]),
        valued(&["--store-dir"]),
    ]
);

table!(
    BUN,
    G,
    [
        flag(&["--production", "-p"]),
        flag(&["--frozen-lockfile"]),
        flag(&["-g", "--global"]),
        flag(&["-d", "--dev"]),
        flag(&["--no-cache"]),
        flag(&["-E", "--exact"]),
        valued(&["--cwd"]),
        valued(&["--registry"]),
    ]
);

table!(
    GEM,
    G,
    [
        flag(&["-N", "--no-document"]),
        flag(&["--no-ri"]),
        flag(&["--no-rdoc"]),
        flag(&["--user-install"]),
        flag(&["-f", "--force"]),
        flag(&["--conservative"]),
        flag(&["--minimal-deps"]),
        valued(&["-v", "--version"]),
        valued(&["-i", "--install-dir"]),
        valued(&["--source", "-s"]),
        valued(&["-n", "--bindir"]),
        valued(&["--platform"]),
    ]
);

table!(
    GO,
    FlagStyle::SingleDash,
    [
        flag(&["-trimpath"]),
        flag(&["-v"]),
        flag(&["-x"]),
        flag(&["-a"]),
        flag(&["-race"]),
        valued(&["-o"]),
        valued(&["-ldflags"]),
        valued(&["-gcflags"]),
        valued(&["-asmflags"]),
        valued(&["-tags"]),
        valued(&["-mod"]),
        valued(&["-modfile"]),
        valued(&["-C"]),
        valued(&["-p"]),
        valued(&["-buildmode"]),
        valued(&["-pkgdir"]),
        valued(&["-overlay"]),
        valued(&["-pgo"]),
    ]
);

table!(
    CARGO,
    G,
    [
        flag(&["--locked"]),
        flag(&["--frozen"]),
        flag(&["--offline"]),
        flag(&["-r", "--release"]),
        flag(&["-q", "--quiet"]),
        flag(&["-v", "--verbose"]),
        flag(&["-f", "--force"]),
        flag(&["--all-features"]),
        flag(&["--no-default-features"]),
        valued(&["--version", "--vers"]),
        valued(&["--git"]),
        valued(&["--branch"]),
        valued(&["--tag"]),
        valued(&["--rev"]),
        valued(&["--path"]),
        valued(&["--root"]),
        valued(&["--target"]),
        valued(&["--target-dir"]),
        valued(&["-j", "--jobs"]),
        valued(&["-F", "--features"]),
        valued(&["--profile"]),
        valued(&["--index"]),
        valued(&["--registry"]),
        valued(&["--bin"]),
        valued(&["--example"]),
        valued(&["-p", "--package"]),
        valued(&["--manifest-path"]),
        valued(&["-Z"]),
        valued(&["--config"]),
        valued(&["--color"]),
    ]
);

table!(
    CURL,
    G,
    [
        flag(&["-k", "--insecure"]),
        flag(&["-O", "--remote-name"]),
        flag(&["-f", "--fail"]),
        flag(&["-s", "--silent"]),
        flag(&["-S", "--show-error"]),
        flag(&["-L", "--location"]),
        flag(&["-#", "--progress-bar"]),
        flag(&["--create-dirs"]),
        flag(&["--compressed"]),
        flag(&["-J", "--remote-header-name"]),
        flag(&["-v", "--verbose"]),
        flag(&["-I", "--head"]),
        flag(&["-g", "--globoff"]),
        valued(&["-o", "--output"]),
        valued(&["-H", "--header"]),
        valued(&["-d", "--data"]),
        valued(&["--data-raw"]),
        valued(&["--data-binary"]),
        valued(&["--data-urlencode"]),
        valued(&["-X", "--request"]),
        valued(&["-u", "--user"]),
        valued(&["-A", "--user-agent"]),
        valued(&["-e", "--referer"]),
        valued(&["-w", "--write-out"]),
        valued(&["--retry"]),
        valued(&["--retry-delay"]),
        valued(&["--retry-max-time"]),
        valued(&["--connect-timeout"]),
        valued(&["-m", "--max-time"]),
        valued(&["-x", "--proxy"]),
        valued(&["--proto"]),
        valued(&["--proto-redir"]),
        valued(&["-C", "--continue-at"]),
        valued(&["-T", "--upload-file"]),
        valued(&["-b", "--cookie"]),
        valued(&["-c", "--cookie-jar"]),
        valued(&["--cacert"]),
        valued(&["--capath"]),
        valued(&["-E", "--cert"]),
        valued(&["--key"]),
        valued(&["-r", "--range"]),
        valued(&["-z", "--time-cond"]),
        valued(&["--resolve"]),
        valued(&["-F", "--form"]),
        valued(&["--url"]),
        valued(&["-K", "--config"]),
        valued(&["--limit-rate"]),
        valued(&["--output-dir"]),
        valued(&["-y", "--speed-time"]),
        valued(&["-Y", "--speed-limit"]),
        valued(&["--max-redirs"]),
        valued(&["--interface"]),
        valued(&["--netrc-file"]),
        valued(&["--oauth2-bearer"]),
    ]
);

table!(
    WGET,
    G,
    [
        flag(&["--no-check-certificate"]),
        flag(&["-q", "--quiet"]),
        flag(&["-nv", "--no-verbose"]),
        flag(&["-c", "--continue"]),
        flag(&["-N", "--timestamping"]),
        flag(&["--show-progress"]),
        flag(&["-nc", "--no-clobber"]),
        flag(&["-nd", "--no-directories"]),
        flag(&["-r", "--recursive"]),
        flag(&["-S", "--server-response"]),
        flag(&["--https-only"]),
        flag(&["-4", "--inet4-only"]),
        valued(&["-O", "--output-document"]),
        valued(&["-o", "--output-file"]),
        valued(&["-a", "--append-output"]),
        valued(&["-P", "--directory-prefix"]),
        valued(&["--progress"]),
        valued(&["-U", "--user-agent"]),
        valued(&["--header"]),
        valued(&["-t", "--tries"]),
        valued(&["-T", "--timeout"]),
        valued(&["-e", "--execute"]),
        valued(&["--user"]),
        valued(&["--password"]),
        valued(&["-i", "--input-file"]),
        valued(&["--ca-certificate"]),
        valued(&["--post-data"]),
        valued(&["-w", "--wait"]),
        valued(&["--limit-rate"]),
        valued(&["--max-redirect"]),
        valued(&["-l", "--level"]),
        valued(&["-A", "--accept"]),
        valued(&["-R", "--reject"]),
    ]
);

table!(
    RM,
    G,
    [
        flag(&["-r", "-R", "--recursive"]),
        flag(&["-f", "--force"]),
        flag(&["-v", "--verbose"]),
        flag(&["-i"]),
        flag(&["-d", "--dir"]),
        flag(&["--no-preserve-root"]),
    ]
);

table!(
    CHOWN,
    G,
    [
        flag(&["-r", "-R", "--recursive"]),
        flag(&["-h", "--no-dereference"]),
        flag(&["-v", "--verbose"]),
        flag(&["-c", "--changes"]),
        flag(&["-f", "--silent", "--quiet"]),
        valued(&["--from"]),
        valued(&["--reference"]),
    ]
);

table!(
    MKDIR,
    G,
    [
        flag(&["-p", "--parents"]),
        flag(&["-v", "--verbose"]),
        valued(&["-m", "--mode"]),
    ]
);

table!(
    LN,
    G,
    [
        flag(&["-s", "--symbolic"]),
        flag(&["-f", "--force"]),
        flag(&["-n", "--no-dereference"]),
        flag(&["-T", "--no-target-directory"]),
        flag(&["-r", "--relative"]),
        flag(&["-v", "--verbose"]),
        valued(&["-t", "--target-directory"]),
    ]
);

table!(
    USERADD,
    G,
    [
        flag(&["--no-log-init", "-l"]),
        flag(&["--create-home", "-m"]),
        flag(&["--no-create-home", "-M"]),
        flag(&["--system", "-r"]),
        flag(&["--no-user-group", "-N"]),
        flag(&["--non-unique", "-o"]),
        flag(&["--user-group", "-U"]),
        valued(&["--uid", "-u"]),
        valued(&["--gid", "-g"]),
        valued(&["--groups", "-G"]),
        valued(&["--home-dir", "-d"]),
        valued(&["--shell", "-s"]),
        valued(&["--comment", "-c"]),
        valued(&["--skel", "-k"]),
        valued(&["--expiredate", "-e"]),
        valued(&["--inactive", "-f"]),
        valued(&["--key", "-K"]),
        valued(&["--password", "-p"]),
        valued(&["--base-dir", "-b"]),
        valued(&["--root", "-R"]),
    ]
);

// Debian's adduser/addgroup (long options) and BusyBox's (short ones).
table!(
    ADDUSER,
    G,
    [
        flag(&["--system", "-S"]),
        flag(&["--disabled-password", "-D"]),
        flag(&["--disabled-login"]),
        flag(&["--no-create-home", "-H"]),
        flag(&["--group"]),
        flag(&["--quiet", "-q"]),
        valued(&["--uid", "-u"]),
        valued(&["--gid"]),
        valued(&["--ingroup", "-G"]),
        valued(&["--home", "-h"]),
        valued(&["--shell", "-s"]),
        valued(&["--gecos", "-g"]),
    ]
);

table!(
    GROUPADD,
    G,
    [
        flag(&["--system", "-r"]),
        flag(&["--force", "-f"]),
        flag(&["--non-unique", "-o"]),
        valued(&["--gid", "-g"]),
        valued(&["--key", "-K"]),
        valued(&["--password", "-p"]),
    ]
);

table!(ECHO, G, [flag(&["-n"]), flag(&["-e"]), flag(&["-E"])]);

table!(
    ADDGROUP,
    G,
    [flag(&["--system", "-S"]), valued(&["--gid", "-g"]),]
);
