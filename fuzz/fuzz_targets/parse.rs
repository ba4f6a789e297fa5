//! Parse + round-trip + never panic: any bytes (read as UTF-8, invalid
//! sequences replaced) must parse without panicking, print back to exactly
//! the input, and give spans that lie inside the text on character
//! boundaries. The word expander and the line index get the same treatment.

#![no_main]

use dockopt_syntax::shell::{expand_word, ShellLexer};
use dockopt_syntax::{parse, Body, Command, Instruction, Span, Word};
use libfuzzer_sys::fuzz_target;

fn check_span(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: reversed span {span:?}");
    assert!(span.end <= text.len(), "{what}: span {span:?} past the end");
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} splits a character"
    );
}

fn check_word(text: &str, word: &Word, escape: char) {
    check_span(text, word.span, "word");
    if word.verbatim {
        assert_eq!(&text[word.span.range()], &*word.text, "verbatim word");
    }
    let env = [("A", "alpha"), ("EMPTY", ""), ("PATH", "/usr/bin:/bin")];
    let _ = expand_word(&word.text, escape, &env[..]);
    let _ = ShellLexer::new(escape)
        .keep_unknown(true)
        .process_words(&word.text, &env[..]);
    let _ = word.unquoted(escape);
}

fn check_instruction(text: &str, i: &Instruction, escape: char) {
    check_span(text, i.span, "instruction");
    check_span(text, i.keyword.span, "keyword");
    for flag in &i.flags {
        check_span(text, flag.span, "flag");
        check_span(text, flag.name_span, "flag name");
        if let Some(v) = &flag.value {
            check_word(text, v, escape);
        }
        for option in flag.mount().options {
            check_span(text, option.span, "mount option");
        }
    }
    for h in &i.heredocs {
        check_span(text, h.marker, "heredoc marker");
        check_span(text, h.body, "heredoc body");
        assert_eq!(&text[h.body.range()], h.content);
        let _ = h.used_content();
    }
    let mut words: Vec<&Word> = Vec::new();
    match &i.body {
        Body::From(f) => {
            words.extend(&f.words);
            if let Some(r) = f.image_ref() {
                let _ = (
                    r.registry(),
                    r.path(),
                    r.tag(),
                    r.digest(),
                    r.normalized_path(),
                );
            }
        }
        Body::Copy(p) | Body::Add(p) | Body::Volume(p) => words.extend(&p.items),
        Body::Env(kv) | Body::Label(kv) => {
            for pair in kv {
                check_span(text, pair.span, "pair");
                words.push(&pair.key);
                words.push(&pair.value);
            }
        }
        Body::Arg(decls) => {
            for d in decls {
                words.push(&d.name);
                words.extend(&d.default);
            }
        }
        Body::Expose(w) => words.extend(w),
        Body::User(w) | Body::Workdir(w) | Body::Stopsignal(w) | Body::Maintainer(w) => {
            words.extend(w)
        }
        Body::Healthcheck(h) => words.extend(&h.kind),
        Body::Onbuild(Some(trigger)) => check_instruction(text, trigger, escape),
        _ => {}
    }
    match i.command() {
        Some(Command::Exec(e)) => {
            check_span(text, e.span, "exec");
            words.extend(&e.args);
        }
        Some(Command::Shell(s)) => {
            check_span(text, s.span, "shell");
            let mid = s.text.len() / 2;
            check_span(text, s.source_span(0..s.text.len()), "shell map");
            if s.text.is_char_boundary(mid) {
                check_span(text, s.source_span(mid..s.text.len()), "shell map");
            }
        }
        None => {}
    }
    for w in words {
        check_word(text, w, escape);
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let file = parse(&text);
    assert_eq!(file.text(), text, "round trip");
    let index = file.line_index();
    let mut covered = 0;
    for token in file.tokens() {
        assert_eq!(token.span.start, covered);
        check_span(&text, token.span, "token");
        covered = token.span.end;
    }
    assert_eq!(covered, text.len());
    for node in file.nodes() {
        check_span(&text, node.span, "node");
        check_span(&text, node.full_span, "node lines");
        if let Some(i) = node.parsed_instruction() {
            check_instruction(&text, i, file.escape());
        }
    }
    for d in file.diagnostics() {
        check_span(&text, d.span, "diagnostic");
        let p = index.position(&text, d.span.start);
        let _ = index.offset(&text, p.line, p.utf16_column);
    }
    let _ = file.buildkit_dump();
});
