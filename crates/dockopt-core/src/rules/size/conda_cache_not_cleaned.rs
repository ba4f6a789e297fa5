use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::{Command, FileTool, Invocation, Word};
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::helpers::{append_to_script, mounts_cache_at};
use crate::rules::size_helpers::runs;
use crate::rules::{Checker, Family, FixAvailability};

const CONDAS: &[&str] = &["conda", "mamba", "micromamba"];

declare_rule! {
    /// ## What it does
    /// Flags `conda install`/`create`/`update` (and `conda env create`/
    /// `update`, `mamba …`, `micromamba …`) in a stage whose file system
    /// ships, when the same RUN does not run `conda clean --all` (`-a`,
    /// `-afy`) or delete the package cache.
    ///
    /// ## Why is this bad?
    /// conda keeps the downloaded `.conda`/`.tar.bz2` archive of every
    /// package, and its index cache, in `pkgs/`. The environments do not
    /// need them once installed. The official Miniconda images run `conda
    /// clean -afy` for this reason.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM continuumio/miniconda3
    /// RUN conda install -y numpy pandas
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM continuumio/miniconda3
    /// RUN conda install -y numpy pandas && conda clean -afy
    /// ```
    ///
    /// ## Fix safety
    /// Appends `conda clean -afy` (`micromamba clean --all --yes`). Safe:
    /// it removes archives, index caches and packages no environment uses;
    /// installed environments keep working.
    ///
    /// ## Size impact
    /// At least the compressed size of every package installed: the
    /// archives stay next to their unpacked copies. Our data has no conda
    /// sizes; for PyPI builds of the same libraries the wheels are in
    /// ../shared/data/pypi-wheel-sizes.tsv (`wheel_bytes`).
    ///
    /// ## References
    /// - <https://docs.conda.io/projects/conda/en/latest/commands/clean.html>
    /// - ContinuumIO/docker-images: miniconda3 Dockerfile (`conda clean -afy`)
    pub static RULE = {
        code: "DO2018",
        name: "conda-cache-not-cleaned",
        family: Family::Size,
        severity: Severity::Info,
        fix: FixAvailability::Safe,
        summary: "Run `conda clean -afy` in the RUN that installs",
        sources: &["conda docs: conda clean", "ContinuumIO/docker-images"],
        check: check,
    }
}

/// The non-flag arguments of a command.
fn operands<'c>(command: &'c Command<'_>) -> Vec<&'c Word<'c>> {
    command
        .arguments()
        .iter()
        .filter(|w| !w.value.starts_with('-'))
        .collect()
}

fn installs(command: &Command<'_>) -> Option<&'static str> {
    let program = CONDAS.iter().find(|p| command.program() == Some(**p))?;
    let ops = operands(command);
    let first = ops.first().map(|w| w.value.as_ref());
    let second = ops.get(1).map(|w| w.value.as_ref());
    match (first, second) {
        (Some("install" | "create" | "update" | "upgrade"), _) => Some(program),
        (Some("env"), Some("create" | "update")) => Some(program),
        _ => None,
    }
}

fn cleans(command: &Command<'_>) -> bool {
    if let Some(Invocation::File(op)) = &command.invocation {
        return op.tool == FileTool::Remove && op.paths().iter().any(|w| w.value.contains("pkgs"));
    }
    if !CONDAS.iter().any(|p| command.program() == Some(*p)) {
        return false;
    }
    let args = command.arguments();
    args.iter().any(|w| w.is("clean"))
        && args.iter().any(|w| {
            w.is("--all")
                || (w.value.starts_with('-') && !w.value.starts_with("--") && w.value.contains('a'))
        })
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, instruction) in runs(model) {
        if !ships(model, index) || mounts_cache_at(instruction, "/opt/conda/pkgs") {
            continue;
        }
        let commands: Vec<_> = model
            .scripts_of(index)
            .flat_map(|s| s.script.commands.iter().map(move |c| (s, c)))
            .collect();
        if commands.iter().any(|(_, c)| cleans(c)) {
            continue;
        }
        let Some((script, command, program)) = commands
            .iter()
            .find_map(|(s, c)| installs(c).map(|p| (*s, *c, p)))
        else {
            continue;
        };
        let Some(word) = operands(command).first().map(|w| w.span) else {
            continue;
        };
        let Some(last) = model.scripts_of(index).last() else {
            continue;
        };
        let clean = if program == "micromamba" {
            "micromamba clean --all --yes".to_string()
        } else {
            format!("{program} clean -afy")
        };
        checker
            .report(
                script.file_span(word),
                format!("{program} keeps every downloaded package in its cache: add `{clean}` to this RUN"),
            )
            .fix(format!("Add `{clean}`"), Applicability::Safe, vec![append_to_script(last, &clean)]);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::size_helpers::test_support::{findings, fix_all, spanned};

    #[test]
    fn env_create_and_micromamba_in_heredocs() {
        let text =
            "FROM mambaorg/micromamba\nRUN <<EOF\nmicromamba install -y -n base -f env.yaml\nEOF\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "install");
        assert_eq!(found[0].span.start_position.line, 3);
        assert_eq!(found[0].span.start_position.column, 12);
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM mambaorg/micromamba\nRUN <<EOF\nmicromamba install -y -n base -f env.yaml\nmicromamba clean --all --yes\nEOF\n"
        );
        let env = "FROM continuumio/miniconda3\nRUN conda env create -f environment.yml\n";
        let found = findings(&RULE, env);
        assert_eq!(spanned(env, &found[0]), "env");
    }

    #[test]
    fn cleaned_or_builder_installs_are_fine() {
        for text in [
            "FROM continuumio/miniconda3\nRUN conda install -y numpy && conda clean --all -y\n",
            "FROM continuumio/miniconda3\nRUN conda install -y numpy && conda clean -tipy -a\n",
            "FROM continuumio/miniconda3\nRUN conda install -y numpy && rm -rf /opt/conda/pkgs/*\n",
            "FROM continuumio/miniconda3 AS b\nRUN conda install -y numpy\nFROM scratch\nCOPY --from=b /a /a\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
