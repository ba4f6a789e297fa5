//! One test (or a few) per feature of the parser, written from BuildKit's
//! documented behaviour. Expected spans are checked against the text they
//! should cover, not copied from output.

use dockopt_syntax::shell::{expand_word, ShellLexer};
use dockopt_syntax::{
    parse, Body, Command, DirectiveKind, Dockerfile, Instruction, InstructionKind, LineIndex,
    NodeKind, Severity, Span, TokenKind,
};

/// Parses `text`, requires no errors, returns the file.
fn clean(text: &str) -> Dockerfile {
    let file = parse(text);
    let errors: Vec<_> = file.errors().map(|d| d.message.clone()).collect();
    assert!(
        errors.is_empty(),
        "unexpected errors {errors:?} in {text:?}"
    );
    assert_eq!(file.text(), text, "round trip");
    file
}

/// The last instruction of a clean parse.
fn last(text: &str) -> Instruction {
    clean(text)
        .instructions()
        .last()
        .cloned()
        .expect("an instruction")
}

fn at(text: &str, span: Span) -> &str {
    &text[span.range()]
}

fn errors(text: &str) -> Vec<String> {
    let file = parse(text);
    assert_eq!(file.text(), text, "round trip");
    file.errors().map(|d| d.message.clone()).collect()
}

// ---------------------------------------------------------------- lossless

#[test]
fn printing_gives_back_the_input() {
    for text in [
        "",
        "\n",
        "FROM a",
        "FROM a\r\nRUN b\r\n",
        "\u{feff}FROM a\n",
        "\u{feff}# syntax=x\r\nFROM a",
        "  \t FROM a  \t\n\n\n# c\n  # d\r\nRUN x \\\r\n\r\n  # e\r\n  y\r\r\n",
        "RUN <<EOF\r\nbody\r\nEOF\r\n",
        "RUN <<EOF\nno terminator",
        "FROM a\nRUN echo \\",
        "\r\r\n\r",
        "\\",
        "FROM a\nbogus line\nRUN [1]\n",
    ] {
        let file = parse(text);
        assert_eq!(file.text(), text);
        assert_eq!(file.source(), text);
    }
}

#[test]
fn crlf_spans_exclude_the_carriage_return() {
    let text = "FROM alpine:3.19\r\nRUN echo hi\r\n";
    let file = clean(text);
    let run = file.instructions().nth(1).unwrap();
    assert_eq!(at(text, run.span), "RUN echo hi");
    let Some(Command::Shell(shell)) = run.command() else {
        panic!("shell form")
    };
    assert_eq!(shell.text, "echo hi");
}

#[test]
fn tokens_say_what_each_byte_is() {
    let text = "# syntax=docker/dockerfile:1\n\n# note\nRUN --mount=type=cache,target=/x \\\n  # inside\n  make\n";
    let file = clean(text);
    let kinds: Vec<(TokenKind, &str)> = file
        .tokens()
        .iter()
        .map(|t| (t.kind, file.token_text(t)))
        .collect();
    use TokenKind::*;
    assert_eq!(
        kinds,
        [
            (Directive, "# syntax=docker/dockerfile:1"),
            (Newline, "\n"),
            (Newline, "\n"),
            (Comment, "# note"),
            (Newline, "\n"),
            (Keyword, "RUN"),
            (Whitespace, " "),
            (Flag, "--mount=type=cache,target=/x"),
            (Whitespace, " "),
            (LineContinuation, "\\"),
            (Newline, "\n"),
            (Whitespace, "  "),
            (Comment, "# inside"),
            (Newline, "\n"),
            (Whitespace, "  "),
            (Word, "make"),
            (Newline, "\n"),
        ]
    );
    let comments: Vec<&str> = file.comments().map(|(_, t)| t).collect();
    assert_eq!(comments, ["# note", "# inside"]);
}

// -------------------------------------------------------------- directives

#[test]
fn directives_at_the_top() {
    let text = "# syntax=docker/dockerfile:1.7\n# check=skip=JSONArgsRecommended\n#ESCAPE = `\nFROM a\nRUN echo `\n  hi\n";
    let file = clean(text);
    assert_eq!(file.escape(), '`');
    let syntax = file.directive(DirectiveKind::Syntax).unwrap();
    assert_eq!(syntax.value, "docker/dockerfile:1.7");
    assert_eq!(at(text, syntax.value_span), "docker/dockerfile:1.7");
    assert_eq!(
        file.directive(DirectiveKind::Check).unwrap().value,
        "skip=JSONArgsRecommended"
    );
    assert_eq!(
        file.directive(DirectiveKind::Escape).unwrap().name,
        "ESCAPE"
    );
    let run = file.instructions().nth(1).unwrap();
    let Some(Command::Shell(shell)) = run.command() else {
        panic!()
    };
    assert_eq!(shell.text, "echo   hi");
}

#[test]
fn directives_end_at_the_first_other_line() {
    // After a comment, a blank line or an instruction, `# escape=` is a comment.
    for text in [
        "# hello\n# escape=`\nFROM a\nRUN a `\nb\n",
        "\n# escape=`\nFROM a\nRUN a `\nb\n",
        "FROM a\n# escape=`\nRUN a `\nb\n",
        "# unknown=1\n# escape=`\nFROM a\nRUN a `\nb\n",
    ] {
        let file = parse(text);
        assert_eq!(file.escape(), '\\', "{text:?}");
        assert!(file.directive(DirectiveKind::Escape).is_none());
        // `b` is read as an (unknown) instruction of its own.
        assert_eq!(file.error_nodes().count(), 1, "{text:?}");
    }
    // A BOM and leading white space do not end them.
    let file = clean("\u{feff}  # escape=`\nFROM a\n");
    assert_eq!(file.escape(), '`');
}

#[test]
fn bad_directives_are_errors() {
    assert_eq!(
        errors("# escape=x\nFROM a\n"),
        ["invalid escape token 'x' does not match ` or \\"]
    );
    assert_eq!(
        errors("# syntax=a\n# SYNTAX=b\nFROM a\n"),
        ["only one syntax parser directive can be used"]
    );
}

// ----------------------------------------------------------- instructions

#[test]
fn every_instruction_in_any_case() {
    let text = "\
from alpine AS base
Run echo hi
cmd [\"a\"]
LaBeL a=b
maintainer me
expose 80/tcp 443
env A=1
add a.tgz /
copy a b
entrypoint [\"sh\"]
volume /data
user app:app
workdir /app
arg X
onbuild run make
stopsignal SIGTERM
healthcheck none
shell [\"/bin/bash\", \"-c\"]
";
    let file = clean(text);
    let kinds: Vec<InstructionKind> = file.instructions().map(|i| i.kind).collect();
    assert_eq!(kinds.len(), 18);
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(sorted, InstructionKind::ALL);
    let run = file.instructions().nth(1).unwrap();
    assert_eq!(run.keyword.text, "Run");
    assert_eq!(run.kind.as_str(), "RUN");
}

#[test]
fn from_with_platform_image_and_stage() {
    let text = "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n";
    let i = last(text);
    let from = i.as_from().unwrap();
    assert_eq!(at(text, from.image().unwrap().span), "golang:1.22");
    assert_eq!(from.stage_name().unwrap().text, "build");
    assert_eq!(at(text, from.as_keyword().unwrap().span), "AS");
    let platform = i.flag("platform").unwrap();
    assert_eq!(platform.value_str(), "$BUILDPLATFORM");
    assert_eq!(
        at(text, platform.value.as_ref().unwrap().span),
        "$BUILDPLATFORM"
    );
    assert_eq!(at(text, platform.name_span), "platform");
    // Stage names may hold dots; `as` in any case.
    assert_eq!(
        last("FROM alpine as build.v1")
            .as_from()
            .unwrap()
            .stage_name()
            .unwrap()
            .text,
        "build.v1"
    );
}

#[test]
fn image_references_keep_every_part() {
    let text = "FROM registry.example.com:5000/team/app:3.19@sha256:0123abcd AS x\n";
    let i = last(text);
    let from = i.as_from().unwrap();
    let image = from.image().unwrap();
    let r = from.image_ref().unwrap();
    assert_eq!(r.registry(), Some("registry.example.com:5000"));
    assert_eq!(r.path(), "team/app");
    assert_eq!(r.tag(), Some("3.19"));
    assert_eq!(r.digest(), Some("sha256:0123abcd"));
    // A part of a verbatim word maps to its file span.
    let tag = image.sub_span(r.tag.clone().unwrap()).unwrap();
    assert_eq!(at(text, tag), "3.19");
    let r = last("FROM alpine:${TAG:-3.19}")
        .as_from()
        .unwrap()
        .image()
        .unwrap()
        .text
        .clone();
    assert_eq!(r, "alpine:${TAG:-3.19}");
}

#[test]
fn run_flags_and_mounts() {
    let text = "RUN --mount=type=cache,target=/root/.cache,sharing=locked --network=none --security=insecure pip install x\n";
    let i = last(text);
    assert_eq!(i.flags.len(), 3);
    let mount = i.flag("mount").unwrap().mount();
    assert_eq!(mount.kind(), "cache");
    assert_eq!(mount.target(), Some("/root/.cache"));
    assert_eq!(mount.get("sharing"), Some("locked"));
    let target = mount.options.iter().find(|o| o.key == "target").unwrap();
    assert_eq!(at(text, target.span), "target=/root/.cache");
    assert_eq!(i.flag("network").unwrap().value_str(), "none");
    assert_eq!(i.flag("security").unwrap().value_str(), "insecure");
    let Some(Command::Shell(shell)) = i.command() else {
        panic!()
    };
    assert_eq!(shell.text, "pip install x");
    assert_eq!(at(text, shell.span), "pip install x");
}

#[test]
fn copy_and_add_flags() {
    let text = "COPY --link --from=build --chown=1000:1000 --chmod=755 --parents --exclude=*.md /out /app/\n";
    let i = last(text);
    let names: Vec<&str> = i.flags.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["link", "from", "chown", "chmod", "parents", "exclude"]
    );
    assert!(i.flag("link").unwrap().value.is_none());
    assert_eq!(i.flag("from").unwrap().value_str(), "build");
    let paths = i.paths().unwrap();
    assert_eq!(paths.sources().len(), 1);
    assert_eq!(at(text, paths.sources()[0].span), "/out");
    assert_eq!(paths.destination().unwrap().text, "/app/");

    let add = last("ADD --checksum=sha256:24454f83 --keep-git-dir=true https://x/y.tgz /\n");
    assert_eq!(add.flag("checksum").unwrap().value_str(), "sha256:24454f83");
    assert_eq!(add.flag("keep-git-dir").unwrap().value_str(), "true");
}

#[test]
fn quoted_flag_values_and_the_double_dash() {
    let i = last("COPY --chown=\"app user\" -- --weird /dst\n");
    assert_eq!(i.flag("chown").unwrap().value_str(), "app user");
    assert_eq!(i.flags.len(), 1);
    let paths = i.paths().unwrap();
    assert_eq!(paths.items[0].text, "--weird");
}

#[test]
fn flag_errors() {
    assert_eq!(
        errors("FROM a\nCOPY --form=x a b\n"),
        ["unknown flag: form"]
    );
    assert_eq!(
        errors("FROM a\nCOPY --from a b\n"),
        ["missing a value on flag: from"]
    );
    assert_eq!(
        errors("FROM a\nCOPY --link=maybe a b\n"),
        ["expecting boolean value for flag link, not: maybe"]
    );
    assert_eq!(
        errors("FROM a\nCOPY --from=a --from=b a b\n"),
        ["duplicate flag specified: from"]
    );
    assert!(
        errors("FROM a\nRUN --mount=type=cache,target=/a --mount=type=tmpfs,target=/b x\n")
            .is_empty()
    );
    assert_eq!(errors("FROM a\nENV --x=1 A=1\n"), ["unknown flag: x"]);
}

#[test]
fn healthcheck_forms() {
    let text = "HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --start-interval=1s --retries=3 CMD curl -f http://localhost/ || exit 1\n";
    let i = last(text);
    let Body::Healthcheck(h) = &i.body else {
        panic!()
    };
    assert!(h.is_cmd());
    assert_eq!(i.flag("interval").unwrap().value_str(), "30s");
    let Some(Command::Shell(cmd)) = &h.command else {
        panic!()
    };
    assert_eq!(cmd.text, "curl -f http://localhost/ || exit 1");
    let none = last("HEALTHCHECK NONE");
    let Body::Healthcheck(h) = &none.body else {
        panic!()
    };
    assert!(h.is_none());
    let exec = last("HEALTHCHECK CMD [\"/bin/check\", \"-q\"]");
    assert!(exec.command().unwrap().is_exec());
    assert_eq!(
        errors("HEALTHCHECK --interval=5 CMD x"),
        ["time: invalid duration \"5\""]
    );
    assert_eq!(
        errors("HEALTHCHECK NONE x"),
        ["HEALTHCHECK NONE takes no arguments"]
    );
}

#[test]
fn exec_form_and_its_fallback() {
    let text = "CMD [\"python\", \"-c\", \"print(\\\"hi\\\")\"]\n";
    let i = last(text);
    let Some(Command::Exec(exec)) = i.command() else {
        panic!()
    };
    let args: Vec<&str> = exec.args.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(args, ["python", "-c", "print(\"hi\")"]);
    assert_eq!(at(text, exec.args[1].span), "\"-c\"");
    assert_eq!(at(text, exec.span), &text[4..text.len() - 1]);

    let i = last("CMD [\"echo\",\"a\\/b\"]");
    let Some(Command::Exec(exec)) = i.command() else {
        panic!()
    };
    assert_eq!(exec.args[1].text, "a/b");

    // Not JSON: the shell form, silently.
    for text in [
        "CMD ['a','b']",
        "RUN [\"echo\", \"hello\"]this is invalid",
        "CMD [\"unterminated",
        "CMD \"[\\\"a\\\"]\"",
    ] {
        let i = last(text);
        let Some(Command::Shell(shell)) = i.command() else {
            panic!("{text}")
        };
        assert_eq!(shell.text, text[4..]);
    }
    // Valid JSON that is not a list of strings: an error.
    assert_eq!(
        errors("CMD [\"a\", 1]"),
        ["when using JSON array syntax, arrays must be comprised of strings only"]
    );
    // JSON for COPY, ADD, VOLUME; a name with a space.
    let i = last("COPY [\"my file.txt\", \"/dest/\"]");
    let paths = i.paths().unwrap();
    assert!(paths.json.is_some());
    assert_eq!(paths.sources()[0].text, "my file.txt");
}

#[test]
fn env_and_label_forms() {
    let text = "ENV A=1 B=\"two words\" C=3 MY_DOG=Rex\\ The\\ Dog foo.bar=baz\n";
    let i = last(text);
    let pairs: Vec<(&str, &str, bool)> = i
        .key_values()
        .iter()
        .map(|kv| (kv.key.text.as_str(), kv.value.text.as_str(), kv.equals))
        .collect();
    assert_eq!(
        pairs,
        [
            ("A", "1", true),
            ("B", "\"two words\"", true),
            ("C", "3", true),
            ("MY_DOG", "Rex\\ The\\ Dog", true),
            ("foo.bar", "baz", true),
        ]
    );
    let b = &i.key_values()[1];
    assert_eq!(at(text, b.key.span), "B");
    assert_eq!(at(text, b.value.span), "\"two words\"");
    assert_eq!(b.value.unquoted('\\'), "two words");
    assert_eq!(i.key_values()[3].value.unquoted('\\'), "Rex The Dog");

    // The legacy form: the rest of the line is the value.
    let text = "ENV MSG hello  world\n";
    let i = last(text);
    let kv = &i.key_values()[0];
    assert!(!kv.equals);
    assert_eq!(kv.key.text, "MSG");
    assert_eq!(kv.value.text, "hello  world");
    assert_eq!(at(text, kv.value.span), "hello  world");
    let i = last("LABEL maintainer John Doe <j@d.example>");
    assert_eq!(i.key_values()[0].value.text, "John Doe <j@d.example>");
    let i = last("LABEL \"com.example.vendor\"=\"ACME Inc\" version=1.0");
    assert_eq!(i.key_values()[0].key.unquoted('\\'), "com.example.vendor");

    assert_eq!(errors("ENV PATH"), ["ENV must have two arguments"]);
    assert_eq!(
        errors("ENV A=1 B"),
        ["Syntax error - can't find = in \"B\". Must be of the form: name=value"]
    );
    assert_eq!(errors("ENV =x"), ["ENV names can not be blank"]);
}

#[test]
fn env_over_several_lines() {
    let text = "ENV A=1 \\\n    B=\"x \\\n       y\" \\\n    C=3\n";
    let i = last(text);
    let values: Vec<&str> = i
        .key_values()
        .iter()
        .map(|kv| kv.value.text.as_str())
        .collect();
    assert_eq!(values, ["1", "\"x        y\"", "3"]);
    let b = &i.key_values()[1];
    // The span covers the continuation; the text does not.
    assert_eq!(at(text, b.value.span), "\"x \\\n       y\"");
    assert!(!b.value.verbatim);
    assert_eq!(at(text, i.key_values()[2].span), "C=3");
}

#[test]
fn arg_forms() {
    let text = "ARG a b=c d= \"e\"=f\n";
    let i = last(text);
    let decls: Vec<(&str, Option<&str>)> = i
        .arg_decls()
        .iter()
        .map(|d| {
            (
                d.name.text.as_str(),
                d.default.as_ref().map(|w| w.text.as_str()),
            )
        })
        .collect();
    assert_eq!(
        decls,
        [
            ("a", None),
            ("b", Some("c")),
            ("d", Some("")),
            ("\"e\"", Some("f"))
        ]
    );
    assert_eq!(at(text, i.arg_decls()[1].span), "b=c");
    assert_eq!(
        at(text, i.arg_decls()[1].default.as_ref().unwrap().span),
        "c"
    );
    // `d=` ends at byte 12: its empty default sits there.
    assert_eq!(
        i.arg_decls()[2].default.as_ref().unwrap().span,
        Span::empty(12)
    );
    assert_eq!(errors("ARG =x"), ["ARG names can not be blank"]);
    assert_eq!(errors("ARG"), ["ARG requires at least one argument"]);
}

#[test]
fn single_argument_instructions() {
    let i = last("USER app:app");
    assert_eq!(i.single_word().unwrap().text, "app:app");
    let i = last("WORKDIR /my app");
    assert_eq!(i.single_word().unwrap().text, "/my app");
    let i = last("STOPSIGNAL SIGKILL");
    assert_eq!(i.single_word().unwrap().text, "SIGKILL");
    let i = last("MAINTAINER A B <a@b>");
    assert_eq!(i.single_word().unwrap().text, "A B <a@b>");
    let i = last("EXPOSE 80 443/tcp");
    let Body::Expose(ports) = &i.body else {
        panic!()
    };
    assert_eq!(ports.len(), 2);
    let i = last("VOLUME /a /b");
    assert_eq!(i.paths().unwrap().items.len(), 2);
    assert_eq!(errors("USER"), ["USER requires exactly one argument"]);
    assert_eq!(errors("EXPOSE"), ["EXPOSE requires at least one argument"]);
    assert_eq!(
        errors("VOLUME [\"\"]"),
        ["VOLUME specified can not be an empty string"]
    );
    assert_eq!(
        errors("SHELL bash -c"),
        ["SHELL requires the arguments to be in JSON form"]
    );
    assert_eq!(
        errors("COPY onlyone"),
        ["COPY requires at least two arguments, but only one was provided. Destination could not be determined"]
    );
    assert_eq!(
        errors("FROM a b"),
        ["FROM requires either one or three arguments"]
    );
    assert_eq!(
        errors("FROM a AS 1x"),
        ["invalid name for build stage: \"1x\", name can't start with a number or contain symbols"]
    );
}

#[test]
fn onbuild_holds_its_trigger() {
    let text = "ONBUILD COPY --from=build . /app\n";
    let i = last(text);
    let trigger = i.trigger().unwrap();
    assert_eq!(trigger.kind, InstructionKind::Copy);
    assert_eq!(at(text, trigger.keyword.span), "COPY");
    assert_eq!(trigger.flag("from").unwrap().value_str(), "build");
    assert_eq!(at(text, trigger.span), "COPY --from=build . /app");
    assert_eq!(
        errors("ONBUILD ONBUILD RUN x"),
        ["Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"]
    );
    assert_eq!(
        errors("ONBUILD FROM x"),
        ["FROM isn't allowed as an ONBUILD trigger"]
    );
    assert_eq!(errors("ONBUILD COPY --bad=1 a b"), ["unknown flag: bad"]);
    // Heredocs of an ONBUILD RUN.
    let i = last("ONBUILD RUN <<EOF\necho hi\nEOF\n");
    assert_eq!(i.heredocs.len(), 1);
    assert_eq!(i.heredocs[0].content, "echo hi\n");
}

// ----------------------------------------------------------- continuations

#[test]
fn continuations_with_comments_and_blank_lines() {
    let text = "RUN apt-get update \\\n    # a comment, even one ending in \\\n\n    && apt-get install -y curl\n";
    let file = parse(text);
    assert!(!file.has_errors());
    let warnings: Vec<_> = file
        .diagnostics()
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    assert_eq!(warnings.len(), 1, "an empty continuation line is a warning");
    let run = file.instructions().next().unwrap();
    let Some(Command::Shell(shell)) = run.command() else {
        panic!()
    };
    assert_eq!(shell.text, "apt-get update     && apt-get install -y curl");
    // A position inside the joined text maps back into the file.
    let at_install = shell.text.find("install").unwrap();
    let span = shell.source_span(at_install..at_install + 7);
    assert_eq!(at(text, span), "install");
    let p = LineIndex::new(text).position(text, span.start);
    // Line 4 is `    && apt-get install -y curl`.
    assert_eq!((p.line, p.column), (4, 16));
    assert_eq!(at(text, run.span), &text[..text.len() - 1]);
}

#[test]
fn continuation_edge_cases() {
    // At the end of the file, the instruction just ends (and, as always, the
    // arguments are trimmed).
    let i = last("FROM a\nRUN something \\");
    let Some(Command::Shell(s)) = i.command() else {
        panic!()
    };
    assert_eq!(s.text, "something");
    // An escaped escape is not a continuation.
    let file = clean("ENV C trailing\\\\\nENV D next\n");
    assert_eq!(file.instructions().count(), 2);
    // Spaces after the escape still continue the line.
    let i = last("RUN echo hello  \\  \nworld");
    let Some(Command::Shell(s)) = i.command() else {
        panic!()
    };
    assert_eq!(s.text, "echo hello  world");
    // A lone `\` line continues too.
    let i = last("ENV E hello\\\n\\\nworld\n");
    assert_eq!(i.key_values()[0].value.text, "helloworld");
    // A keyword split over lines.
    let text = "RU\\\nN echo\n";
    let i = last(text);
    assert_eq!(i.kind, InstructionKind::Run);
    assert_eq!(i.keyword.text, "RUN");
    assert_eq!(at(text, i.keyword.span), "RU\\\nN");
}

#[test]
fn fifty_thousand_continuation_lines_do_not_grow_the_stack() {
    let mut text = String::from("FROM a\nRUN true");
    for i in 0..50_000 {
        text.push_str(&format!(" \\\n  && echo {i}"));
    }
    text.push('\n');
    // A small stack: any per-line recursion would overflow it.
    let handle = std::thread::Builder::new()
        .stack_size(128 * 1024)
        .spawn(move || {
            let file = parse(&text);
            assert_eq!(file.text(), text);
            let run = file.instructions().nth(1).unwrap().clone();
            let Some(Command::Shell(s)) = run.command() else {
                panic!()
            };
            assert!(s.text.ends_with("&& echo 49999"));
            assert_eq!(s.map.piece_count(), 50_001);
            file.nodes().len()
        })
        .unwrap();
    assert_eq!(handle.join().unwrap(), 2);
}

#[test]
fn deep_structures_do_not_grow_the_stack() {
    let json = format!(
        "FROM a\nCMD {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let subst = format!("FROM a\nRUN <<{}\n", "${a:-".repeat(20_000));
    let onbuild = format!("FROM a\n{}RUN x\n", "ONBUILD ".repeat(20_000));
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            for text in [json, subst, onbuild] {
                let file = parse(&text);
                assert_eq!(file.text(), text);
            }
        })
        .unwrap();
    handle.join().unwrap();
}

// ---------------------------------------------------------------- heredocs

#[test]
fn heredoc_basic() {
    let text = "FROM a\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\nRUN echo after\n";
    let file = clean(text);
    assert_eq!(file.instructions().count(), 3);
    let run = file.instructions().nth(1).unwrap();
    let h = &run.heredocs[0];
    assert_eq!(h.name, "EOF");
    assert!(h.expand && !h.chomp && h.fd.is_none());
    assert_eq!(h.content, "apt-get update\napt-get install -y curl\n");
    assert_eq!(at(text, h.body), h.content);
    assert_eq!(at(text, h.marker), "<<EOF");
    assert_eq!(at(text, h.terminator.unwrap()), "EOF");
    assert_eq!(
        at(text, run.span),
        "RUN <<EOF\napt-get update\napt-get install -y curl\nEOF"
    );
    let kinds: Vec<TokenKind> = file.tokens().iter().map(|t| t.kind).collect();
    assert!(kinds.contains(&TokenKind::HeredocBody));
    assert!(kinds.contains(&TokenKind::HeredocEnd));
}

#[test]
fn heredoc_anywhere_in_the_command_and_several_per_line() {
    let text = "RUN cat <<EOF > /etc/x\nhello\nEOF\n";
    let i = last(text);
    assert_eq!(i.heredocs[0].content, "hello\n");
    let Some(Command::Shell(s)) = i.command() else {
        panic!()
    };
    assert_eq!(s.text, "cat <<EOF > /etc/x");

    let text = "COPY <<FILE1 <<FILE2 /dest\ncontent 1\nFILE2\nFILE1\ncontent 2\nFILE2\n";
    let i = last(text);
    let names: Vec<&str> = i.heredocs.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["FILE1", "FILE2"]);
    // A body may mention the other heredoc's name.
    assert_eq!(i.heredocs[0].content, "content 1\nFILE2\n");
    assert_eq!(i.heredocs[1].content, "content 2\n");
    let paths = i.paths().unwrap();
    assert_eq!(paths.destination().unwrap().text, "/dest");
    let first = &paths.sources()[0];
    assert_eq!(i.heredoc_for(first).unwrap().name, "FILE1");

    // Several markers in a RUN, with a file descriptor.
    let i = last("RUN python3 3<<A <<-'B'\nprint(1)\nA\n\tquit()\n\tB\n");
    assert_eq!(i.heredocs[0].fd, Some(3));
    assert!(i.heredocs[1].chomp && !i.heredocs[1].expand);
    assert_eq!(i.heredocs[1].used_content(), "quit()\n");
}

#[test]
fn heredoc_quoting_chomping_and_crlf() {
    let i = last("RUN <<-'NOEXPAND'\n\tdon't expand $NAME\n\tNOEXPAND\n");
    let h = &i.heredocs[0];
    assert!(h.chomp && !h.expand);
    assert_eq!(h.content, "\tdon't expand $NAME\n");
    assert_eq!(h.used_content(), "don't expand $NAME\n");
    let i = last("RUN <<\"EOF\"\nx\nEOF");
    assert!(!i.heredocs[0].expand);
    let text = "COPY <<EOF /app.conf\r\na = 1\r\nEOF\r\n";
    let i = last(text);
    assert_eq!(i.heredocs[0].content, "a = 1\r\n");
    assert_eq!(at(text, i.heredocs[0].terminator.unwrap()), "EOF");
    // An empty heredoc, and one with a space after `<<`.
    let i = last("RUN <<EMPTY\nEMPTY\n");
    assert_eq!(i.heredocs[0].content, "");
    let i = last("RUN cat << EOF > /hello\nhi\nEOF\n");
    assert_eq!(i.heredocs[0].name, "EOF");
    assert_eq!(i.heredocs[0].content, "hi\n");
}

#[test]
fn not_heredocs() {
    // USER does not take heredocs: the next line is an instruction.
    let file = parse("FROM a\nUSER <<X\nX\n");
    assert_eq!(file.error_nodes().count(), 1);
    // Quoted, JSON, or no name.
    for text in [
        "RUN \"<<EOF\"\n",
        "RUN '<<EOF'\n",
        "RUN [\"<<EOF\"]\n",
        "RUN echo <<\n",
        "RUN a<<<b\n",
    ] {
        let i = last(text);
        assert!(i.heredocs.is_empty(), "{text}");
    }
}

#[test]
fn heredoc_errors() {
    assert_eq!(
        errors("FROM a\nRUN <<EOF\nnever ends\n"),
        ["unterminated heredoc"]
    );
    assert_eq!(
        errors("FROM a\nRUN <<'EOF\nx\nEOF\n")[0],
        "unbalanced quotes in heredoc delimiter `<<'EOF`"
    );
    assert_eq!(
        errors("FROM a\nCOPY a <<EOF\nx\nEOF\n"),
        ["COPY cannot accept a heredoc as a destination"]
    );
}

// ------------------------------------------------------ errors, recovery

#[test]
fn a_bad_line_is_an_error_node_and_parsing_goes_on() {
    let text = "FROM a\nRUNN echo\nENV A\nCMD [1]\nRUN echo ok\n";
    let file = parse(text);
    assert_eq!(file.text(), text);
    let nodes: Vec<&str> = file
        .nodes()
        .iter()
        .map(|n| match &n.kind {
            NodeKind::Instruction(_) => "ok",
            NodeKind::Error(_) => "error",
            NodeKind::Directive(_) => "directive",
        })
        .collect();
    assert_eq!(nodes, ["ok", "error", "error", "error", "ok"]);
    let messages: Vec<_> = file.error_nodes().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "unknown instruction: RUNN (did you mean RUN?)",
            "ENV must have two arguments",
            "when using JSON array syntax, arrays must be comprised of strings only",
        ]
    );
    let bad = &file.nodes()[1];
    assert_eq!(at(text, bad.span), "RUNN echo");
    assert_eq!(at(text, bad.as_error().unwrap().detail), "RUNN");
    let json = &file.nodes()[3];
    assert_eq!(at(text, json.as_error().unwrap().detail), "1");
    let index = file.line_index();
    let lines: Vec<u32> = file
        .errors()
        .map(|d| index.position(text, d.span.start).line)
        .collect();
    assert_eq!(lines, [2, 3, 4]);
}

#[test]
fn no_instructions_is_an_error() {
    assert_eq!(errors(""), ["file with no instructions"]);
    assert_eq!(
        errors("# just a comment\n\n"),
        ["file with no instructions"]
    );
}

#[test]
fn overlong_lines_are_errors() {
    let text = format!("FROM a\nRUN echo {}\n", "x".repeat(70_000));
    assert_eq!(
        errors(&text),
        ["dockerfile line greater than max allowed size of 65535"]
    );
}

#[test]
fn never_panics_on_odd_input() {
    let samples = [
        "\u{0}",
        "\\\n",
        "`",
        "# escape=`\n`",
        "FROM \u{a0}x",
        "RUN \u{2028}",
        "COPY <<",
        "ENV a=\"",
        "ARG \\",
        "HEALTHCHECK \u{85}",
        "LABEL é",
        "RUN --",
        "RUN --=",
        "RUN --\"",
        "ONBUILD",
        "ONBUILD ONBUILD",
        "CMD [\"\\ud800\"]",
        "RUN <<'",
        "RUN <<-",
        "\r",
        "FROM a\n\\\n\\\n",
        "RUN ${",
        "RUN <<${a",
        "RUN 99999999999999999999<<E\nE\n",
        "FROM a\nRUN <<A <<A\nA\nA\n",
    ];
    for text in samples {
        let file = parse(text);
        assert_eq!(file.text(), text, "{text:?}");
        let _ = file.buildkit_dump();
    }
}

// ------------------------------------------------------- words, variables

#[test]
fn words_expand_with_an_environment() {
    let env = [("TAG", "3.19"), ("NAME", "app"), ("FILE", "a.tar.gz")];
    let i = last("FROM alpine:${TAG:-latest}");
    let image = i.as_from().unwrap().image().unwrap();
    assert_eq!(image.expand('\\', &env[..]).unwrap().value, "alpine:3.19");
    let e = expand_word("${NAME}-${VERSION}-${FILE%%.*}${X:-}", '\\', &env[..]).unwrap();
    assert_eq!(e.value, "app--a");
    assert_eq!(e.unknown, ["VERSION"]);
    assert_eq!(e.used, ["NAME", "FILE"]);
    for (word, value) in [
        ("${FILE#*.}", "tar.gz"),
        ("${FILE##*.}", "gz"),
        ("${FILE%.*}", "a.tar"),
        ("${FILE%%.*}", "a"),
        ("${NONE:-x}", "x"),
        ("${NONE-x}", "x"),
        ("${NAME:+set}", "set"),
        ("${NAME+set}", "set"),
        ("'$NAME'", "$NAME"),
        ("\"$NAME\"\\ x", "app x"),
    ] {
        assert_eq!(
            expand_word(word, '\\', &env[..]).unwrap().value,
            value,
            "{word}"
        );
    }
    // With the backtick escape, `\` is an ordinary character.
    assert_eq!(
        expand_word("C:\\x`$NAME", '`', &env[..]).unwrap().value,
        "C:\\x$NAME"
    );
    let words = ShellLexer::new('\\')
        .process_words("a \"b c\" $NAME", &env[..])
        .unwrap();
    assert_eq!(words.words, ["a", "b c", "app"]);
}

// ---------------------------------------------------------------- positions

#[test]
fn positions_in_utf8_and_utf16() {
    let text = "FROM a\nLABEL note=\"café ☕ 😀\" x=1\n";
    let file = clean(text);
    let label = file.instructions().nth(1).unwrap();
    let x = &label.key_values()[1];
    let index = file.line_index();
    let p = index.position(text, x.key.span.start);
    // `LABEL note="café ☕ 😀" ` is 22 chars; the emoji is 2 UTF-16 units.
    assert_eq!((p.line, p.column, p.utf16_column), (2, 23, 24));
    assert_eq!(
        index.offset(text, p.line, p.utf16_column),
        Some(x.key.span.start)
    );
}
