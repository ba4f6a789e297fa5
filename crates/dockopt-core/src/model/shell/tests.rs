//! Unit tests of the shell reading. Expected values are written from what
//! the shell does with the text, not from our output.

use super::*;

fn programs(script: &Script<'_>) -> Vec<String> {
    script
        .commands
        .iter()
        .map(|c| c.program().unwrap_or("<none>").to_string())
        .collect()
}

fn text_of(text: &str, r: ByteRange) -> &str {
    r.text(text).unwrap_or("<bad range>")
}

fn only_package<'s, 'a>(script: &'s Script<'a>) -> &'s PackageCommand<'a> {
    let all: Vec<_> = script.package_commands().collect();
    assert_eq!(all.len(), 1, "expected exactly one package command");
    all[0].1
}

fn package_names(p: &PackageCommand<'_>) -> Vec<String> {
    p.packages.iter().map(|p| p.name.to_string()).collect()
}

#[test]
fn splits_on_operators_and_records_joiners() {
    let s = parse_script("a && b || c; d | e & f\ng");
    assert_eq!(programs(&s), ["a", "b", "c", "d", "e", "f", "g"]);
    let joiners: Vec<Joiner> = s.commands.iter().map(|c| c.joiner).collect();
    use Joiner::*;
    assert_eq!(
        joiners,
        [Start, And, Or, Semicolon, Pipe, Background, Newline]
    );
    let piped: Vec<bool> = s.commands.iter().map(|c| c.in_pipeline).collect();
    assert_eq!(piped, [false, false, false, true, true, false, false]);
}

#[test]
fn words_have_values_after_quote_removal() {
    let text = r#"echo 'a b' "c $HOME d" e\ f "x\"y" plain"#;
    let s = parse_script(text);
    let c = &s.commands[0];
    let values: Vec<&str> = c.words.iter().map(|w| &*w.value).collect();
    assert_eq!(values, ["echo", "a b", "c $HOME d", "e f", "x\"y", "plain"]);
    let dynamic: Vec<bool> = c.words.iter().map(|w| w.dynamic).collect();
    assert_eq!(dynamic, [false, false, true, false, false, false]);
    for w in &c.words {
        assert_eq!(text_of(text, w.span), w.raw);
    }
    // Unquoted words borrow from the input.
    assert!(matches!(c.words[5].value, std::borrow::Cow::Borrowed(_)));
}

#[test]
fn dynamic_words_cover_every_expansion_form() {
    for text in [
        "x $A",
        "x ${A:-b}",
        "x $(cat f)",
        "x `cat f`",
        "x $1",
        "x \"$@\"",
        "x $((1+2))",
    ] {
        let s = parse_script(text);
        let w = &s.commands[0].words[1];
        assert!(w.dynamic, "{text}: {w:?}");
        assert_eq!(w.literal(), None);
    }
    for text in ["x '$A'", "x \\$A", "x a$", "x 'a b'"] {
        let s = parse_script(text);
        assert!(!s.commands[0].words[1].dynamic, "{text}");
    }
}

#[test]
fn assignments_are_separated_from_the_command() {
    let text = "DEBIAN_FRONTEND=noninteractive PIP_NO_CACHE_DIR=1 apt-get install -y curl";
    let s = parse_script(text);
    let c = &s.commands[0];
    assert_eq!(c.program(), Some("apt-get"));
    assert_eq!(c.assignments.len(), 2);
    assert_eq!(c.assignments[0].name, "DEBIAN_FRONTEND");
    assert_eq!(c.assignments[0].value.value, "noninteractive");
    assert_eq!(text_of(text, c.assignments[0].value.span), "noninteractive");
    assert_eq!(
        c.assignment("PIP_NO_CACHE_DIR").map(|a| &*a.value.value),
        Some("1")
    );
    // After the name, `A=b` is an argument.
    let s = parse_script("make CC=gcc");
    assert!(s.commands[0].assignments.is_empty());
    assert_eq!(s.commands[0].arguments()[0].value, "CC=gcc");
}

#[test]
fn redirections_are_not_arguments() {
    let text = "apt-get update >/dev/null 2>&1 && echo hi > f 2> err < in";
    let s = parse_script(text);
    let update = &s.commands[0];
    assert_eq!(update.words.len(), 2);
    assert_eq!(update.redirects.len(), 2);
    assert_eq!(update.redirects[0].op, RedirectOp::Output);
    assert_eq!(
        update.redirects[0].target.as_ref().map(|t| &*t.value),
        Some("/dev/null")
    );
    assert_eq!(update.redirects[1].fd, Some(2));
    assert_eq!(update.redirects[1].op, RedirectOp::DuplicateOutput);
    assert_eq!(text_of(text, update.redirects[1].span), "2>&1");
    let echo = &s.commands[1];
    assert_eq!(echo.words.len(), 2);
    assert_eq!(echo.redirects.len(), 3);
}

#[test]
fn heredoc_bodies_inside_a_script_are_skipped() {
    let text = "cat <<EOF > /etc/x.conf\nrm -rf /\napt-get install nope\nEOF\necho done";
    let s = parse_script(text);
    assert_eq!(programs(&s), ["cat", "echo"]);
    let r = &s.commands[0].redirects[0];
    assert_eq!(r.op, RedirectOp::Heredoc);
    let body = r.heredoc_body.expect("body");
    assert_eq!(text_of(text, body), "rm -rf /\napt-get install nope\n");
    // Quoted delimiter and `<<-` with tabs.
    let text = "cat <<-'END'\n\tx | y\n\tEND\nz";
    let s = parse_script(text);
    assert_eq!(programs(&s), ["cat", "z"]);
    assert_eq!(s.first_pipe, None);
}

#[test]
fn comments_and_continuations() {
    let text = "# leading comment\napt-get install -y \\\n  curl \\\n  git # trailing\necho a#b";
    let s = parse_script(text);
    assert_eq!(programs(&s), ["apt-get", "echo"]);
    assert_eq!(
        package_names(s.commands[0].package().expect("apt")),
        ["curl", "git"]
    );
    assert_eq!(s.commands[1].words[1].value, "a#b");
}

#[test]
fn if_branches_are_conditional_and_nested() {
    let text = "if [ -f x ]; then apt-get install y; else echo no; fi && echo after";
    let s = parse_script(text);
    assert_eq!(programs(&s), ["[", "apt-get", "echo", "echo"]);
    let test = &s.commands[0];
    assert!(!test.conditional);
    assert!(s.is_inside(test, GroupKind::IfCondition));
    let install = &s.commands[1];
    assert!(install.conditional);
    assert!(s.is_inside(install, GroupKind::IfBranch));
    assert_eq!(install.joiner, Joiner::Start);
    let after = &s.commands[3];
    assert!(!after.conditional);
    assert_eq!(after.group, None);
    assert_eq!(after.joiner, Joiner::And);
}

#[test]
fn loops_case_and_groups() {
    let text = "for p in a b; do echo $p; done\nwhile read l; do rm $l; done\n\
        case \"$ARCH\" in\n ( amd64 ) X=1 ;;\n arm64|aarch64) Y=2; echo arm ;;\n *) exit 1 ;;\nesac\n\
        ( cd /x && make ) ; { echo a; echo b; }";
    let s = parse_script(text);
    assert_eq!(
        programs(&s),
        ["echo", "read", "rm", "<none>", "<none>", "echo", "exit", "cd", "make", "echo", "echo"]
    );
    assert!(s.is_inside(&s.commands[0], GroupKind::LoopBody));
    assert!(s.is_inside(&s.commands[1], GroupKind::LoopCondition));
    assert!(!s.commands[1].conditional);
    assert!(s.commands[2].conditional);
    for c in &s.commands[3..7] {
        assert!(s.is_inside(c, GroupKind::CaseArm), "{c:?}");
    }
    assert!(s.is_inside(&s.commands[7], GroupKind::Subshell));
    assert!(s.is_inside(&s.commands[10], GroupKind::BraceGroup));
    // Words of the for list are not commands.
    assert!(s.commands.iter().all(|c| c.program() != Some("a")));
}

#[test]
fn keywords_only_count_at_command_position() {
    let s = parse_script("echo if then fi done");
    assert_eq!(s.commands.len(), 1);
    assert_eq!(s.commands[0].words.len(), 5);
    // A stray closer is a command name, not a crash.
    let s = parse_script("fi; done; }; esac; )");
    assert_eq!(programs(&s), ["fi", "done", "}", "esac"]);
}

#[test]
fn command_substitutions_are_read_as_nested_commands() {
    let text = "apt-get install -y $(cat /pkgs | grep -v '#') && echo `date`";
    let s = parse_script(text);
    assert_eq!(programs(&s), ["apt-get", "cat", "grep", "echo", "date"]);
    let cat = &s.commands[1];
    assert!(s.is_inside(cat, GroupKind::CommandSubstitution));
    assert_eq!(cat.depth, 1);
    assert_eq!(text_of(text, cat.span), "cat /pkgs");
    assert_eq!(text_of(text, s.commands[4].span), "date");
    let p = s.commands[0].package().expect("apt-get");
    assert_eq!(p.packages.len(), 1);
    assert_eq!(p.packages[0].kind, PackageKind::Dynamic);
    // The pipe inside the substitution counts.
    assert!(s.first_pipe.is_some());
}

#[test]
fn wrappers_are_seen_through() {
    let text = "sudo -u root env A=1 nice -n 5 time apt-get install -y curl";
    let s = parse_script(text);
    let c = &s.commands[0];
    assert_eq!(c.program(), Some("apt-get"));
    assert_eq!(c.sudo().map(|r| text_of(text, r)), Some("sudo"));
    let kinds: Vec<Wrapper> = c.wrappers.iter().map(|w| w.kind).collect();
    assert_eq!(
        kinds,
        [Wrapper::Sudo, Wrapper::Env, Wrapper::Nice, Wrapper::Time]
    );
    assert_eq!(c.assignment("A").map(|a| a.via_wrapper), Some(true));
    assert!(c.package().is_some());

    let s = parse_script("find . -name x | xargs -r -n1 rm -f");
    let rm = &s.commands[1];
    assert_eq!(rm.program(), Some("rm"));
    assert!(rm.wrapper(Wrapper::Xargs).is_some());

    let s = parse_script("gosu app exec command -p npm ci");
    assert_eq!(s.commands[0].program(), Some("npm"));

    // `command -v` is a lookup, not a wrapper.
    let s = parse_script("command -v curl");
    assert_eq!(s.commands[0].program(), Some("command"));
}

#[test]
fn sh_c_strings_are_parsed_with_spans_into_the_quotes() {
    let text = "sh -c 'apt-get update && apt-get install -y curl'";
    let s = parse_script(text);
    assert_eq!(programs(&s), ["sh", "apt-get", "apt-get"]);
    let install = &s.commands[2];
    assert!(s.is_inside(install, GroupKind::ShellString));
    assert_eq!(install.depth, 1);
    assert_eq!(text_of(text, install.span), "apt-get install -y curl");
    let p = install.package().expect("install");
    assert_eq!(text_of(text, p.packages[0].word.span), "curl");

    // Escapes inside double quotes: spans still point at the source bytes.
    let text = r#"bash -ec "echo \"hi\" && pip install flask==2.0""#;
    let s = parse_script(text);
    assert_eq!(programs(&s), ["bash", "echo", "pip"]);
    let echo = &s.commands[1];
    assert_eq!(echo.words[1].value, "hi");
    assert_eq!(text_of(text, echo.words[1].span), r#"\"hi\""#);
    let pip = s.commands[2].package().expect("pip");
    assert_eq!(text_of(text, pip.packages[0].word.span), "flask==2.0");
    assert_eq!(
        pip.packages[0].version.as_ref().map(|v| &*v.version),
        Some("2.0")
    );

    // `su -c` and `bash -o pipefail -c`.
    let s = parse_script("su app -c 'cd /x && make' ; bash -o pipefail -c 'a | b'");
    assert_eq!(programs(&s), ["su", "cd", "make", "bash", "a", "b"]);
    assert_eq!(s.first_pipe_without_pipefail, None);
}

#[test]
fn nesting_depth_is_bounded() {
    let mut text = String::from("echo end");
    for _ in 0..10 {
        text = format!("sh -c {}", shell_quote(&text));
    }
    let s = parse_script(&text);
    assert!(s.depth_limit_reached);
    assert_eq!(s.commands.len(), usize::from(MAX_NESTING) + 1);
    assert!(s.commands.iter().all(|c| c.depth <= MAX_NESTING));
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[test]
fn pipefail_is_tracked_in_order() {
    let s = parse_script("set -euxo pipefail\ncurl -fsSL https://x | sh");
    assert_eq!(s.first_pipe_without_pipefail, None);
    assert!(s.first_pipe.is_some());
    assert!(s.pipefail_set.is_some());

    let text = "curl https://x | sh\nset -o pipefail\na | b";
    let s = parse_script(text);
    assert_eq!(s.first_pipe_without_pipefail.map(|r| r.start), Some(15));
    assert_eq!(s.first_pipe.map(|r| r.start), Some(15));

    let s = parse_script("set -eo pipefail; set +o pipefail; a | b");
    assert!(s.first_pipe_without_pipefail.is_some());
    let s = parse_script("set -o errexit -o pipefail; a | b");
    assert_eq!(s.first_pipe_without_pipefail, None);
    // `||` is not a pipe.
    let s = parse_script("a || b");
    assert_eq!(s.first_pipe, None);
    // A new shell starts without pipefail.
    let s = parse_script("set -o pipefail; sh -c 'a | b'");
    assert!(s.first_pipe_without_pipefail.is_some());
}

#[test]
fn heredoc_body_with_pipefail_hadolint_1137() {
    // The body of `RUN <<EOF` as the caller hands it over.
    let body = "set -o pipefail\ncurl -sSL https://example.com/install.sh | bash\n";
    let s = parse_script(body);
    assert!(s.first_pipe.is_some());
    assert_eq!(s.first_pipe_without_pipefail, None);
    let curl = &s.commands[1];
    assert!(curl.in_pipeline);
    let Some(Invocation::Download(d)) = &curl.invocation else {
        panic!("curl not recognised: {curl:?}");
    };
    assert!(d.writes_to_stdout());
    assert_eq!(d.urls[0].value, "https://example.com/install.sh");
}

#[test]
fn apt_install_packages_pins_and_flags() {
    let text = "apt-get install -qy --no-install-recommends -t bookworm-backports \
                curl=7.88.1-10 git nginx/bookworm ./local.deb \"$EXTRA\" $PKGS";
    let s = parse_script(text);
    let p = only_package(&s);
    assert_eq!(p.manager, PackageManager::AptGet);
    assert_eq!(p.action, PackageAction::Install);
    assert_eq!(
        text_of(text, ByteRange::new(p.insert_at, p.insert_at + 4)),
        " -qy"
    );
    assert_eq!(&text[..p.insert_at], "apt-get install");
    assert!(p.has_flag("-y") && p.has_flag("--yes") && p.has_flag("--assume-yes"));
    assert!(p.assumes_yes());
    assert!(p.no_install_recommends());
    let y = p.args.flag("--yes").expect("y");
    assert_eq!(text_of(text, y.span), "y");
    assert_eq!(
        p.args.value_of("-t").map(|w| &*w.value),
        Some("bookworm-backports")
    );
    assert_eq!(
        package_names(p),
        ["curl", "git", "nginx", "./local.deb", "\"$EXTRA\"", "$PKGS"].map(|s| s.replace('"', ""))
    );
    let kinds: Vec<PackageKind> = p.packages.iter().map(|p| p.kind).collect();
    use PackageKind::*;
    assert_eq!(kinds, [Name, Name, Name, File, Dynamic, Dynamic]);
    let curl = &p.packages[0];
    assert_eq!(text_of(text, curl.name_span), "curl");
    let pin = curl.version.as_ref().expect("pinned");
    assert_eq!((&*pin.operator, &*pin.version), ("=", "7.88.1-10"));
    assert_eq!(text_of(text, pin.span), "=7.88.1-10");
    assert!(p.packages[1].version.is_none());
    assert_eq!(
        p.packages[2].version.as_ref().map(|v| &*v.operator),
        Some("/")
    );
    for pkg in &p.packages {
        assert_eq!(text_of(text, pkg.word.span), pkg.word.raw);
    }
}

#[test]
fn assume_yes_spellings() {
    for (text, yes) in [
        ("apt-get install x", false),
        ("apt-get -y install x", true),
        ("apt-get install -q -y x", true),
        ("apt-get install --assume-yes x", true),
        ("apt-get install -yq x", true),
        ("apt-get install -qq x", true),
        ("apt-get install -q=2 x", true),
        ("apt-get install -q x", false),
        ("yum install x", false),
        ("yum install -y x", true),
        ("dnf --assumeyes install x", true),
        ("zypper install x", false),
        ("zypper --non-interactive install x", true),
        ("zypper in -y x", true),
        ("apk add x", true),
    ] {
        let s = parse_script(text);
        assert_eq!(only_package(&s).assumes_yes(), yes, "{text}");
    }
}

#[test]
fn hadolint_false_positive_pkgs_variable_is_unknown_not_unpinned() {
    let s = parse_script("apt-get install -y $PKGS ${EXTRA_PKGS}");
    let p = only_package(&s);
    assert_eq!(p.packages.len(), 2);
    assert!(p.packages.iter().all(|p| p.kind == PackageKind::Dynamic));
    assert!(p.packages.iter().all(|p| p.version.is_none()));
}

#[test]
fn apk_flags_values_and_pins() {
    // Unquoted, `python3>3.10` would redirect to a file named 3.10.
    let text =
        "apk add --no-cache --virtual .build-deps gcc=12.2.1-r4 musl-dev~1.2 'python3>3.10' -U";
    let s = parse_script(text);
    let p = only_package(&s);
    assert_eq!(p.manager, PackageManager::Apk);
    assert!(p.no_cache());
    assert!(p.has_flag("--update-cache"));
    assert_eq!(
        p.args.value_of("-t").map(|w| &*w.value),
        Some(".build-deps")
    );
    assert_eq!(package_names(p), ["gcc", "musl-dev", "python3"]);
    let ops: Vec<&str> = p
        .packages
        .iter()
        .map(|p| p.version.as_ref().map_or("", |v| &*v.operator))
        .collect();
    assert_eq!(ops, ["=", "~", ">"]);
}

#[test]
fn rpm_managers() {
    let s = parse_script("dnf install -y --setopt=install_weak_deps=False nginx-1.20.1 java-11-openjdk && dnf clean all");
    let all: Vec<_> = s.package_commands().collect();
    let install = all[0].1;
    assert!(install.no_install_recommends());
    assert_eq!(package_names(install), ["nginx", "java-11-openjdk"]);
    assert!(install.packages[1].version.is_none());
    let clean = all[1].1;
    assert_eq!(clean.action, PackageAction::Clean);
    assert!(clean.packages.is_empty());
    let s = parse_script("zypper --non-interactive dup && zypper cc -a");
    let actions: Vec<PackageAction> = s.package_commands().map(|(_, p)| p.action).collect();
    assert_eq!(actions, [PackageAction::DistUpgrade, PackageAction::Clean]);
}

#[test]
fn pip_forms() {
    let s = parse_script("pip install -r requirements.txt -c constraints.txt");
    let p = only_package(&s);
    assert!(p.uses_requirement_files());
    assert_eq!(
        p.requirement_files()
            .map(|w| w.value.to_string())
            .collect::<Vec<_>>(),
        ["requirements.txt"]
    );
    assert!(p.packages.is_empty());

    let text = "python -m pip install --no-cache-dir -U pip";
    let s = parse_script(text);
    let p = only_package(&s);
    assert_eq!(p.manager, PackageManager::Pip);
    assert!(p.no_cache());
    assert!(p.has_flag("--upgrade"));
    assert_eq!(package_names(p), ["pip"]);
    assert_eq!(&text[..p.insert_at], "python -m pip install");

    let s = parse_script(
        "/opt/venv/bin/pip3.12 install 'requests[security]>=2.31' -e . --index-url https://x flask",
    );
    let p = only_package(&s);
    assert_eq!(package_names(p), ["requests", "flask"]);
    assert_eq!(
        p.packages[0].version.as_ref().map(|v| &*v.operator),
        Some(">=")
    );

    let s = parse_script("uv pip install --system --no-cache ruff==0.5");
    let p = only_package(&s);
    assert_eq!(p.manager, PackageManager::Uv);
    assert!(p.no_cache());
    assert_eq!(
        p.packages[0].version.as_ref().map(|v| &*v.version),
        Some("0.5")
    );

    let s = parse_script("poetry install --no-root --only main");
    let p = only_package(&s);
    assert!(p.omits_dev());
    assert_eq!(p.action, PackageAction::Install);
}

#[test]
fn node_managers() {
    let text = "npm ci --omit=dev && npm cache clean --force";
    let s = parse_script(text);
    let all: Vec<_> = s.package_commands().collect();
    let ci = all[0].1;
    assert!(ci.subcommand_is("ci"));
    assert_eq!(ci.action, PackageAction::Install);
    assert!(ci.omits_dev());
    let omit = ci.args.flag("--omit").expect("omit");
    assert_eq!(
        omit.value.as_ref().map(|v| text_of(text, v.span)),
        Some("dev")
    );
    let clean = all[1].1;
    assert_eq!(clean.action, PackageAction::Clean);
    assert_eq!(
        &text[..clean.insert_at],
        "npm ci --omit=dev && npm cache clean"
    );

    let s = parse_script("npm install -g @angular/cli@17 lodash@4 express");
    let p = only_package(&s);
    assert_eq!(package_names(p), ["@angular/cli", "lodash", "express"]);
    assert_eq!(
        p.packages[0].version.as_ref().map(|v| &*v.version),
        Some("17")
    );
    assert!(p.packages[2].version.is_none());
    assert!(!p.omits_dev());

    let s = parse_script("yarn --frozen-lockfile --production");
    let p = only_package(&s);
    assert_eq!(p.action, PackageAction::Install);
    assert!(p.subcommand.is_empty());
    assert_eq!(p.insert_at, 4);
    assert!(p.omits_dev());
    let s = parse_script("yarn build");
    assert_eq!(only_package(&s).action, PackageAction::Other);
    let s = parse_script("pnpm install --prod --frozen-lockfile");
    assert!(only_package(&s).omits_dev());
}

#[test]
fn gem_go_cargo() {
    let s = parse_script("gem install bundler:2.4.0 rails -v 7.1 --no-document");
    let p = only_package(&s);
    assert_eq!(package_names(p), ["bundler", "rails"]);
    assert_eq!(p.args.value_of("--version").map(|w| &*w.value), Some("7.1"));
    let s = parse_script("go install -ldflags '-s -w' golang.org/x/tools/gopls@v0.15.0 ./cmd/...");
    let p = only_package(&s);
    assert_eq!(package_names(p), ["golang.org/x/tools/gopls", "./cmd/..."]);
    assert_eq!(
        p.packages[0].version.as_ref().map(|v| &*v.version),
        Some("v0.15.0")
    );
    assert_eq!(p.packages[1].kind, PackageKind::File);
    let s = parse_script("CGO_ENABLED=0 go build -trimpath -o /out/app .");
    let p = only_package(&s);
    assert_eq!(p.action, PackageAction::Build);
    assert_eq!(p.args.value_of("-o").map(|w| &*w.value), Some("/out/app"));
    let s = parse_script("cargo install --locked ripgrep@14.1.0 --root /usr/local");
    let p = only_package(&s);
    assert_eq!(package_names(p), ["ripgrep"]);
}

#[test]
fn downloads() {
    let text = "curl -fsSLo /tmp/x.tgz -k https://a/x.tgz && wget --no-check-certificate -qO- https://b | tar x";
    let s = parse_script(text);
    let Some(Invocation::Download(curl)) = &s.commands[0].invocation else {
        panic!("curl");
    };
    assert_eq!(curl.tool, DownloadTool::Curl);
    assert_eq!(curl.output.as_ref().map(|o| &*o.value), Some("/tmp/x.tgz"));
    assert_eq!(curl.insecure().map(|f| text_of(text, f.span)), Some("-k"));
    assert_eq!(curl.urls.len(), 1);
    assert!(!curl.writes_to_stdout());
    let Some(Invocation::Download(wget)) = &s.commands[1].invocation else {
        panic!("wget");
    };
    assert!(wget.insecure().is_some());
    assert!(wget.writes_to_stdout());
    assert!(wget.progress().is_none());
    assert_eq!(wget.urls[0].value, "https://b");
}

#[test]
fn file_and_user_commands() {
    let s = parse_script("rm -rf /var/lib/apt/lists/* && chown -R app:app /app && useradd -l -u 10001 --system app && addgroup -S -g 1000 grp");
    let Some(Invocation::File(rm)) = &s.commands[0].invocation else {
        panic!("rm")
    };
    assert!(rm.recursive() && rm.force());
    assert_eq!(rm.paths()[0].value, "/var/lib/apt/lists/*");
    let Some(Invocation::File(chown)) = &s.commands[1].invocation else {
        panic!("chown")
    };
    assert!(chown.recursive());
    assert_eq!(chown.owner_or_mode().map(|w| &*w.value), Some("app:app"));
    assert_eq!(chown.paths().len(), 1);
    let Some(Invocation::User(user)) = &s.commands[2].invocation else {
        panic!("useradd")
    };
    assert!(user.no_log_init() && user.system());
    assert_eq!(user.id().map(|w| &*w.value), Some("10001"));
    assert_eq!(user.name().map(|w| &*w.value), Some("app"));
    let Some(Invocation::User(group)) = &s.commands[3].invocation else {
        panic!("addgroup")
    };
    assert!(group.system());
    assert_eq!(group.id().map(|w| &*w.value), Some("1000"));
}

#[test]
fn double_bracket_tests_keep_their_operators() {
    let s = parse_script("[[ -f a && -f b ]] && echo yes");
    assert_eq!(programs(&s), ["[[", "echo"]);
    // [[ -f a && -f b ]]
    assert_eq!(s.commands[0].words.len(), 7);
    assert_eq!(s.commands[1].joiner, Joiner::And);
}

#[test]
fn function_definitions_are_not_commands() {
    let s = parse_script("f() { apt-get update; }\nf");
    assert_eq!(programs(&s), ["apt-get", "f"]);
}

#[test]
fn malformed_input_never_panics_and_spans_stay_valid() {
    let nasty = [
        "",
        "\\",
        "'",
        "\"",
        "$(",
        "`",
        "${",
        "$((",
        "echo \"unterminated",
        "echo 'x",
        "a &&",
        "| b",
        "((",
        "))",
        "<<",
        "cat <<",
        "cat <<EOF",
        "a\0b",
        "é\\é $(é",
        "x=(1 2",
        "case",
        "case x in",
        "if",
        "for",
        "for x in",
        "{",
        "}",
        "sh -c",
        "sh -c '",
        "bash -c \"\\",
        "a 2>",
        "&>",
        "<(",
        ">(x",
        "\\\r\n",
        "$'\\",
        "echo $'a\\nb'",
        ";;",
        "( ( (",
        ") ) )",
        "do done then fi esac",
        "apt-get install -t",
        "curl -o",
        "pip install -r",
        "npm --omit",
        "python -m",
        "su -c",
        "env -u",
        "sudo -u",
        "xargs -n",
        "timeout",
        "-",
        "--",
        "apt-get -",
    ];
    for text in nasty {
        check_spans(text, &parse_script(text));
    }
}

fn check_spans(text: &str, s: &Script<'_>) {
    let ok = |r: ByteRange| {
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    for c in &s.commands {
        assert!(ok(c.span), "{text:?}: {c:?}");
        for w in &c.words {
            assert!(ok(w.span), "{text:?}: {w:?}");
        }
        for r in &c.redirects {
            assert!(ok(r.span), "{text:?}: {r:?}");
        }
        if let Some(p) = c.package() {
            for pkg in &p.packages {
                assert!(ok(pkg.name_span) && ok(pkg.word.span), "{text:?}");
            }
            assert!(p.insert_at <= text.len() && text.is_char_boundary(p.insert_at));
        }
    }
}

#[test]
fn deep_nesting_and_large_inputs_are_linear_and_stack_safe() {
    // 200k nested parentheses and substitutions: no recursion, no overflow.
    let deep = "$(".repeat(100_000) + &")".repeat(100_000);
    let s = parse_script(&deep);
    check_spans(&deep, &s);
    let parens = "(".repeat(200_000);
    check_spans(&parens, &parse_script(&parens));
    let ifs = "if a; then ".repeat(50_000);
    check_spans(&ifs, &parse_script(&ifs));
    // ~1 MB of ordinary commands.
    let big = "apt-get install -y curl=1 git && echo \"$X\" | tee f\n".repeat(20_000);
    let s = parse_script(&big);
    assert_eq!(s.commands.len(), 60_000);
    check_spans(&big, &s);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_parses_with_valid_spans(text in "\\PC{0,200}") {
            check_spans(&text, &parse_script(&text));
        }

        #[test]
        fn shell_alphabet_parses_with_valid_spans(
            text in "[a-z $'\"`\\\\(){};|&<>=#\\n\t-]{0,300}"
        ) {
            check_spans(&text, &parse_script(&text));
        }
    }
}
