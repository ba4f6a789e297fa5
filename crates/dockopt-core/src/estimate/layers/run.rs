//! Reading a RUN into layer parts: the recognised commands of each of its
//! scripts (package managers, downloads, `chown -R`/`mv`/`cp -r` of
//! earlier files, removals) and the caches they leave. The walk over the
//! file, paths and COPY live in the parent module.
//!
//! It holds no figures of its own: sizes come from the resolvers and from
//! `assumptions.rs`.

use super::*;

pub(crate) const APT_LISTS: &str = "/var/lib/apt/lists";
const APK_CACHE: &str = "/var/cache/apk";
const PIP_CACHE: &str = "/root/.cache/pip";
const UV_CACHE: &str = "/root/.cache/uv";
const NPM_CACHE: &str = "/root/.npm";
const YARN_CACHE: &str = "/usr/local/share/.cache/yarn";
const PNPM_STORE: &str = "/root/.local/share/pnpm/store";
const BUN_CACHE: &str = "/root/.bun/install/cache";
const GO_BUILD_CACHE: &str = "/root/.cache/go-build";
const GO_MOD_CACHE: &str = "/go/pkg/mod";
const CARGO_REGISTRY: &str = "/usr/local/cargo/registry";
/// Where pip installs in the official python images
/// (`/usr/local/lib/python3.X/site-packages`; paths are compared with the
/// minor version dropped, see `normalize`).
const SITE_PACKAGES: &str = "/usr/local/lib/python3/site-packages";
/// Where apt and apk put what they install, for matching copies.
const SYSTEM_PREFIX: &str = "/usr";

/// Programs whose effect on the file system is negligible (bytes, not
/// megabytes) or handled elsewhere (`rm`).
const NEGLIGIBLE: &[&str] = &[
    "echo",
    "printf",
    "mkdir",
    "ln",
    "cd",
    "true",
    "false",
    ":",
    "set",
    "export",
    "test",
    "[",
    "sed",
    "grep",
    "useradd",
    "adduser",
    "groupadd",
    "addgroup",
    "usermod",
    "groupmod",
    "chmod",
    "chown",
    "chgrp",
    "touch",
    "ls",
    "cat",
    "which",
    "id",
    "rm",
    "mv",
    "ldconfig",
    "exit",
    "sleep",
    "whoami",
    "env",
    "pwd",
    "umask",
    "source",
    ".",
    "command",
    "type",
    "printenv",
    "date",
    "uname",
    "tee",
    "head",
    "tail",
    "wc",
    "sort",
    "find",
    "xargs",
    "apt-mark",
    "dpkg-reconfigure",
    "ulimit",
    "unset",
    "shopt",
    "a2enmod",
    "a2dismod",
    "a2ensite",
    "update-alternatives",
    "update-ca-certificates",
    "rc-update",
    "systemctl",
    "corepack",
    "node",
    "java",
    "nproc",
    "getent",
    "passwd",
    "chpasswd",
    "locale",
    "eval",
    "trap",
    "cp",
    "userdel",
    "groupdel",
    "mktemp",
    "gpg",
    "gpgconf",
    "gpgv",
    "awk",
    "gawk",
    "mawk",
    "cut",
    "tr",
    "sha256sum",
    "sha512sum",
    "sha1sum",
    "md5sum",
    "dpkg-architecture",
    "readlink",
    "realpath",
    "dirname",
    "basename",
    "stat",
    "du",
    "df",
    "file",
    "ldd",
    "strip",
    "visudo",
    "su",
    "gosu",
    "tini",
    "setcap",
    "chsh",
    "cmp",
    "diff",
    "expr",
    "seq",
    "yes",
    "read",
    "wait",
    "return",
    "local",
    "declare",
    "shift",
    "break",
    "continue",
];

/// Programs that compile or bundle: their output is a build-output range.
const BUILDERS: &[&str] = &[
    "npx",
    "nx",
    "turbo",
    "bunx",
    "pnpx",
    "lerna",
    "hugo",
    "jekyll",
    "cargo-chef",
    "make",
    "cmake",
    "ninja",
    "mvn",
    "mvnw",
    "gradle",
    "gradlew",
    "dotnet",
    "msbuild",
    "bazel",
    "meson",
    "scons",
    "ant",
    "sbt",
    "lein",
    "mix",
    "rebar3",
    "tsc",
    "webpack",
    "vite",
    "next",
    "configure",
    "setup.py",
];

impl<'m, 'd> Walk<'m, 'd> {
    /// Adds a part, unless a removal or cache mount of the same RUN takes
    /// its path away (then it is only noted).
    fn push_part(
        &self,
        layer: &mut LayerEstimate,
        drafts: &mut Vec<Draft>,
        gone: &dyn Fn(&str) -> Option<&'static str>,
        draft: Draft,
    ) {
        if let Some(path) = &draft.part.path {
            if let Some(how) = gone(path) {
                layer.notes.push(format!(
                    "{} ({path}): {how}, not in the layer",
                    draft.part.label
                ));
                return;
            }
        }
        drafts.push(draft);
    }

    pub(super) fn run(&mut self, index: usize, instruction: &'d Instruction) -> LayerEstimate {
        let mut layer = self.layer(index, instruction, LayerKind::Run, String::new());
        let scope = self.scope(index);
        let workdir = self.state.workdir.clone();
        let mounts: Vec<String> = crate::rules::helpers::cache_mount_targets(instruction)
            .iter()
            .map(|t| absolute(&workdir, t))
            .collect();
        let commands: Vec<&Command<'d>> = self
            .model
            .scripts_of(index)
            .flat_map(|s| s.script.commands.iter())
            .collect();
        // What this RUN removes (anywhere in it: the layer is what is left
        // when the RUN ends), with the position of the command that removes
        // it: only what was written before that is gone.
        let mut removed: Vec<(String, usize)> = Vec::new();
        let mut created_dirs: Vec<String> = Vec::new();
        for (at, command) in commands.iter().enumerate() {
            match &command.invocation {
                Some(Invocation::File(op)) if op.tool == FileTool::Remove => {
                    for word in op.paths() {
                        if let Some(value) = word.literal() {
                            removed.push((absolute(&workdir, value), at));
                        }
                    }
                }
                Some(Invocation::File(op)) if op.tool == FileTool::MakeDirectory => {
                    for word in op.paths() {
                        if let Some(value) = word.literal() {
                            created_dirs.push(absolute(&workdir, value));
                        }
                    }
                }
                Some(Invocation::Package(p)) if p.action == PackageAction::Clean => {
                    removed.extend(cache_paths(p.manager).iter().map(|s| (s.to_string(), at)));
                }
                _ => {}
            }
        }
        let gone_after = |path: &str, written_at: usize| -> Option<&'static str> {
            if removed
                .iter()
                .any(|(r, at)| *at > written_at && covers(r, path))
            {
                Some("removed in the same RUN")
            } else if mounts.iter().any(|m| covers(m, path)) {
                Some("written to a cache/tmpfs mount")
            } else {
                None
            }
        };
        // Earlier files this RUN deletes: wasted where they were written.
        let mut kept = Vec::new();
        for output in std::mem::take(&mut self.state.outputs) {
            let deleted = removed.iter().any(|(r, _)| covers(r, &output.path));
            if deleted {
                self.waste_earlier(
                    &mut layer,
                    &output,
                    WasteKind::DeletedInLaterLayer,
                    instruction,
                );
            } else {
                kept.push(output);
            }
        }
        self.state.outputs = kept;

        let mut drafts: Vec<Draft> = Vec::new();
        let mut others: Vec<String> = Vec::new();
        let mut builders: Vec<String> = Vec::new();
        let mut lists_done = false;
        let mut apk_cache_done = false;
        let mut apt = AptRun::default();
        let mut apk_adds: Vec<(usize, Vec<String>, Option<String>)> = Vec::new();
        let mut extracts = false;
        for command in &commands {
            if let Some(program) = command.program() {
                if matches!(
                    program,
                    "tar" | "unzip" | "dpkg" | "gunzip" | "xz" | "bsdtar"
                ) {
                    extracts = true;
                }
            }
        }
        if instruction.command().is_some_and(|c| c.is_exec()) {
            let e = assumptions::other_commands("exec-form RUN (not read)");
            drafts.push(Draft {
                part: part("exec-form RUN", ContentKind::TextAndCaches, None, e, true),
                waste: None,
            });
        }
        for (at, command) in commands.iter().enumerate() {
            let gone = |path: &str| gone_after(path, at);
            match &command.invocation {
                Some(Invocation::Package(p)) => {
                    let program_dir = command
                        .name()
                        .and_then(|w| w.literal())
                        .and_then(|name| name.rsplit_once('/'))
                        .map(|(dir, _)| absolute(&workdir, dir));
                    let mut ctx = RunContext {
                        layer: &mut layer,
                        program_dir,
                        drafts: &mut drafts,
                        gone: &gone,
                        scope: &scope,
                        workdir: &workdir,
                        lists_done: &mut lists_done,
                        apk_cache_done: &mut apk_cache_done,
                        builders: &mut builders,
                        apt: &mut apt,
                        apk: &mut apk_adds,
                    };
                    self.package(p, &mut ctx);
                }
                Some(Invocation::Download(d)) => {
                    self.download(d, &workdir, extracts, &mut layer, &mut drafts, &gone);
                }
                Some(Invocation::File(op))
                    if matches!(op.tool, FileTool::ChangeOwner | FileTool::ChangeMode)
                        && op.recursive() =>
                {
                    for word in op.paths() {
                        let Some(value) = word.literal() else {
                            continue;
                        };
                        let path = absolute(&workdir, value);
                        if created_dirs.iter().any(|d| covers(d, &path)) {
                            continue;
                        }
                        self.rewrite(&path, instruction, &mut layer, &mut drafts, op.tool);
                    }
                }
                _ => {
                    let Some(program) = command.program() else {
                        if command.name().is_some() {
                            others.push("$command".into());
                        }
                        continue;
                    };
                    if let Some((dir, with_pip)) = venv_created(command, program) {
                        self.venv(&absolute(&workdir, &dir), with_pip, &mut drafts);
                        continue;
                    }
                    if matches!(program, "mv" | "cp") {
                        self.relocate(
                            command,
                            program == "mv",
                            &workdir,
                            instruction,
                            &mut layer,
                            &mut drafts,
                        );
                        continue;
                    }
                    // `dpkg --print-architecture` and friends are queries;
                    // `dpkg -i` installs a package the model cannot size.
                    let dpkg_query = program == "dpkg"
                        && !command
                            .arguments()
                            .iter()
                            .any(|a| a.is("-i") || a.is("--install"));
                    if NEGLIGIBLE.contains(&program) || dpkg_query || command.invocation.is_some() {
                        continue;
                    }
                    let name = program.to_string();
                    let list = if BUILDERS.contains(&program)
                        || program.starts_with("./configure")
                        || (matches!(program, "python" | "python3")
                            && command.arguments().iter().any(|a| a.is("setup.py")))
                    {
                        &mut builders
                    } else {
                        &mut others
                    };
                    if !list.contains(&name) {
                        list.push(name);
                    }
                }
            }
        }
        take_back_apt_removals(self.options.apt_universe(), &apt, &mut drafts, &mut layer);
        take_back_apk_removals(&apt.removed_apk, &apk_adds, &mut drafts, &mut layer);
        if !builders.is_empty() {
            let what = format!("build output: {}", short_list(&builders));
            drafts.push(Draft {
                part: part(
                    &what,
                    ContentKind::TextAndCaches,
                    Some(workdir.clone()),
                    assumptions::build_output(&what),
                    true,
                ),
                waste: None,
            });
        }
        if !others.is_empty() {
            let what = format!("other commands: {}", short_list(&others));
            drafts.push(Draft {
                part: part(
                    &what,
                    ContentKind::TextAndCaches,
                    None,
                    assumptions::other_commands(&what),
                    true,
                ),
                waste: None,
            });
        }
        self.close(layer, drafts)
    }

    /// `mv`/`cp -r` of files earlier layers wrote: the new layer holds a
    /// copy; after `mv` the old one is still shipped (wasted).
    fn relocate(
        &mut self,
        command: &Command<'_>,
        moves: bool,
        workdir: &str,
        instruction: &Instruction,
        layer: &mut LayerEstimate,
        drafts: &mut Vec<Draft>,
    ) {
        let arguments = command.arguments();
        if !moves
            && !arguments.iter().any(|a| {
                a.literal().is_some_and(|v| {
                    v == "--recursive"
                        || v == "--archive"
                        || (v.starts_with('-')
                            && !v.starts_with("--")
                            && v.contains(['r', 'R', 'a']))
                })
            })
        {
            return;
        }
        let operands: Vec<&str> = arguments
            .iter()
            .filter_map(|a| a.literal())
            .filter(|v| !v.starts_with('-'))
            .collect();
        let Some((destination, sources)) = operands.split_last() else {
            return;
        };
        let destination = absolute(workdir, destination);
        for source in sources {
            let source = absolute(workdir, source);
            let matched: Vec<Output> = self
                .state
                .outputs
                .iter()
                .filter(|o| covers(&source, &o.path))
                .cloned()
                .collect();
            if matched.is_empty() {
                continue;
            }
            let estimate = matched
                .iter()
                .fold(Estimate::default(), |sum, o| sum + o.estimate.clone());
            let unknown = matched.iter().any(|o| o.unknown);
            if moves {
                for output in &matched {
                    self.waste_earlier(layer, output, WasteKind::MovedInLaterLayer, instruction);
                }
                self.state.outputs.retain(|o| !covers(&source, &o.path));
            }
            let what = format!(
                "{} {source} {destination}: files copied into a new layer",
                if moves { "mv" } else { "cp -r" }
            );
            drafts.push(Draft {
                part: part(
                    &what,
                    ContentKind::TextAndCaches,
                    Some(destination.clone()),
                    estimate,
                    unknown,
                ),
                waste: None,
            });
        }
    }

    fn rewrite(
        &mut self,
        path: &str,
        instruction: &Instruction,
        layer: &mut LayerEstimate,
        drafts: &mut Vec<Draft>,
        tool: FileTool,
    ) {
        let matched: Vec<Output> = self
            .state
            .outputs
            .iter()
            .filter(|o| covers(path, &o.path))
            .cloned()
            .collect();
        let what = format!(
            "{} -R {path}: files copied into a new layer",
            if tool == FileTool::ChangeOwner {
                "chown"
            } else {
                "chmod"
            }
        );
        if matched.is_empty() {
            drafts.push(Draft {
                part: part(
                    &what,
                    ContentKind::TextAndCaches,
                    None,
                    assumptions::copied_unknown(&what),
                    true,
                ),
                waste: None,
            });
            return;
        }
        let estimate = matched
            .iter()
            .fold(Estimate::default(), |sum, o| sum + o.estimate.clone());
        let unknown = matched.iter().any(|o| o.unknown);
        for output in &matched {
            self.waste_earlier(layer, output, WasteKind::RewrittenInLaterLayer, instruction);
        }
        // The files now live in this layer: later copies and deletes find
        // them here, once.
        self.state.outputs.retain(|o| !covers(path, &o.path));
        drafts.push(Draft {
            part: part(
                &what,
                ContentKind::TextAndCaches,
                Some(path.to_string()),
                estimate,
                unknown,
            ),
            waste: None,
        });
    }

    fn download(
        &self,
        d: &Download<'_>,
        workdir: &str,
        extracts: bool,
        layer: &mut LayerEstimate,
        drafts: &mut Vec<Draft>,
        gone: &dyn Fn(&str) -> Option<&'static str>,
    ) {
        let url = d
            .urls
            .first()
            .map(|u| u.value.to_string())
            .unwrap_or_else(|| "a URL".into());
        let file = match (&d.output, d.tool) {
            (Some(o), _) if !o.is("-") => o.literal().map(|v| absolute(workdir, v)),
            (Some(_), _) => None,
            (None, DownloadTool::Curl) if d.args.has_flag("-O") => {
                Some(absolute(workdir, basename(&url)))
            }
            (None, DownloadTool::Curl) => None,
            (None, DownloadTool::Wget) => Some(absolute(workdir, basename(&url))),
        };
        let Some(file) = file else {
            let what = format!("installed from {url}");
            drafts.push(Draft {
                part: part(
                    &what,
                    ContentKind::AlreadyCompressed,
                    None,
                    assumptions::download(&what),
                    true,
                ),
                waste: None,
            });
            return;
        };
        let archive = [
            ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".zip", ".tar", ".deb", ".apk",
            ".rpm", ".whl",
        ]
        .iter()
        .any(|ext| file.ends_with(ext));
        if archive && (extracts || gone(&file).is_some()) {
            let what = format!("extracted from {}", basename(&file));
            drafts.push(Draft {
                part: part(
                    &what,
                    ContentKind::TextAndCaches,
                    None,
                    assumptions::download(&what),
                    true,
                ),
                waste: None,
            });
        }
        let what = format!("download {}", basename(&file));
        let draft = Draft {
            part: part(
                &what,
                ContentKind::AlreadyCompressed,
                Some(file.clone()),
                assumptions::download(&what),
                true,
            ),
            waste: (archive && extracts).then_some(WasteKind::ArchiveLeftBehind),
        };
        self.push_part(layer, drafts, gone, draft);
    }

    fn installed(&mut self) -> Option<&mut InstalledSet> {
        if self.state.installed.is_none() {
            let options = self.options;
            let universe = options.apt_universe();
            let (set, note) = match self.state.base.as_ref() {
                Some(base) => match &base.family {
                    DistroFamily::Debian(release) => (
                        InstalledSet::for_base_image(base, universe),
                        (*release != crate::estimate::base_image::DebianRelease::Bookworm).then(
                            || {
                                "Debian bookworm package data stands in for this non-bookworm image"
                                    .to_string()
                            },
                        ),
                    ),
                    DistroFamily::Ubuntu(release) => {
                        let mut set = InstalledSet::debian_base(universe);
                        set.description
                            .push_str(" — Debian bookworm data used for Ubuntu");
                        (
                            Some(set),
                            Some(format!(
                                "Ubuntu {release}: Debian bookworm package data stands in"
                            )),
                        )
                    }
                    DistroFamily::Unknown => (
                        Some(InstalledSet::debian_base(universe)),
                        Some("base image unknown: assumed a Debian base".to_string()),
                    ),
                    _ => (None, None),
                },
                None => (
                    Some(InstalledSet::debian_base(universe)),
                    Some("no base image: assumed a Debian base".to_string()),
                ),
            };
            self.state.installed = Some(set);
            self.state.installed_note = note;
        }
        self.state.installed.as_mut().and_then(|s| s.as_mut())
    }

    fn package(&mut self, p: &PackageCommand<'_>, ctx: &mut RunContext<'_, '_>) {
        use PackageManager as M;
        // `$PKGS` with a known ENV/ARG value is read as its words; an
        // unknown one stays a `$PKGS` argument (counted as unresolved).
        let mut names: Vec<String> = Vec::new();
        for pkg in &p.packages {
            match pkg.kind {
                PackageKind::Name => names.push(pkg.word.value.to_string()),
                PackageKind::Dynamic => {
                    let expanded = ctx.scope.expand(&pkg.word.value, self.model.escape);
                    if expanded.unknown.is_empty() {
                        names.extend(expanded.value.split_whitespace().map(str::to_string));
                    } else {
                        names.push(pkg.word.value.to_string());
                    }
                }
                _ => {}
            }
        }
        let local: Vec<String> = p
            .packages
            .iter()
            .filter(|pkg| matches!(pkg.kind, PackageKind::File | PackageKind::Url))
            .map(|pkg| pkg.word.value.to_string())
            .collect();
        match (p.manager, p.action) {
            (M::AptGet | M::Apt | M::Aptitude, PackageAction::Update) if !*ctx.lists_done => {
                *ctx.lists_done = true;
                ctx.push(
                    part(
                        "apt lists",
                        ContentKind::TextAndCaches,
                        Some(APT_LISTS.into()),
                        caches::apt_lists(),
                        false,
                    ),
                    Some(WasteKind::CacheLeftBehind),
                );
            }
            (M::AptGet | M::Apt | M::Aptitude, PackageAction::Install) => {
                let recommends = !p.no_install_recommends();
                let mut arguments: Vec<String> = names.clone();
                arguments.extend(local.iter().cloned());
                let argument_refs: Vec<&str> = arguments.iter().map(String::as_str).collect();
                let note = self.state.installed_note.clone();
                let options = self.options;
                let Some(set) = self.installed() else {
                    let what = format!(
                        "apt-get install on a base that is not Debian-based: {}",
                        short_list(&arguments)
                    );
                    ctx.push(
                        part(
                            &what,
                            ContentKind::DebianPackages,
                            Some(SYSTEM_PREFIX.into()),
                            assumptions::other_commands(&what),
                            true,
                        ),
                        None,
                    );
                    return;
                };
                let universe = options.apt_universe();
                if ctx.apt.before.is_none() {
                    ctx.apt.before = Some(set.clone());
                }
                let resolution = universe.resolve_install(&argument_refs, recommends, set);
                set.add_resolution(&resolution);
                for name in &resolution.outside_table {
                    if !self.state.apt_outside_table.contains(name) {
                        self.state.apt_outside_table.push(name.clone());
                    }
                }
                ctx.apt.requested.extend(arguments.iter().cloned());
                ctx.apt.recommends |= recommends;
                ctx.apt.added.extend(resolution.packages.iter().cloned());
                let note = note.or_else(|| self.state.installed_note.clone());
                let label = format!(
                    "apt-get install: {} package(s){}",
                    resolution.packages.len(),
                    if recommends { " with Recommends" } else { "" }
                );
                ctx.layer.notes.push(format!(
                    "Installed-Size of {} packages, Debian 12 (bookworm){}",
                    resolution.packages.len(),
                    if set_docs_excluded(&self.state) {
                        ", docs excluded (-slim)"
                    } else {
                        ""
                    }
                ));
                if let Some(note) = note {
                    ctx.layer.notes.push(note);
                }
                if !resolution.already_installed.is_empty() {
                    ctx.layer.notes.push(format!(
                        "already installed: {}",
                        short_list(&resolution.already_installed)
                    ));
                }
                let unresolved = resolution.unknown.clone();
                let added = ctx.push(
                    part(
                        &label,
                        ContentKind::DebianPackages,
                        Some(SYSTEM_PREFIX.into()),
                        resolution.estimate(),
                        false,
                    ),
                    None,
                );
                ctx.apt.parts.extend(added);
                if !unresolved.is_empty() {
                    let what = format!("apt: not resolved: {}", short_list(&unresolved));
                    let e = assumptions::other_commands(&what).times_count(unresolved.len());
                    ctx.push(
                        part(
                            &what,
                            ContentKind::DebianPackages,
                            Some(SYSTEM_PREFIX.into()),
                            e,
                            true,
                        ),
                        None,
                    );
                }
            }
            (M::Apk, PackageAction::Install | PackageAction::Update) => {
                if p.action == PackageAction::Install {
                    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                    let set = apk::apk_add(&refs);
                    let label = format!(
                        "apk add: {} package(s)",
                        set.packages.len() + set.unknown.len()
                    );
                    let unknown = !set.unknown.is_empty();
                    let group = p.args.value_of("--virtual").map(|w| w.value.to_string());
                    let added = ctx.push(
                        part(
                            &label,
                            ContentKind::AlpinePackages,
                            Some(SYSTEM_PREFIX.into()),
                            set.estimate,
                            unknown,
                        ),
                        None,
                    );
                    if let Some(index) = added {
                        ctx.apk.push((index, names.clone(), group));
                    }
                }
                let keeps_cache = p.action == PackageAction::Update || !p.no_cache();
                if keeps_cache && !*ctx.apk_cache_done {
                    *ctx.apk_cache_done = true;
                    ctx.push(
                        part(
                            "apk cache",
                            ContentKind::AlreadyCompressed,
                            Some(APK_CACHE.into()),
                            apk::apk_cache(),
                            false,
                        ),
                        Some(WasteKind::CacheLeftBehind),
                    );
                }
            }
            // `uv venv [DIR]`: a venv without pip (uv does not seed one).
            (M::Uv, PackageAction::Other) if p.subcommand_is("venv") => {
                let dir = p
                    .args
                    .operands
                    .iter()
                    .filter(|w| !p.subcommand.iter().any(|s| s.span == w.span))
                    .find_map(|w| w.literal())
                    .unwrap_or(".venv");
                let dir = absolute(ctx.workdir, dir);
                let seeded = p.has_flag("--seed");
                self.venv(&dir, seeded, ctx.drafts);
            }
            (M::Pip | M::Uv | M::Poetry | M::Pipenv, PackageAction::Install) => {
                self.python(p, &names, &local, ctx);
            }
            (M::Npm | M::Yarn | M::Pnpm | M::Bun, PackageAction::Install) => {
                let global = p.has_flag("-g") || p.subcommand.iter().any(|w| w.is("global"));
                let target = if global {
                    "/usr/local/lib/node_modules".to_string()
                } else {
                    absolute(ctx.workdir, "node_modules")
                };
                let (install, cache) = if names.is_empty() && local.is_empty() {
                    let what = format!(
                        "{} project dependencies (package.json)",
                        manager_name(p.manager)
                    );
                    let install = assumptions::node_project(&what);
                    let cache = archive_of(
                        &install,
                        ContentKind::NodeModules,
                        &format!("{} cache", manager_name(p.manager)),
                    );
                    (
                        part(&what, ContentKind::NodeModules, Some(target), install, true),
                        (cache, true),
                    )
                } else {
                    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                    let set = npm::npm_install(&refs);
                    let unknown = !set.unknown.is_empty() || !local.is_empty();
                    let label = format!(
                        "{} install: {}",
                        manager_name(p.manager),
                        short_list(&names)
                    );
                    (
                        part(
                            &label,
                            ContentKind::NodeModules,
                            Some(target),
                            set.estimate,
                            unknown,
                        ),
                        (npm::npm_cache(&refs), unknown),
                    )
                };
                ctx.push(install, None);
                let cache_path = match p.manager {
                    M::Npm => NPM_CACHE,
                    M::Yarn => YARN_CACHE,
                    M::Pnpm => PNPM_STORE,
                    _ => BUN_CACHE,
                };
                let no_cache = p.manager == M::Bun && p.no_cache();
                if !no_cache {
                    let label = format!("{} cache", manager_name(p.manager));
                    ctx.push(
                        part(
                            &label,
                            ContentKind::AlreadyCompressed,
                            Some(cache_path.into()),
                            cache.0,
                            cache.1,
                        ),
                        Some(WasteKind::CacheLeftBehind),
                    );
                }
            }
            (M::Npm | M::Yarn | M::Pnpm | M::Bun, PackageAction::Other | PackageAction::Build) => {
                let runs_script = p
                    .subcommand
                    .iter()
                    .any(|w| matches!(w.value.as_ref(), "run" | "run-script" | "build" | "exec"));
                if runs_script {
                    let name =
                        format!("{} {}", manager_name(p.manager), short_words(&p.subcommand));
                    if !ctx.builders.contains(&name) {
                        ctx.builders.push(name);
                    }
                }
            }
            (M::Gem, PackageAction::Install) => {
                let mut estimate = Estimate::default();
                for name in &names {
                    estimate = estimate + assumptions::gem(name);
                }
                let label = format!("gem install: {}", short_list(&names));
                ctx.push(
                    part(
                        &label,
                        ContentKind::TextAndCaches,
                        Some("/usr/local/bundle".into()),
                        estimate,
                        true,
                    ),
                    None,
                );
            }
            (M::Go, PackageAction::Install) if p.subcommand_is("mod") || p.subcommand_is("get") => {
                self.toolchain_cache(ctx, &[GO_MOD_CACHE], "Go module cache");
            }
            (M::Go, PackageAction::Build | PackageAction::Install) => {
                let output = if p.action == PackageAction::Install {
                    "/go/bin".to_string()
                } else {
                    match p.args.value_of("-o").and_then(|w| w.literal()) {
                        Some(o) => absolute(ctx.workdir, o),
                        None => absolute(ctx.workdir, basename(ctx.workdir)),
                    }
                };
                let what = format!(
                    "go {}: binary {output}",
                    if p.action == PackageAction::Build {
                        "build"
                    } else {
                        "install"
                    }
                );
                ctx.push(
                    part(
                        &what,
                        ContentKind::StaticBinary,
                        Some(output),
                        assumptions::native_binary(&what),
                        true,
                    ),
                    None,
                );
                self.toolchain_cache(
                    ctx,
                    &[GO_BUILD_CACHE, GO_MOD_CACHE],
                    "Go build and module caches",
                );
            }
            (M::Cargo, PackageAction::Build | PackageAction::Install) => {
                if p.action == PackageAction::Install {
                    let what = "cargo install: binary".to_string();
                    ctx.push(
                        part(
                            &what,
                            ContentKind::StaticBinary,
                            Some("/usr/local/cargo/bin".into()),
                            assumptions::native_binary(&what),
                            true,
                        ),
                        None,
                    );
                } else {
                    let target = absolute(ctx.workdir, "target");
                    let what = format!("cargo build: {target}");
                    ctx.push(
                        part(
                            &what,
                            ContentKind::StaticBinary,
                            Some(target),
                            assumptions::toolchain_cache(&what),
                            true,
                        ),
                        None,
                    );
                }
                self.toolchain_cache(ctx, &[CARGO_REGISTRY], "Cargo registry");
            }
            (M::Dnf | M::Yum | M::Microdnf | M::Zypper, PackageAction::Install) => {
                let what = format!("{}: {}", manager_name(p.manager), short_list(&names));
                let e = assumptions::other_commands(&what).times_count(names.len().max(1));
                ctx.push(
                    part(
                        &what,
                        ContentKind::DebianPackages,
                        Some(SYSTEM_PREFIX.into()),
                        e,
                        true,
                    ),
                    None,
                );
            }
            (_, PackageAction::Upgrade | PackageAction::DistUpgrade) => {
                let what = format!("{} upgrade", manager_name(p.manager));
                ctx.push(
                    part(
                        &what,
                        ContentKind::DebianPackages,
                        None,
                        assumptions::other_commands(&what),
                        true,
                    ),
                    None,
                );
            }
            (M::Apk, PackageAction::Remove) => {
                // `.build-deps` reads as a path to the shell model.
                ctx.apt
                    .removed_apk
                    .extend(names.iter().chain(&local).cloned());
            }
            (
                M::AptGet | M::Apt | M::Aptitude,
                PackageAction::Remove | PackageAction::AutoRemove,
            ) => {
                ctx.apt.removed.extend(names.iter().cloned());
                ctx.apt.autoremove |= p.action == PackageAction::AutoRemove
                    || p.has_flag("--auto-remove")
                    || p.has_flag("--autoremove");
            }
            (_, PackageAction::Remove | PackageAction::AutoRemove) => {
                ctx.layer.notes.push(format!(
                    "{} removes packages: not subtracted (the estimate keeps what was installed)",
                    manager_name(p.manager)
                ));
            }
            _ => {}
        }
    }

    fn toolchain_cache(&self, ctx: &mut RunContext<'_, '_>, paths: &[&str], what: &str) {
        let left = paths.iter().filter(|p| (ctx.gone)(p).is_none()).count();
        if left == 0 {
            ctx.layer
                .notes
                .push(format!("{what}: removed or in a cache mount"));
            return;
        }
        let share = left as f64 / paths.len().max(1) as f64;
        let mut e = assumptions::toolchain_cache(what);
        e.uncompressed = e.uncompressed.times(share);
        e.compressed = e.compressed.times(share);
        let path = paths
            .iter()
            .find(|p| (ctx.gone)(p).is_none())
            .map(|p| p.to_string());
        ctx.push(
            part(what, ContentKind::TextAndCaches, path, e, true),
            Some(WasteKind::CacheLeftBehind),
        );
    }

    /// A virtual environment created at `dir`.
    fn venv(&mut self, dir: &str, with_pip: bool, drafts: &mut Vec<Draft>) {
        let what = format!("virtual environment {dir}");
        drafts.push(Draft {
            part: part(
                &what,
                ContentKind::Python,
                Some(dir.to_string()),
                assumptions::venv(&what, with_pip),
                true,
            ),
            waste: None,
        });
        if !self.state.venvs.iter().any(|v| v == dir) {
            self.state.venvs.push(dir.to_string());
        }
    }

    /// The virtual environment a pip of this RUN installs into: the one
    /// its program path names (`/opt/venv/bin/pip`), `$VIRTUAL_ENV`, or a
    /// venv created earlier whose `bin` comes first in `PATH` before any
    /// system directory.
    fn venv_of(&self, ctx: &RunContext<'_, '_>) -> Option<String> {
        let system = |dir: &str| matches!(dir, "" | "/usr" | "/usr/local" | "/root/.local");
        if let Some(dir) = ctx.program_dir.as_deref() {
            return dir
                .strip_suffix("/bin")
                .filter(|d| !system(d))
                .map(str::to_string);
        }
        if let Some(crate::model::Value::Known(venv)) = ctx.scope.get("VIRTUAL_ENV") {
            return Some(absolute(ctx.workdir, venv));
        }
        for entry in &self.state.path {
            // A directory without `bin` holds no pip: the next entry counts.
            let Some(dir) = entry.strip_suffix("/bin") else {
                continue;
            };
            if self.state.venvs.iter().any(|v| v == dir) {
                return Some(dir.to_string());
            }
            if system(dir) {
                return None;
            }
        }
        None
    }

    fn python(
        &mut self,
        p: &PackageCommand<'_>,
        names: &[String],
        local: &[String],
        ctx: &mut RunContext<'_, '_>,
    ) {
        use PackageManager as M;
        let target = if let Some(t) = p.args.value_of("--target").and_then(|w| w.literal()) {
            absolute(ctx.workdir, t)
        } else if let Some(prefix) = p.args.value_of("--prefix").and_then(|w| w.literal()) {
            absolute(ctx.workdir, prefix)
        } else if p.has_flag("--user") {
            "/root/.local".to_string()
        } else if let Some(venv) = uv_project_env(p, ctx) {
            normalize(&format!("{venv}/lib/python3/site-packages"))
        } else if let Some(venv) = self.venv_of(ctx) {
            normalize(&format!("{venv}/lib/python3/site-packages"))
        } else {
            SITE_PACKAGES.to_string()
        };
        let manager = manager_name(p.manager);
        let mut projects: Vec<String> = p
            .requirement_files()
            .map(|w| format!("-r {}", w.value))
            .collect();
        projects.extend(local.iter().cloned());
        let project_manager = matches!(p.manager, M::Poetry | M::Pipenv) || is_uv_project(p);
        if project_manager && names.is_empty() && projects.is_empty() {
            projects.push(format!("{manager} project"));
        }
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut cache = Estimate::default();
        let mut cache_unknown = false;
        if !names.is_empty() {
            let set = pypi::pip_install(&refs);
            let unknown = !set.unknown.is_empty();
            let label = format!("{manager} install: {}", short_list(names));
            ctx.push(
                part(
                    &label,
                    ContentKind::Python,
                    Some(target.clone()),
                    set.estimate,
                    unknown,
                ),
                None,
            );
            cache = cache + pypi::pip_cache(&refs);
        }
        for project in &projects {
            let what = format!("{manager} install {project}");
            let install = assumptions::python_project(&what);
            cache = cache + archive_of(&install, ContentKind::Python, &format!("{manager} cache"));
            cache_unknown = true;
            ctx.push(
                part(
                    &what,
                    ContentKind::Python,
                    Some(target.clone()),
                    install,
                    true,
                ),
                None,
            );
        }
        if names.is_empty() && projects.is_empty() {
            return;
        }
        let env_off = |name: &str| match ctx.scope.get(name) {
            Some(Value::Known(v)) => {
                !matches!(v.to_ascii_lowercase().as_str(), "" | "0" | "false" | "no")
            }
            _ => false,
        };
        let (cache_path, no_cache) = match p.manager {
            M::Pip => (PIP_CACHE, p.no_cache() || env_off("PIP_NO_CACHE_DIR")),
            M::Uv => (UV_CACHE, p.no_cache() || env_off("UV_NO_CACHE")),
            _ => {
                ctx.layer
                    .notes
                    .push(format!("{manager} cache: not estimated"));
                return;
            }
        };
        if no_cache {
            ctx.layer
                .notes
                .push(format!("{manager}: no download cache kept"));
            return;
        }
        ctx.push(
            part(
                &format!("{manager} cache"),
                ContentKind::AlreadyCompressed,
                Some(cache_path.into()),
                cache,
                cache_unknown,
            ),
            Some(WasteKind::CacheLeftBehind),
        );
    }
}

fn set_docs_excluded(state: &StageState) -> bool {
    matches!(&state.installed, Some(Some(set)) if set.docs_excluded)
}

/// The download cache of an install: its archives, i.e. the install
/// divided by the content's compression ratio.
fn archive_of(install: &Estimate, kind: ContentKind, what: &str) -> Estimate {
    let ratio = kind.ratio();
    let archives = ratio.compress(install.uncompressed);
    let mut e = Estimate::from_uncompressed(
        archives,
        ContentKind::AlreadyCompressed,
        Provenance::new(
            ProvenanceKind::Unknown,
            what,
            "the install's range ÷ the content's archive ratio",
            "the downloaded archives of an unknown dependency set",
        ),
    );
    e.provenance.push(ratio.provenance());
    e
}

/// `uv sync` / `uv add`: a uv project install. (`uv pip install` reaches
/// the estimator as `install`, the `pip` word is not kept.)
fn is_uv_project(p: &PackageCommand<'_>) -> bool {
    p.manager == PackageManager::Uv && (p.subcommand_is("sync") || p.subcommand_is("add"))
}

/// Where `uv sync` (a uv project install, not `uv pip`) puts the project's
/// packages: `$UV_PROJECT_ENVIRONMENT`, else `.venv` in the working
/// directory.
fn uv_project_env(p: &PackageCommand<'_>, ctx: &RunContext<'_, '_>) -> Option<String> {
    if !is_uv_project(p) {
        return None;
    }
    Some(match ctx.scope.get("UV_PROJECT_ENVIRONMENT") {
        Some(crate::model::Value::Known(dir)) => absolute(ctx.workdir, dir),
        _ => absolute(ctx.workdir, ".venv"),
    })
}

/// `python -m venv DIR` / `virtualenv DIR`: the directory, and whether
/// pip is installed into it (not with `--without-pip` / `--no-pip`).
fn venv_created(command: &Command<'_>, program: &str) -> Option<(String, bool)> {
    let args = command.arguments();
    let rest = if program == "virtualenv" {
        args
    } else if crate::model::shell::is_python(program) {
        let m = args.iter().position(|w| w.is("-m"))?;
        let module = args.get(m + 1)?;
        if !(module.is("venv") || module.is("virtualenv")) {
            return None;
        }
        args.get(m + 2..).unwrap_or(&[])
    } else {
        return None;
    };
    let with_pip = !rest
        .iter()
        .any(|w| w.is("--without-pip") || w.is("--no-pip"));
    let dir = rest
        .iter()
        .filter_map(|w| w.literal())
        .find(|w| !w.starts_with('-'))?;
    Some((dir.to_string(), with_pip))
}

fn cache_paths(manager: PackageManager) -> &'static [&'static str] {
    use PackageManager as M;
    match manager {
        M::Pip => &[PIP_CACHE],
        M::Uv => &[UV_CACHE],
        M::Npm => &[NPM_CACHE],
        M::Yarn => &[YARN_CACHE],
        M::Pnpm => &[PNPM_STORE],
        M::Bun => &[BUN_CACHE],
        M::Apk => &[APK_CACHE],
        M::Go => &[GO_BUILD_CACHE, GO_MOD_CACHE],
        M::Cargo => &[CARGO_REGISTRY],
        _ => &[],
    }
}

fn manager_name(manager: PackageManager) -> &'static str {
    use PackageManager as M;
    match manager {
        M::AptGet => "apt-get",
        M::Apt => "apt",
        M::Aptitude => "aptitude",
        M::Apk => "apk",
        M::Dnf => "dnf",
        M::Yum => "yum",
        M::Microdnf => "microdnf",
        M::Zypper => "zypper",
        M::Pip => "pip",
        M::Uv => "uv",
        M::Poetry => "poetry",
        M::Pipenv => "pipenv",
        M::Pipx => "pipx",
        M::Npm => "npm",
        M::Yarn => "yarn",
        M::Pnpm => "pnpm",
        M::Bun => "bun",
        M::Gem => "gem",
        M::Go => "go",
        M::Cargo => "cargo",
    }
}

fn short_words(words: &[crate::model::shell::Word<'_>]) -> String {
    words
        .iter()
        .take(3)
        .map(|w| w.value.as_ref())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The parts of the RUN being read, and what it removes.
struct RunContext<'a, 'g> {
    layer: &'a mut LayerEstimate,
    /// The directory of the program when the RUN names it by path
    /// (`/opt/venv/bin` for `/opt/venv/bin/pip`).
    program_dir: Option<String>,
    drafts: &'a mut Vec<Draft>,
    gone: &'g dyn Fn(&str) -> Option<&'static str>,
    scope: &'a Scope,
    workdir: &'a str,
    lists_done: &'a mut bool,
    apk_cache_done: &'a mut bool,
    builders: &'a mut Vec<String>,
    apt: &'a mut AptRun,
    /// The RUN's `apk add`s: draft index, names, `--virtual` group.
    apk: &'a mut Vec<(usize, Vec<String>, Option<String>)>,
}

/// The apt installs and removals of one RUN, to take back what a
/// `purge`/`remove` in the same RUN uninstalls.
#[derive(Default)]
struct AptRun {
    /// The installed set before the RUN's first install.
    before: Option<InstalledSet>,
    /// Arguments of the RUN's installs, and whether they took Recommends.
    requested: Vec<String>,
    recommends: bool,
    /// Packages the RUN's installs added, with their Installed-Size.
    added: Vec<(String, u64)>,
    /// Indices (in the drafts) of the install parts.
    parts: Vec<usize>,
    removed: Vec<String>,
    autoremove: bool,
    /// `apk del` arguments of the RUN (package or `--virtual` group names).
    removed_apk: Vec<String>,
}

impl RunContext<'_, '_> {
    /// Adds a part unless the RUN removes or cache-mounts its path; returns
    /// its index in the drafts when it was added.
    fn push(&mut self, part: LayerPart, waste: Option<WasteKind>) -> Option<usize> {
        if let Some(path) = &part.path {
            if let Some(how) = (self.gone)(path) {
                self.layer
                    .notes
                    .push(format!("{} ({path}): {how}, not in the layer", part.label));
                return None;
            }
        }
        self.drafts.push(Draft { part, waste });
        Some(self.drafts.len() - 1)
    }
}

trait TimesCount {
    fn times_count(self, n: usize) -> Estimate;
}

impl TimesCount for Estimate {
    /// `n` independent copies of the same rule of thumb.
    fn times_count(mut self, n: usize) -> Estimate {
        let n = n.max(1) as f64;
        self.uncompressed = self.uncompressed.times(n);
        self.compressed = self.compressed.times(n);
        self
    }
}

/// A `purge`/`remove` in the same RUN as the install takes its packages
/// back out of the layer: the named packages, and with `--auto-remove` (or
/// an `autoremove`) the rest of their closure that the RUN's other
/// installs do not need. The install parts are scaled down by the share of
/// Installed-Size removed (the on-disk range is linear in it).
fn take_back_apt_removals(
    universe: &AptUniverse,
    apt: &AptRun,
    drafts: &mut [Draft],
    layer: &mut LayerEstimate,
) {
    if apt.removed.is_empty() || apt.added.is_empty() {
        return;
    }
    let Some(before) = &apt.before else {
        return;
    };
    let removed_refs: Vec<&str> = apt.removed.iter().map(String::as_str).collect();
    let removed_names: Vec<String> = if apt.autoremove {
        let closure = universe.resolve_install(&removed_refs, apt.recommends, before);
        let kept_args: Vec<&str> = apt
            .requested
            .iter()
            .map(String::as_str)
            .filter(|a| !removed_refs.contains(a))
            .collect();
        let kept = universe.resolve_install(&kept_args, apt.recommends, before);
        closure
            .packages
            .into_iter()
            .map(|(name, _)| name)
            .filter(|name| !kept.contains(name))
            .collect()
    } else {
        apt.removed.clone()
    };
    let added: u64 = apt.added.iter().map(|(_, b)| *b).sum();
    let (count, removed): (usize, u64) = apt
        .added
        .iter()
        .filter(|(name, _)| removed_names.contains(name))
        .fold((0, 0), |(n, sum), (_, b)| (n + 1, sum + b));
    if added == 0 || removed == 0 {
        return;
    }
    let factor = 1.0 - removed as f64 / added as f64;
    for &index in &apt.parts {
        if let Some(draft) = drafts.get_mut(index) {
            let e = &mut draft.part.estimate;
            e.uncompressed = e.uncompressed.times(factor);
            e.compressed = e.compressed.times(factor);
            draft.part.label = format!(
                "{}, {count} removed again in the same RUN",
                draft.part.label
            );
        }
    }
    layer.notes.push(format!(
        "{count} package(s) ({} KiB of Installed-Size) purged in the same RUN{}",
        removed / 1024,
        if apt.autoremove {
            " with their unneeded dependencies"
        } else {
            ""
        }
    ));
}

/// `apk del NAME…` in the same RUN as `apk add`: a `--virtual` group name
/// takes back the whole group, a package name that package. apk sizes are
/// per package (no dependency data), so the subtraction is exact for the
/// table's packages and removes the same rule-of-thumb range for the rest.
fn take_back_apk_removals(
    removed: &[String],
    adds: &[(usize, Vec<String>, Option<String>)],
    drafts: &mut [Draft],
    layer: &mut LayerEstimate,
) {
    if removed.is_empty() {
        return;
    }
    for (index, names, group) in adds {
        let whole_group = group.as_ref().is_some_and(|g| removed.contains(g));
        let gone: Vec<&str> = names
            .iter()
            .filter(|n| whole_group || removed.contains(n))
            .map(String::as_str)
            .collect();
        if gone.is_empty() {
            continue;
        }
        let Some(draft) = drafts.get_mut(*index) else {
            continue;
        };
        let back = apk::apk_add(&gone).estimate;
        let e = &mut draft.part.estimate;
        e.uncompressed = e.uncompressed.sub_correlated(back.uncompressed);
        e.compressed = e.compressed.sub_correlated(back.compressed);
        // Everything the add brought is gone again: 0 B, whatever the
        // packages weigh, so nothing about this part is unknown any more.
        if gone.len() == names.len() && e.uncompressed.high == 0 {
            draft.part.unknown = false;
        }
        draft.part.label = format!(
            "{}, {} removed again in the same RUN",
            draft.part.label,
            gone.len()
        );
        layer.notes.push(format!(
            "apk del {}: {} package(s) taken back",
            group.as_deref().filter(|_| whole_group).unwrap_or("…"),
            gone.len()
        ));
    }
}
