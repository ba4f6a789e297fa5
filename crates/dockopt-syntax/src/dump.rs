//! BuildKit's AST dump (`parser.Node.Dump`), used to check conformance with
//! BuildKit's own parser fixtures: one `(name ["flags"] "args"…)` line per
//! instruction, arguments split and quoted as BuildKit's parser leaves them.

use crate::instruction::{Body, Command, Instruction, Word};
use crate::tree::{Dockerfile, NodeKind};

/// Go's `strconv.Quote`.
pub(crate) fn go_quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
}

/// An approximation of Go's `unicode.IsPrint`: graphic characters and the
/// ASCII space, but no other spaces and no format or control characters.
fn is_go_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(c,
        '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}'
        | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}' | '\u{e000}'..='\u{f8ff}'
        | '\u{f0000}'..='\u{10ffff}')
}

fn words(out: &mut String, words: &[Word]) {
    for w in words {
        out.push(' ');
        go_quote(&w.text, out);
    }
}

fn command(out: &mut String, command: &Option<Command>) {
    match command {
        None => {}
        Some(Command::Exec(e)) => words(out, &e.args),
        Some(Command::Shell(s)) => {
            out.push(' ');
            go_quote(&s.text, out);
        }
    }
}

fn instruction(out: &mut String, i: &Instruction) {
    out.push_str(&i.keyword.text.to_lowercase());
    if !i.flags.is_empty() {
        out.push_str(" [");
        for (n, flag) in i.flags.iter().enumerate() {
            if n > 0 {
                out.push(' ');
            }
            go_quote(&flag.text(), out);
        }
        out.push(']');
    }
    match &i.body {
        Body::From(f) => words(out, &f.words),
        Body::Run(c) | Body::Cmd(c) | Body::Entrypoint(c) | Body::Shell(c) => command(out, c),
        Body::Copy(p) | Body::Add(p) | Body::Volume(p) => words(out, &p.items),
        Body::Env(pairs) | Body::Label(pairs) => {
            for pair in pairs {
                out.push(' ');
                go_quote(&pair.key.text, out);
                out.push(' ');
                go_quote(&pair.value.text, out);
                out.push_str(if pair.equals { " \"=\"" } else { " \"\"" });
            }
        }
        Body::Arg(decls) => {
            for decl in decls {
                let mut text = decl.name.text.to_string();
                if let Some(default) = &decl.default {
                    text.push('=');
                    text.push_str(&default.text);
                }
                out.push(' ');
                go_quote(&text, out);
            }
        }
        Body::Expose(w) => words(out, w),
        Body::User(w) | Body::Workdir(w) | Body::Stopsignal(w) | Body::Maintainer(w) => {
            words(out, w.as_slice())
        }
        Body::Healthcheck(h) => {
            if let Some(kind) = &h.kind {
                out.push(' ');
                go_quote(&kind.text, out);
            }
            command(out, &h.command);
        }
        Body::Onbuild(trigger) => {
            if let Some(trigger) = trigger {
                out.push_str(" (");
                instruction(out, trigger);
                out.push(')');
            }
        }
    }
}

impl Dockerfile {
    /// The file as BuildKit's parser dumps it (`Node.Dump()` plus a final
    /// newline), from every instruction including those held by error nodes.
    /// Lines BuildKit's parser itself rejects appear as `(error "message")`.
    pub fn buildkit_dump(&self) -> String {
        let mut out = String::new();
        for node in self.nodes() {
            match (&node.kind, node.parsed_instruction()) {
                (_, Some(i)) => {
                    out.push('(');
                    instruction(&mut out, i);
                    out.push_str(")\n");
                }
                (NodeKind::Error(e), None) if e.keyword.is_some() || !node.span.is_empty() => {
                    out.push_str("(error ");
                    go_quote(&e.message, &mut out);
                    out.push_str(")\n");
                }
                _ => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::go_quote;

    #[test]
    fn quotes_like_go() {
        let mut s = String::new();
        go_quote("a\"b\\c\td\u{0}é♥\u{a0}", &mut s);
        assert_eq!(s, r#""a\"b\\c\td\x00é♥\u00a0""#);
    }
}
