//! The value of `RUN --mount=…`: comma-separated `key=value` fields, read
//! like BuildKit does with Go's CSV reader (a field may be double-quoted to
//! hold a comma; `""` inside quotes is one quote).

use crate::span::Span;

/// One `key[=value]` field of a mount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountOption {
    /// The key as written (BuildKit compares keys case-insensitively).
    pub key: String,
    pub value: Option<String>,
    /// Where the field is in the file; the whole flag value when the value
    /// was quoted or continued over lines and fields cannot be placed.
    pub span: Span,
}

/// A parsed `--mount` value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mount {
    pub options: Vec<MountOption>,
}

impl Mount {
    /// Splits `value` (the unquoted flag value). `place` turns a byte range of
    /// `value` into a file span.
    pub(crate) fn parse(value: &str, place: impl Fn(usize, usize) -> Span) -> Mount {
        let mut options = Vec::new();
        let bytes = value.as_bytes();
        let mut i = 0;
        while i <= bytes.len() {
            let start = i;
            let mut field = String::new();
            if bytes.get(i) == Some(&b'"') {
                i += 1;
                let mut run = i;
                while i < bytes.len() {
                    if bytes[i] == b'"' {
                        field.push_str(&value[run..i]);
                        if bytes.get(i + 1) == Some(&b'"') {
                            field.push('"');
                            i += 2;
                            run = i;
                            continue;
                        }
                        i += 1;
                        run = i;
                        break;
                    }
                    i += 1;
                }
                // Text between the closing quote and the comma is kept.
                while i < bytes.len() && bytes[i] != b',' {
                    i += 1;
                }
                field.push_str(value.get(run.min(i)..i).unwrap_or(""));
            } else {
                while i < bytes.len() && bytes[i] != b',' {
                    i += 1;
                }
                field.push_str(&value[start..i]);
            }
            let end = i;
            let (key, val) = match field.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (field, None),
            };
            if !(key.is_empty() && val.is_none()) {
                options.push(MountOption {
                    key,
                    value: val,
                    span: place(start, end),
                });
            }
            i += 1;
        }
        Mount { options }
    }

    /// The value of the last field named `key` (case-insensitive).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|o| o.key.eq_ignore_ascii_case(key))
            .map(|o| o.value.as_deref().unwrap_or(""))
    }

    /// The mount type: `bind` unless `type=` says otherwise.
    pub fn kind(&self) -> &str {
        self.get("type").unwrap_or("bind")
    }

    /// `target`, or its aliases `dst` and `destination`.
    pub fn target(&self) -> Option<&str> {
        self.get("target")
            .or_else(|| self.get("dst"))
            .or_else(|| self.get("destination"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_fields_with_spans() {
        let v = "type=cache,target=/root/.cache,sharing=locked";
        let m = Mount::parse(v, |a, b| Span::new(10 + a, 10 + b));
        assert_eq!(m.kind(), "cache");
        assert_eq!(m.target(), Some("/root/.cache"));
        assert_eq!(m.get("SHARING"), Some("locked"));
        assert_eq!(m.options[1].span, Span::new(21, 40));
        assert_eq!(&v[11..30], "target=/root/.cache");
    }

    #[test]
    fn quoted_fields_and_bare_keys() {
        let m = Mount::parse("type=secret,id=a,\"dst=/a,b\",required", |a, b| {
            Span::new(a, b)
        });
        assert_eq!(m.get("dst"), Some("/a,b"));
        assert_eq!(m.get("required"), Some(""));
        assert_eq!(m.options.len(), 4);
        assert_eq!(Mount::parse("", Span::new).options.len(), 0);
        assert_eq!(m.kind(), "secret");
        assert_eq!(Mount::parse("\"a\"\"b\"", Span::new).options[0].key, "a\"b");
        assert_eq!(
            Mount::parse("\"unterminated", Span::new).options[0].key,
            "unterminated"
        );
    }
}
