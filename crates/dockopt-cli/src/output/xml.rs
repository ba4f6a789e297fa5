//! Escaping text for the XML formats (checkstyle, junit).

/// `text` safe inside an XML 1.0 attribute value or element. Characters XML
/// 1.0 cannot carry at all (most C0 controls, U+FFFE, U+FFFF) become U+FFFD;
/// tab, CR and LF are written as character references so attribute
/// normalisation does not turn them into spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_whitespace_and_forbidden_characters() {
        assert_eq!(
            escape("a<b>&\"c\"'d'\n\t\r\u{0}\u{1b}é"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;&#10;&#9;&#13;\u{FFFD}\u{FFFD}é"
        );
    }
}
