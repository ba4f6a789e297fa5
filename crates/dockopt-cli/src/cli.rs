//! The command-line grammar: subcommands, flags and their help text. Parsing
//! only; what the commands do lives in [`crate::run`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use dockopt_core::Severity;

/// The playground every `dockopt share` link opens unless `--base-url` says otherwise.
pub const DEFAULT_BASE_URL: &str = "https://dockopt.github.io/dockopt/";

/// Lint and optimise Dockerfiles: the same analysis as the dockopt playground, for terminals and CI.
#[derive(Debug, Parser)]
#[command(name = "dockopt", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Dockerfiles and report findings.
    ///
    /// Exit status: 0 when no finding is at or above the severity threshold,
    /// 1 when one is, 2 on usage or I/O errors (the other files are still
    /// checked and printed).
    Check(CheckArgs),
    /// Apply fixes and print the rewritten Dockerfile (or write it back).
    ///
    /// Safe fixes are applied by default; `--unsafe-fixes` adds the fixes that
    /// may change behaviour. Suggestions are never applied here: the
    /// playground lets a person switch them on one by one.
    Fix(FixArgs),
    /// Print the fixes as a unified diff (a patch for `git apply`).
    ///
    /// Exit status: 0 when nothing would change, 1 when the diff is not
    /// empty, 2 on usage or I/O errors.
    Diff(FixArgs),
    /// Estimate the image size before building: per layer, per stage, what
    /// is wasted, and what every fix would save. Every figure is a range
    /// with its source.
    Estimate(EstimateArgs),
    /// Print the documentation of one rule.
    Rule(RuleArgs),
    /// List every rule: code, name, family, default severity and fix.
    Rules(RulesArgs),
    /// Print a playground link that carries the given Dockerfiles.
    ///
    /// The files travel inside the link's fragment (after `#`), which the
    /// browser never sends to a server.
    Share(ShareArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input. Directories are
    /// searched recursively for `Dockerfile`, `Dockerfile.*`, `*.Dockerfile` and
    /// `*.dockerfile` (skipping `.git`, `node_modules` and `target`).
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Lowest severity that makes the exit status 1 (`none`: findings never do).
    #[arg(long, value_enum, default_value_t = Threshold::Info, value_name = "SEVERITY")]
    pub severity_threshold: Threshold,

    /// Name to report for standard input (`-`).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    #[command(flatten)]
    pub config: ConfigArgs,

    #[command(flatten)]
    pub color: ColorArgs,
}

/// How each Dockerfile's settings are found, and flags that override them.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Use this `.dockopt.toml` for every file instead of the one found
    /// upward from each Dockerfile (the search stops at the repository root).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Switch rules off, by code, BuildKit name or rule name (repeatable,
    /// or comma-separated). Added to the config's `[rules] ignore`.
    #[arg(long = "disable", value_name = "CODE", value_delimiter = ',')]
    pub disable: Vec<String>,

    /// The stage that ships (like `docker build --target`); default: the
    /// config's `[build] target`, else the last stage.
    #[arg(long, value_name = "STAGE")]
    pub target: Option<String>,

    /// Do not read the `.dockerignore` next to each Dockerfile.
    #[arg(long)]
    pub no_dockerignore: bool,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Files or directories; `-` reads standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Write the rewritten text back to each file instead of printing it.
    #[arg(long, conflicts_with = "check_only")]
    pub write: bool,

    /// Also apply fixes that may change behaviour (they are listed as unsafe
    /// in `dockopt rule CODE`).
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Apply only the fixes of these rules (codes, BuildKit names or rule
    /// names; repeatable or comma-separated).
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub select: Vec<String>,

    /// Do not apply the fixes of these rules.
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// Print nothing; exit 1 when a file would change (for CI).
    #[arg(long = "check")]
    pub check_only: bool,

    /// Name to report for standard input (`-`).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// Files or directories; `-` reads standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,

    /// Size of the build context in bytes (after .dockerignore); without it
    /// `COPY . .` is an unknown range.
    #[arg(long, value_name = "BYTES")]
    pub context_size: Option<u64>,

    /// Also print where each figure comes from and what moved the scores.
    #[arg(long, short = 'v')]
    pub verbose: bool,

    /// Name to report for standard input (`-`).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// A rule code (`DL3009`), BuildKit check name (`FromAsCasing`) or rule name.
    #[arg(value_name = "CODE")]
    pub code: String,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,

    /// Only the rules of this family.
    #[arg(long, value_name = "FAMILY")]
    pub family: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// An aligned table.
    Text,
    /// A JSON array of rules.
    Json,
}

#[derive(Debug, Args)]
pub struct ShareArgs {
    /// Dockerfiles (or directories to search) to put into the link; `-` reads standard input.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// The playground the link opens.
    #[arg(long, value_name = "URL", default_value = DEFAULT_BASE_URL)]
    pub base_url: String,

    /// Tab name for standard input (`-`).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
}

#[derive(Debug, Args)]
pub struct ColorArgs {
    /// When to colour the text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Same as `--color never`.
    #[arg(long, conflicts_with = "color")]
    pub no_color: bool,
}

impl ColorArgs {
    /// The choice after folding `--no-color` into `--color`.
    pub fn choice(&self) -> ColorChoice {
        if self.no_color {
            ColorChoice::Never
        } else {
            self.color
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Code frames with the offending text underlined.
    Text,
    /// `{"files":[{"path","report"}],"errors":[…],"summary":{…}}`.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning, IDEs).
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// Checkstyle XML.
    Checkstyle,
    /// JUnit XML, one test case per finding.
    Junit,
    /// GitLab Code Quality (Code Climate JSON).
    Gitlab,
}

/// `--severity-threshold`: the lowest severity that fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Threshold {
    Error,
    Warning,
    Info,
    Style,
    None,
}

impl Threshold {
    /// The lowest failing severity, or `None` when nothing fails.
    pub fn lowest_failing(self) -> Option<Severity> {
        match self {
            Threshold::Error => Some(Severity::Error),
            Threshold::Warning => Some(Severity::Warning),
            Threshold::Info => Some(Severity::Info),
            Threshold::Style => Some(Severity::Style),
            Threshold::None => None,
        }
    }

    /// Whether a finding of `severity` fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        self.lowest_failing()
            .is_some_and(|lowest| severity >= lowest)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Threshold::Error => "error",
            Threshold::Warning => "warning",
            Threshold::Info => "info",
            Threshold::Style => "style",
            Threshold::None => "none",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn thresholds_fail_at_and_above_their_severity() {
        assert!(Threshold::Warning.fails(Severity::Error));
        assert!(Threshold::Warning.fails(Severity::Warning));
        assert!(!Threshold::Warning.fails(Severity::Info));
        assert!(Threshold::Style.fails(Severity::Style));
        assert!(!Threshold::Error.fails(Severity::Warning));
        assert!(!Threshold::None.fails(Severity::Error));
    }
}
