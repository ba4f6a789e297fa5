//! Heredocs: `<<EOF`, `<<-EOF`, `<<'EOF'`, `3<<EOF`, `<< EOF`, anywhere in a
//! `RUN`, `COPY` or `ADD` line, several per line.
//!
//! BuildKit finds them by splitting the whole logical line into shell words
//! (quotes and escapes kept, unset variables kept as written) and taking every
//! word of the form `[digits]<<[-]name`. The name is then read as a shell
//! word: quoting any part of it disables expansion of the body. The bodies
//! follow the line, in order, each up to a line that is exactly the name
//! (after removing leading tabs for `<<-`).

use std::borrow::Cow;

use crate::shell::{NoEnv, ShellLexer};
use crate::span::Span;

/// One heredoc of an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter, quotes removed (`EOF` for `<<'EOF'`).
    pub name: String,
    /// The marker in the instruction line (`<<EOF`, `3<<-"EOF"`, `<< EOF`).
    pub marker: Span,
    /// The file descriptor prefix (`3<<EOF`).
    pub fd: Option<u32>,
    /// `<<-`: leading tabs are removed from the body when it is used.
    pub chomp: bool,
    /// Whether variables in the body are expanded (no part of the name quoted).
    pub expand: bool,
    /// The body: every line after the instruction up to the terminator, with
    /// their newlines. Empty (at the terminator's start) for an empty body.
    pub body: Span,
    /// The body text, as BuildKit keeps it (tabs included even with `<<-`).
    pub content: String,
    /// The terminator line without its newline; `None` when the heredoc runs
    /// to the end of the file without one.
    pub terminator: Option<Span>,
}

impl Heredoc {
    /// The body as it is used: with `<<-`, leading tabs removed from each line.
    pub fn used_content(&self) -> Cow<'_, str> {
        if !self.chomp {
            return Cow::Borrowed(&self.content);
        }
        let mut out = String::with_capacity(self.content.len());
        for line in self.content.split_inclusive('\n') {
            out.push_str(line.trim_start_matches('\t'));
        }
        Cow::Owned(out)
    }
}

/// A heredoc marker found in a logical line (offsets into that line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub fd: Option<u32>,
    pub chomp: bool,
    pub expand: bool,
}

/// Splits `[digits]<<[-]rest`; `None` if the word is not of that form
/// (BuildKit's `^(\d*)<<(-?)([^<]*)$`).
fn split_marker(word: &str) -> Option<(&str, bool, &str)> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let after = word[digits..].strip_prefix("<<")?;
    let (chomp, rest) = match after.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    if rest.contains('<') {
        return None;
    }
    Some((&word[..digits], chomp, rest))
}

/// Reads the delimiter word (BuildKit's `heredocFromMatch`). `Ok(None)` when
/// it is not a single word.
fn read_name(rest: &str) -> Result<Option<(String, bool)>, String> {
    let lexer = ShellLexer::new('\\').keep_unknown(true);
    let plain = lexer.process_words(rest, &NoEnv).map_err(|e| e.message)?;
    if plain.words.len() != 1 {
        return Ok(None);
    }
    let raw = lexer
        .raw_quotes(true)
        .process_words(rest, &NoEnv)
        .map_err(|e| e.message)?;
    let quotes = |s: &str| s.chars().filter(|&c| c == '\'' || c == '"').count();
    let name = plain.words.into_iter().next().unwrap_or_default();
    let expand = raw
        .words
        .first()
        .is_some_and(|w| quotes(w) == quotes(&name));
    Ok(Some((name, expand)))
}

/// Whether `word` alone is a heredoc marker (BuildKit's `MustParseHeredoc`).
pub(crate) fn is_marker(word: &str) -> bool {
    match split_marker(word) {
        Some((_, _, rest)) if !rest.is_empty() => matches!(read_name(rest), Ok(Some(_))),
        _ => false,
    }
}

/// Finds the heredoc markers of a logical line. An error means a marker
/// that cannot be read (an unbalanced quote in its name).
pub(crate) fn find_markers(line: &str) -> Result<Vec<Marker>, String> {
    if !line.contains("<<") {
        return Ok(Vec::new());
    }
    let lexer = ShellLexer::new('\\')
        .raw_quotes(true)
        .raw_escapes(true)
        .keep_unknown(true);
    let words = match lexer.words_with_offsets(line, &NoEnv) {
        Ok((words, _, _)) => words,
        // BuildKit ignores a line it cannot split: no heredocs at all. A
        // marker with an unbalanced quote is still worth an error, though.
        Err(_) => {
            return match line
                .split_whitespace()
                .find(|w| split_marker(w).is_some_and(|(_, _, rest)| rest.contains(['\'', '"'])))
            {
                Some(word) => Err(format!("unbalanced quotes in heredoc delimiter `{word}`")),
                None => Ok(Vec::new()),
            };
        }
    };
    let mut markers = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        let Some((digits, chomp, rest)) = split_marker(&word.text) else {
            continue;
        };
        let mut end = word.end;
        let rest = if rest.is_empty() {
            // `<< EOF`: the delimiter is the next word (BuildKit >= 0.22).
            match words.get(i) {
                Some(next) if !next.text.contains('<') => {
                    i += 1;
                    end = next.end;
                    next.text.as_str()
                }
                _ => continue,
            }
        } else {
            rest
        };
        let Some((name, expand)) =
            read_name(rest).map_err(|e| format!("{e} in heredoc delimiter"))?
        else {
            continue;
        };
        markers.push(Marker {
            start: word.start,
            end,
            name,
            fd: if digits.is_empty() {
                None
            } else {
                digits.parse().ok()
            },
            chomp,
            expand,
        });
    }
    Ok(markers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<String> {
        find_markers(line)
            .unwrap()
            .into_iter()
            .map(|m| m.name)
            .collect()
    }

    #[test]
    fn finds_markers_like_buildkit() {
        assert_eq!(names("RUN <<EOF"), ["EOF"]);
        assert_eq!(names("RUN <<-EOF"), ["EOF"]);
        assert_eq!(names("RUN <<'EOF'"), ["EOF"]);
        assert_eq!(names("RUN 4<<EOF"), ["EOF"]);
        assert_eq!(names("RUN <<EOF <<EOF2"), ["EOF", "EOF2"]);
        assert_eq!(names("RUN cat <<EOF > /etc/x"), ["EOF"]);
        assert_eq!(names("RUN '<<EOF'"), Vec::<String>::new());
        assert_eq!(names("RUN \"<<EOF\""), Vec::<String>::new());
        assert_eq!(names("RUN << EOF"), ["EOF"]);
        assert_eq!(names("RUN <<- EOF"), ["EOF"]);
        assert_eq!(names("RUN << -EOF"), ["-EOF"]);
        assert_eq!(names("RUN <<  EOF  > foo"), ["EOF"]);
        assert_eq!(names("RUN <<EOF sh"), ["EOF"]);
        assert_eq!(names("RUN <<$EOF"), ["$EOF"]);
        assert_eq!(names("RUN <<'one two'"), ["one two"]);
        assert_eq!(names("RUN <<eo'f'"), ["eof"]);
        assert_eq!(names("RUN <<eo\\'f"), ["eo'f"]);
        for not in [
            "RUN <<",
            "RUN <<-",
            "RUN <EOF",
            "RUN <<<EOF",
            "RUN cat<<EOF",
        ] {
            assert_eq!(names(not), Vec::<String>::new(), "{not}");
        }
    }

    #[test]
    fn quoting_disables_expansion() {
        let m = find_markers("RUN <<EOF <<'Q' <<eo\\'f 3<<-X").unwrap();
        let flags: Vec<_> = m.iter().map(|m| (m.expand, m.chomp, m.fd)).collect();
        assert_eq!(
            flags,
            [
                (true, false, None),
                (false, false, None),
                (true, false, None),
                (true, true, Some(3))
            ]
        );
        assert_eq!(
            &"RUN <<EOF <<'Q' <<eo\\'f 3<<-X"[m[1].start..m[1].end],
            "<<'Q'"
        );
    }

    #[test]
    fn unbalanced_quotes_are_errors() {
        assert!(find_markers("RUN <<'EOF").is_err());
        assert!(find_markers("RUN <<EOF\"").is_err());
        // An unrelated unbalanced quote: BuildKit sees no heredoc at all.
        assert_eq!(
            find_markers("RUN echo \"a <<EOF").unwrap_or_default().len(),
            0
        );
    }

    #[test]
    fn chomped_content_drops_leading_tabs() {
        let h = Heredoc {
            name: "X".into(),
            marker: Span::default(),
            fd: None,
            chomp: true,
            expand: true,
            body: Span::default(),
            content: "\thello\n\t\tworld\n".into(),
            terminator: None,
        };
        assert_eq!(h.used_content(), "hello\nworld\n");
    }
}
