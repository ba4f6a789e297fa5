//! Finds the Debian package names that real Dockerfiles install, so the web
//! build embeds the packages people actually use.
//!
//! This is a deliberately rough text scan (the real shell model lives in
//! dockopt-core): join `\`-continued lines, split on shell separators, and
//! take the words after `apt-get … install` / `apt … install`.

use std::path::Path;

/// Package names found in every file under `dir` (sorted, deduplicated).
/// Variables, flags and anything that is not a plain package word are
/// dropped; `name=version` and `name:arch` are cut back to `name`.
pub fn apt_install_names(dir: &Path) -> Result<Vec<String>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read corpus {}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    let mut names = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        scan_text(&text, &mut names);
    }
    names.sort();
    names.dedup();
    Ok(names)
}

fn scan_text(text: &str, names: &mut Vec<String>) {
    // Dockerfile comment lines are removed even inside a `\` continuation,
    // and they often say "apt-get install" in prose.
    let uncommented: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect();
    let joined = uncommented
        .join("\n")
        .replace("\\\r\n", " ")
        .replace("\\\n", " ");
    for line in joined.lines() {
        for command in line.split(['&', ';', '|', '(', ')']) {
            scan_command(command, names);
        }
    }
}

fn scan_command(command: &str, names: &mut Vec<String>) {
    let words: Vec<&str> = command.split_whitespace().collect();
    let Some(tool) = words.iter().position(|w| *w == "apt-get" || *w == "apt") else {
        return;
    };
    let rest = words.get(tool + 1..).unwrap_or(&[]);
    let Some(install) = rest.iter().position(|w| *w == "install") else {
        return;
    };
    // Only flags may come between the tool and `install`.
    if rest.iter().take(install).any(|w| !w.starts_with('-')) {
        return;
    }
    for word in rest.iter().skip(install + 1) {
        let word = word.trim_matches(|c| c == '"' || c == '\'');
        if word.starts_with('-') || word.contains('$') || word.contains('`') {
            continue;
        }
        let name = word.split(['=', ':']).next().unwrap_or("");
        let plain = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+-.".contains(c))
            && name.starts_with(|c: char| c.is_ascii_alphanumeric());
        if plain {
            names.push(name.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_across_continuations_and_skips_flags_pins_and_vars() {
        let mut names = Vec::new();
        scan_text(
            "RUN apt-get update && apt-get install -y --no-install-recommends \\\n  # a comment says install things\n  curl=7.88 libc6:amd64 \"$EXTRA\" git \\\n && rm -rf /var/lib/apt/lists/*\nRUN apt -y install vim; apt-get remove nano\n",
            &mut names,
        );
        assert_eq!(names, ["curl", "libc6", "git", "vim"]);
    }
}
