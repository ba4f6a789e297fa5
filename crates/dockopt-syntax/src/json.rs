//! The JSON ("exec") form of `RUN`, `CMD`, `ENTRYPOINT`, `SHELL`, `COPY`,
//! `ADD` and `VOLUME`.
//!
//! BuildKit decodes the arguments with Go's `encoding/json` into a list. Three
//! outcomes matter and this module reproduces them:
//! - valid JSON, an array of strings: exec form;
//! - valid JSON array with anything else in it (`[1]`, `["a", ["b"]]`): a hard
//!   error;
//! - anything that is not valid JSON (single quotes, an unterminated string or
//!   bracket, text after the closing bracket): silently the shell form.
//!
//! The validator is iterative (an explicit stack), so `[[[[…` nested a million
//! deep costs memory proportional to the depth and never grows the call stack.

/// Go's `encoding/json` refuses deeper nesting than this.
const MAX_DEPTH: usize = 10_000;

/// One string element of a top-level array: its byte range (quotes included)
/// and its decoded value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonString {
    pub start: usize,
    pub end: usize,
    /// `None` when the string has no escapes: the value is the text between
    /// the quotes (saves an allocation for the usual case).
    pub decoded: Option<String>,
}

impl JsonString {
    pub fn value<'t>(&'t self, text: &'t str) -> &'t str {
        match &self.decoded {
            Some(v) => v,
            None => text.get(self.start + 1..self.end - 1).unwrap_or(""),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JsonArray {
    /// Not JSON at all: BuildKit falls back to the shell form.
    Invalid,
    /// A valid array of strings.
    Strings(Vec<JsonString>),
    /// A valid array holding something else; `start..end` is the first
    /// element that is not a string.
    NotStrings { start: usize, end: usize },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Container {
    Array,
    Object,
}

struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn literal(&mut self, word: &[u8]) -> bool {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    fn number(&mut self) -> bool {
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return false,
        }
        if self.eat(b'.') && self.digits() == 0 {
            return false;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return false;
            }
        }
        true
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4)?;
        let mut value = 0u32;
        for &d in digits {
            value = value * 16 + (d as char).to_digit(16)?;
        }
        self.pos += 4;
        Some(value)
    }

    /// A string starting at the opening quote. Decodes into `out` when given.
    /// Returns false on a syntax error.
    fn string(&mut self, mut out: Option<&mut String>) -> bool {
        if !self.eat(b'"') {
            return false;
        }
        loop {
            let Some(b) = self.peek() else {
                return false;
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    return true;
                }
                0..=0x1f => return false,
                b'\\' => {
                    self.pos += 1;
                    let Some(e) = self.peek() else {
                        return false;
                    };
                    self.pos += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let Some(unit) = self.hex4() else {
                                return false;
                            };
                            self.unicode_escape(unit)
                        }
                        _ => return false,
                    };
                    if let Some(out) = out.as_deref_mut() {
                        out.push(c);
                    }
                }
                _ => {
                    // Copy a run of plain bytes at once; the input is UTF-8
                    // and the run stops only at ASCII bytes, so it is too.
                    let start = self.pos;
                    while let Some(c) = self.peek() {
                        if c == b'"' || c == b'\\' || c < 0x20 {
                            break;
                        }
                        self.pos += 1;
                    }
                    if let Some(out) = out.as_deref_mut() {
                        out.push_str(self.text.get(start..self.pos).unwrap_or(""));
                    }
                }
            }
        }
    }

    /// Go's rule: a surrogate pair combines, a lone surrogate becomes U+FFFD.
    fn unicode_escape(&mut self, unit: u32) -> char {
        if (0xD800..0xDC00).contains(&unit) {
            let save = self.pos;
            if self.literal(b"\\u") {
                if let Some(low) = self.hex4() {
                    if (0xDC00..0xE000).contains(&low) {
                        let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        return char::from_u32(c).unwrap_or('\u{FFFD}');
                    }
                }
            }
            self.pos = save;
            return '\u{FFFD}';
        }
        char::from_u32(unit).unwrap_or('\u{FFFD}')
    }
}

/// Reads `text` (already trimmed of leading whitespace) as a JSON array.
pub(crate) fn parse_array(text: &str) -> JsonArray {
    let mut cur = Cursor {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    if !cur.eat(b'[') {
        return JsonArray::Invalid;
    }
    let mut stack = vec![Container::Array];
    let mut strings = Vec::new();
    let mut scratch = String::new();
    let mut not_string: Option<(usize, usize)> = None;
    // Whether the next thing must be a value (after `[`, `,` or `:`), and
    // whether the container was just opened (so `]`/`}` may close it).
    let mut expect_value = true;
    let mut just_opened = true;
    loop {
        cur.skip_ws();
        let Some(&top) = stack.last() else {
            break;
        };
        if expect_value {
            if just_opened {
                let closer = if top == Container::Array { b']' } else { b'}' };
                if cur.eat(closer) {
                    stack.pop();
                    expect_value = false;
                    just_opened = false;
                    continue;
                }
            }
            if top == Container::Object {
                // An object member starts with its key and a colon.
                if !cur.string(None) {
                    return JsonArray::Invalid;
                }
                cur.skip_ws();
                if !cur.eat(b':') {
                    return JsonArray::Invalid;
                }
                cur.skip_ws();
            }
            let start = cur.pos;
            let top_level = stack.len() == 1;
            match cur.peek() {
                Some(b'"') => {
                    if top_level {
                        scratch.clear();
                        if !cur.string(Some(&mut scratch)) {
                            return JsonArray::Invalid;
                        }
                        // Escapes always shorten the text: same length means
                        // the value is the text between the quotes.
                        let plain = scratch.len() + 2 == cur.pos - start;
                        strings.push(JsonString {
                            start,
                            end: cur.pos,
                            decoded: (!plain).then(|| scratch.clone()),
                        });
                    } else if !cur.string(None) {
                        return JsonArray::Invalid;
                    }
                    expect_value = false;
                    just_opened = false;
                }
                Some(open @ (b'[' | b'{')) => {
                    cur.pos += 1;
                    if stack.len() >= MAX_DEPTH {
                        return JsonArray::Invalid;
                    }
                    if top_level && not_string.is_none() {
                        // Its end is not known yet; the start is what matters.
                        not_string = Some((start, start + 1));
                    }
                    stack.push(if open == b'[' {
                        Container::Array
                    } else {
                        Container::Object
                    });
                    expect_value = true;
                    just_opened = true;
                }
                _ => {
                    let ok = cur.literal(b"true")
                        || cur.literal(b"false")
                        || cur.literal(b"null")
                        || cur.number();
                    if !ok {
                        return JsonArray::Invalid;
                    }
                    if top_level && not_string.is_none() {
                        not_string = Some((start, cur.pos));
                    }
                    expect_value = false;
                    just_opened = false;
                }
            }
        } else {
            let closer = if top == Container::Array { b']' } else { b'}' };
            if cur.eat(b',') {
                expect_value = true;
                just_opened = false;
            } else if cur.eat(closer) {
                stack.pop();
            } else {
                return JsonArray::Invalid;
            }
        }
    }
    cur.skip_ws();
    if cur.pos != text.len() {
        return JsonArray::Invalid;
    }
    match not_string {
        Some((start, end)) => JsonArray::NotStrings { start, end },
        None => JsonArray::Strings(strings),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Option<Vec<String>> {
        match parse_array(text) {
            JsonArray::Strings(v) => Some(v.iter().map(|s| s.value(text).to_string()).collect()),
            _ => None,
        }
    }

    #[test]
    fn decodes_strings_like_go() {
        assert_eq!(values("[]"), Some(vec![]));
        assert_eq!(
            values("[ \"a\" ,\t\"b\" ]  "),
            Some(vec!["a".into(), "b".into()])
        );
        assert_eq!(
            values(r#"["\" \\ \/ \b \f \n \r \t \u0000"]"#),
            Some(vec!["\" \\ / \u{8} \u{c} \n \r \t \u{0}".into()])
        );
        assert_eq!(values(r#"["\ud83d\ude00"]"#), Some(vec!["😀".into()]));
        assert_eq!(values(r#"["\ud83d"]"#), Some(vec!["\u{FFFD}".into()]));
        assert_eq!(values(r#"["♥"]"#), Some(vec!["♥".into()]));
    }

    #[test]
    fn invalid_json_is_not_an_array() {
        for text in [
            "['a']",
            "[\"a\"",
            "[\"a]",
            "[\"a\"]x",
            "[\"a\",]",
            "[,]",
            "[\"\\x\"]",
            "[\"a\tb\"]",
            "[01]",
            "[1.]",
            "[tru]",
            "{\"a\": 1}",
            "[\"a\"]\u{b}",
        ] {
            assert_eq!(parse_array(text), JsonArray::Invalid, "{text}");
        }
    }

    #[test]
    fn valid_json_with_non_strings_is_reported() {
        for text in [
            "[1]",
            "[\"a\", [\"b\"]]",
            "[null]",
            "[{\"a\": [1, {\"b\": \"c\"}]}]",
            "[-1.5e+3, true]",
        ] {
            assert!(
                matches!(parse_array(text), JsonArray::NotStrings { .. }),
                "{text}"
            );
        }
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let deep = format!("[{}{}]", "[".repeat(200_000), "]".repeat(200_000));
        // Deeper than Go accepts: not JSON, so the shell form.
        assert_eq!(parse_array(&deep), JsonArray::Invalid);
        let ok = format!("[{}{}]", "[".repeat(100), "]".repeat(100));
        assert!(matches!(parse_array(&ok), JsonArray::NotStrings { .. }));
    }
}
