//! A few ANSI styles for the text format, and the decision whether to use
//! them. Four styles do not justify a terminal-colour crate.

use std::io::IsTerminal as _;

use dockopt_core::Severity;

use crate::cli::ColorChoice;

/// Wraps text in ANSI escape sequences, or leaves it alone when disabled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Painter {
    enabled: bool,
}

/// An SGR style: the parameters between `ESC [` and `m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style(&'static str);

impl Style {
    pub const BOLD: Style = Style("1");
    pub const RED: Style = Style("1;31");
    pub const YELLOW: Style = Style("1;33");
    pub const CYAN: Style = Style("1;36");
    pub const BLUE: Style = Style("1;34");
    pub const DIM: Style = Style("2");

    /// The colour a severity is shown in.
    pub fn for_severity(severity: Severity) -> Style {
        match severity {
            Severity::Error => Style::RED,
            Severity::Warning => Style::YELLOW,
            Severity::Info => Style::CYAN,
            Severity::Style => Style::DIM,
        }
    }
}

impl Painter {
    pub const PLAIN: Painter = Painter { enabled: false };
    pub const ANSI: Painter = Painter { enabled: true };

    /// Decide from the user's choice; `auto` colours only a terminal, and
    /// respects the `NO_COLOR` convention (https://no-color.org).
    pub fn for_stdout(choice: ColorChoice) -> Painter {
        let enabled = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
        Painter { enabled }
    }

    pub fn paint(self, style: Style, text: &str) -> String {
        if self.enabled && !text.is_empty() {
            format!("\x1b[{}m{text}\x1b[0m", style.0)
        } else {
            text.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_painter_leaves_text_alone_and_ansi_wraps_it() {
        assert_eq!(Painter::PLAIN.paint(Style::RED, "x"), "x");
        assert_eq!(Painter::ANSI.paint(Style::RED, "x"), "\x1b[1;31mx\x1b[0m");
        assert_eq!(Painter::ANSI.paint(Style::RED, ""), "");
    }
}
