//! Image references: `[registry/]path[:tag][@digest]`, every part kept.
//!
//! The split follows Docker's reference grammar closely enough to find the
//! parts, without validating them: a `FROM` line may hold `${VARS}` or a
//! stage name, and a tag such as `3.19` next to a digest must both survive.

use std::ops::Range;

/// A parsed image reference. Ranges are byte ranges of [`ImageRef::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef<'a> {
    pub text: &'a str,
    /// The registry host (and port), when the first path component is one:
    /// it contains `.` or `:`, is `localhost`, or has an upper-case letter.
    pub registry: Option<Range<usize>>,
    /// The repository path, without registry, tag or digest.
    pub path: Range<usize>,
    pub tag: Option<Range<usize>>,
    pub digest: Option<Range<usize>>,
}

impl<'a> ImageRef<'a> {
    pub fn parse(text: &'a str) -> Self {
        let (name_end, digest) = match text.find('@') {
            Some(at) => (at, Some(at + 1..text.len())),
            None => (text.len(), None),
        };
        let name = &text[..name_end];
        let last_slash = name.rfind('/');
        let (path_end, tag) = match name.rfind(':') {
            Some(colon) if last_slash.is_none_or(|s| colon > s) => {
                (colon, Some(colon + 1..name_end))
            }
            _ => (name_end, None),
        };
        let registry = name[..path_end].find('/').and_then(|slash| {
            let first = &name[..slash];
            let is_host = first.contains(['.', ':'])
                || first == "localhost"
                || first.chars().any(|c| c.is_ascii_uppercase());
            is_host.then_some(0..slash)
        });
        let path_start = registry.as_ref().map_or(0, |r| r.end + 1);
        ImageRef {
            text,
            registry,
            path: path_start..path_end,
            tag,
            digest,
        }
    }

    fn part(&self, range: &Option<Range<usize>>) -> Option<&'a str> {
        range.as_ref().and_then(|r| self.text.get(r.clone()))
    }

    pub fn registry(&self) -> Option<&'a str> {
        self.part(&self.registry)
    }

    pub fn path(&self) -> &'a str {
        self.text.get(self.path.clone()).unwrap_or("")
    }

    pub fn tag(&self) -> Option<&'a str> {
        self.part(&self.tag)
    }

    pub fn digest(&self) -> Option<&'a str> {
        self.part(&self.digest)
    }

    /// Registry and path, as written (`ghcr.io/org/app`, `python`).
    pub fn name(&self) -> &'a str {
        let start = self.registry.as_ref().map_or(self.path.start, |r| r.start);
        self.text.get(start..self.path.end).unwrap_or("")
    }

    /// The registry, `docker.io` when none is written.
    pub fn registry_or_default(&self) -> &'a str {
        self.registry().unwrap_or("docker.io")
    }

    /// The path as Docker Hub resolves it: `python` is `library/python`.
    pub fn normalized_path(&self) -> String {
        let path = self.path();
        if self.registry.is_none() && !path.contains('/') {
            format!("library/{path}")
        } else {
            path.to_string()
        }
    }

    /// `scratch`, the empty base image.
    pub fn is_scratch(&self) -> bool {
        self.text.eq_ignore_ascii_case("scratch")
    }

    /// Whether the reference still holds variables and cannot be resolved
    /// without expanding them.
    pub fn has_variables(&self) -> bool {
        self.text.contains('$')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_part() {
        let r = ImageRef::parse("ghcr.io:5000/org/app:3.19@sha256:abc");
        assert_eq!(r.registry(), Some("ghcr.io:5000"));
        assert_eq!(r.path(), "org/app");
        assert_eq!(r.tag(), Some("3.19"));
        assert_eq!(r.digest(), Some("sha256:abc"));
        assert_eq!(r.name(), "ghcr.io:5000/org/app");

        let r = ImageRef::parse("alpine:3.19@sha256:0123");
        assert_eq!(r.registry(), None);
        assert_eq!(r.path(), "alpine");
        assert_eq!(r.tag(), Some("3.19"));
        assert_eq!(r.digest(), Some("sha256:0123"));
        assert_eq!(r.normalized_path(), "library/alpine");
        assert_eq!(r.registry_or_default(), "docker.io");
    }

    #[test]
    fn ports_users_and_variables() {
        let r = ImageRef::parse("localhost:5000/app");
        assert_eq!(r.registry(), Some("localhost:5000"));
        assert_eq!(r.tag(), None);
        let r = ImageRef::parse("bitnami/redis");
        assert_eq!(r.registry(), None);
        assert_eq!(r.normalized_path(), "bitnami/redis");
        let r = ImageRef::parse("python:${PY_VERSION}-slim");
        assert_eq!(r.tag(), Some("${PY_VERSION}-slim"));
        assert!(r.has_variables());
        let r = ImageRef::parse("localhost/app");
        assert_eq!(r.registry(), Some("localhost"));
        let r = ImageRef::parse("x@${D}");
        assert_eq!(r.digest(), Some("${D}"));
        assert!(ImageRef::parse("SCRATCH").is_scratch());
        let r = ImageRef::parse("");
        assert_eq!(r.path(), "");
    }
}
