//! The 38 tricky snippets of ../shared/docs/research/parser-evaluation.md
//! (section 3) and its "silent misparses", each with the reading BuildKit
//! gives it. Numbers follow the evaluation's table.

use dockopt_syntax::{
    parse, Body, Command, DirectiveKind, Dockerfile, Instruction, InstructionKind, Severity,
};

fn clean(text: &str) -> Dockerfile {
    let file = parse(text);
    let errors: Vec<_> = file.errors().map(|d| d.message.clone()).collect();
    assert!(errors.is_empty(), "{errors:?} in {text:?}");
    assert_eq!(file.text(), text);
    file
}

fn nth(file: &Dockerfile, n: usize) -> &Instruction {
    file.instructions().nth(n).expect("instruction")
}

fn shell(i: &Instruction) -> &str {
    match i.command() {
        Some(Command::Shell(s)) => &s.text,
        other => panic!("expected shell form, got {other:?}"),
    }
}

fn exec(i: &Instruction) -> Vec<&str> {
    match i.command() {
        Some(Command::Exec(e)) => e.args.iter().map(|w| w.text.as_str()).collect(),
        other => panic!("expected exec form, got {other:?}"),
    }
}

#[test]
fn s01_to_s03_heredocs() {
    let f = clean("FROM a\nRUN <<EOF\necho hi\nEOF\n");
    assert_eq!(nth(&f, 1).heredocs[0].content, "echo hi\n");
    let f = clean("FROM a\nCOPY <<EOF /etc/app.conf\nkey = value\nEOF\n");
    let copy = nth(&f, 1);
    assert_eq!(copy.heredocs[0].content, "key = value\n");
    assert_eq!(
        copy.paths().unwrap().destination().unwrap().text,
        "/etc/app.conf"
    );
    let f = clean("FROM a\nRUN cat > /f <<'EOF'\n$HOME stays\nEOF\n");
    let h = &nth(&f, 1).heredocs[0];
    assert_eq!((h.name.as_str(), h.expand), ("EOF", false));
}

#[test]
fn s04_backtick_escape() {
    let f = clean("# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir `\n  c:\\\n");
    assert_eq!(f.escape(), '`');
    assert_eq!(shell(nth(&f, 1)), "dir   c:\\");
}

#[test]
fn s05_syntax_directive_is_exposed() {
    let f = clean("# syntax=docker/dockerfile:1\nFROM a\n");
    assert_eq!(
        f.directive(DirectiveKind::Syntax).unwrap().value,
        "docker/dockerfile:1"
    );
}

#[test]
fn s06_s07_run_flags_are_flags() {
    let f = clean("FROM a\nRUN --mount=type=cache,target=/root/.cache pip install x\n");
    let run = nth(&f, 1);
    assert_eq!(
        run.flag("mount").unwrap().mount().target(),
        Some("/root/.cache")
    );
    assert_eq!(shell(run), "pip install x");
    let f = clean("FROM a\nRUN --network=none --security=insecure make\n");
    assert_eq!(nth(&f, 1).flags.len(), 2);
    assert_eq!(shell(nth(&f, 1)), "make");
}

#[test]
fn s08_to_s10_exec_form() {
    let f = clean("CMD [\"python\",\"-c\",\"print(\\\"hi\\\")\"]");
    assert_eq!(exec(nth(&f, 0)), ["python", "-c", "print(\"hi\")"]);
    let f = clean("CMD [\"echo\",\"a\\/b\"]");
    assert_eq!(exec(nth(&f, 0)), ["echo", "a/b"]);
    let f = clean("CMD ['a','b']");
    assert_eq!(shell(nth(&f, 0)), "['a','b']");
}

#[test]
fn s11_to_s14_env() {
    let f = clean("ENV A=1 B=\"two words\" C=3");
    assert_eq!(nth(&f, 0).key_values().len(), 3);
    assert_eq!(nth(&f, 0).key_values()[1].value.unquoted('\\'), "two words");
    let f = clean("ENV MSG hello world");
    assert_eq!(nth(&f, 0).key_values()[0].value.text, "hello world");
    let f = clean("ENV MY_DOG=Rex\\ The\\ Dog");
    assert_eq!(
        nth(&f, 0).key_values()[0].value.unquoted('\\'),
        "Rex The Dog"
    );
    let f = clean("ENV foo.bar=baz");
    assert_eq!(nth(&f, 0).key_values()[0].key.text, "foo.bar");
}

#[test]
fn s15_arg_default_resolves_the_base_image() {
    let f = clean("ARG BASE=alpine:3.19\nFROM ${BASE} AS build\nFROM build\n");
    let arg = &nth(&f, 0).arg_decls()[0];
    let env = [(
        arg.name.text.as_str(),
        arg.default.as_ref().unwrap().text.as_str(),
    )];
    let image = nth(&f, 1).as_from().unwrap().image().unwrap();
    assert_eq!(image.expand('\\', &env[..]).unwrap().value, "alpine:3.19");
    assert_eq!(
        nth(&f, 1).as_from().unwrap().stage_name().unwrap().text,
        "build"
    );
    assert_eq!(nth(&f, 2).as_from().unwrap().image().unwrap().text, "build");
}

#[test]
fn s16_s17_arg_lists_and_empty_defaults() {
    let f = clean("ARG A=1 B=2");
    assert_eq!(nth(&f, 0).arg_decls().len(), 2);
    let f = clean("ARG BAR=");
    assert_eq!(nth(&f, 0).arg_decls()[0].default.as_ref().unwrap().text, "");
}

#[test]
fn s18_lowercase_keywords() {
    let f = clean("from alpine as b\nrun echo\ncopy a b\nenv A=1\n");
    let kinds: Vec<_> = f.instructions().map(|i| i.kind).collect();
    use InstructionKind::*;
    assert_eq!(kinds, [From, Run, Copy, Env]);
    assert_eq!(
        nth(&f, 0).as_from().unwrap().stage_name().unwrap().text,
        "b"
    );
}

#[test]
fn s19_to_s21_continuations() {
    let f = clean("FROM a\nRUN echo a \\\n  # comment\n  && echo b\n");
    assert_eq!(shell(nth(&f, 1)), "echo a   && echo b");
    assert!(f.comments().any(|(_, t)| t == "# comment"));
    let f = parse("FROM a\nRUN echo a \\\n\n  && echo b\n");
    assert!(!f.has_errors());
    assert_eq!(f.diagnostics()[0].severity, Severity::Warning);
    assert_eq!(shell(nth(&f, 1)), "echo a   && echo b");
    for text in ["FROM a\nRUN echo hi \\\n", "FROM a\nRUN echo hi \\"] {
        let f = clean(text);
        assert_eq!(shell(nth(&f, 1)), "echo hi");
    }
}

#[test]
fn s22_to_s24_line_endings_tabs_unicode() {
    let text = "FROM a\r\nRUN echo hi\r\n";
    let f = clean(text);
    assert_eq!(&text[nth(&f, 1).span.range()], "RUN echo hi");
    let f = clean("FROM\ta\nCOPY\t.\t/app\n");
    assert_eq!(nth(&f, 1).paths().unwrap().items.len(), 2);
    let text = "FROM a\nLABEL d=\"café ☕ 😀\"\n";
    let f = clean(text);
    let value = &nth(&f, 1).key_values()[0].value;
    assert_eq!(&text[value.span.range()], "\"café ☕ 😀\"");
}

#[test]
fn s25_to_s28_from_forms() {
    let f = clean("FROM --platform=$BUILDPLATFORM golang:1.22 AS build");
    assert_eq!(
        nth(&f, 0).flag("platform").unwrap().value_str(),
        "$BUILDPLATFORM"
    );
    let f = clean("FROM alpine AS build.v1");
    assert_eq!(
        nth(&f, 0).as_from().unwrap().stage_name().unwrap().text,
        "build.v1"
    );
    let f = clean("ARG DIGEST=sha256:abc\nFROM alpine@${DIGEST}\n");
    let r = nth(&f, 1).as_from().unwrap().image_ref().unwrap();
    assert_eq!(r.digest(), Some("${DIGEST}"));
    let f = clean("FROM alpine:${TAG:-3.19}");
    let image = nth(&f, 0).as_from().unwrap().image().unwrap();
    let none: [(&str, &str); 0] = [];
    let e = image.expand('\\', &none[..]).unwrap();
    assert_eq!(e.value, "alpine:3.19");
    assert!(e.unknown.is_empty());
}

#[test]
fn s29_s30_onbuild_and_healthcheck() {
    let f = clean("ONBUILD RUN make");
    assert_eq!(shell(nth(&f, 0).trigger().unwrap()), "make");
    let f =
        clean("HEALTHCHECK NONE\nHEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://x/\n");
    let Body::Healthcheck(h) = &nth(&f, 1).body else {
        panic!()
    };
    assert!(h.is_cmd());
    assert_eq!(nth(&f, 1).flag("timeout").unwrap().value_str(), "3s");
}

#[test]
fn s31_to_s34_copy_and_add() {
    // A boolean flag before `--from` must not swallow it or become a source.
    let f = clean("COPY --link --from=build /out /app");
    let copy = nth(&f, 0);
    assert_eq!(copy.flag("from").unwrap().value_str(), "build");
    let sources: Vec<_> = copy
        .paths()
        .unwrap()
        .sources()
        .iter()
        .map(|w| w.text.as_str())
        .collect();
    assert_eq!(sources, ["/out"]);
    let f = clean("COPY --chown=1000:1000 --chmod=755 src /dst");
    assert_eq!(nth(&f, 0).flags.len(), 2);
    let f = clean("COPY [\"my file.txt\", \"/dest/\"]");
    assert_eq!(nth(&f, 0).paths().unwrap().sources()[0].text, "my file.txt");
    let f = clean("ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://x/y.tgz /");
    assert!(nth(&f, 0)
        .flag("checksum")
        .unwrap()
        .value_str()
        .starts_with("sha256:"));
}

#[test]
fn s35_s36_label_legacy_and_typed_instructions() {
    let f = clean("LABEL maintainer John Doe");
    assert_eq!(nth(&f, 0).key_values()[0].value.text, "John Doe");
    let f = clean("MAINTAINER me\nEXPOSE 80\nVOLUME [\"/v\"]\nUSER u\nWORKDIR /w\nSTOPSIGNAL SIGINT\nSHELL [\"sh\", \"-c\"]\n");
    assert_eq!(nth(&f, 0).single_word().unwrap().text, "me");
    assert!(matches!(&nth(&f, 1).body, Body::Expose(p) if p[0].text == "80"));
    assert!(nth(&f, 2).paths().unwrap().json.is_some());
    assert_eq!(nth(&f, 3).single_word().unwrap().text, "u");
    assert_eq!(nth(&f, 4).single_word().unwrap().text, "/w");
    assert_eq!(nth(&f, 5).single_word().unwrap().text, "SIGINT");
    assert_eq!(exec(nth(&f, 6)), ["sh", "-c"]);
}

#[test]
fn s37_empty_and_comment_only_files() {
    for text in ["", "# only\n# comments\n"] {
        let f = parse(text);
        assert_eq!(f.text(), text);
        assert_eq!(f.instructions().count(), 0);
        // BuildKit rejects them too: "file with no instructions".
        assert_eq!(f.errors().count(), 1);
    }
}

#[test]
fn s38_ten_thousand_lines() {
    let mut text = String::new();
    for i in 0..2_000 {
        text.push_str(&format!(
            "FROM alpine:3.{i} AS s{i}\nRUN apk add --no-cache curl \\\n    && echo {i}\nCOPY --from=s{i} /a /b\n# comment {i}\n"
        ));
    }
    assert_eq!(text.lines().count(), 10_000);
    let f = clean(&text);
    assert_eq!(f.instructions().count(), 6_000);
}

#[test]
fn typos_are_errors_not_silently_accepted() {
    let f = parse("FROM a\nFNTRYPOINT [\"x\"]\n");
    assert_eq!(
        f.error_nodes().next().unwrap().message,
        "unknown instruction: FNTRYPOINT (did you mean ENTRYPOINT?)"
    );
}
