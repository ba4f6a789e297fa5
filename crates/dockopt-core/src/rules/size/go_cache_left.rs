use crate::declare_rule;
use crate::fix::Applicability;
use crate::model::shell::{FileTool, Invocation, PackageAction, PackageManager};
use crate::report::Severity;
use crate::rules::helpers::ships;
use crate::rules::helpers::{
    append_to_script, mounts_cache_at, package_commands_of, subcommand_span,
};
use crate::rules::size_helpers::runs;
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags `go build`, `go install`, `go get` and `go mod download` in a
    /// stage whose file system ships, when the same RUN leaves Go's build
    /// cache (`/root/.cache/go-build`) and module cache (`/go/pkg/mod`)
    /// behind: no `go clean -cache -modcache`, no `rm` of them and no cache
    /// mount on them.
    ///
    /// ## Why is this bad?
    /// The build cache holds compiled packages and the module cache the
    /// sources of every dependency; neither is used by the installed binary.
    /// Together they are often larger than the toolchain itself.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go install golang.org/x/tools/gopls@latest
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go install golang.org/x/tools/gopls@latest && go clean -cache -modcache
    /// ```
    ///
    /// ## Fix safety
    /// Appends `go clean -cache -modcache`. Safe when no later RUN of the
    /// stage runs `go` (the binaries do not need the caches); unsafe when
    /// one does, as it then has to download and compile everything again
    /// and fails without network access.
    ///
    /// ## Size impact
    /// Published: gitpod-io/workspace-images#1146, 2.8 GB → 2 GB with
    /// `go clean -cache -modcache` after installing tools; deis/docker-go-dev
    /// #153, 3.94 GB → 1.82 GB; projectcalico/toolchain#430, about 650 MB of
    /// module cache; ThePorgs/Exegol-images#517, 5.6 GB.
    ///
    /// ## References
    /// - <https://pkg.go.dev/cmd/go#hdr-Remove_object_files_and_cached_files>
    /// - gitpod-io/workspace-images#1146
    pub static RULE = {
        code: "DO2021",
        name: "go-cache-left",
        family: Family::Size,
        severity: Severity::Info,
        fix: FixAvailability::Mixed,
        summary: "Clean Go's build and module caches in the RUN that builds",
        sources: &["go command docs: go clean", "gitpod-io/workspace-images#1146", "deis/docker-go-dev#153"],
        check: check,
    }
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    let run_list: Vec<usize> = runs(model).map(|(i, _)| i).collect();
    for &index in &run_list {
        let Some(instruction) = model.instructions.get(index).map(|l| l.instruction) else {
            continue;
        };
        if !ships(model, index)
            || mounts_cache_at(instruction, "/root/.cache/go-build")
            || mounts_cache_at(instruction, "/go/pkg/mod")
            || mounts_cache_at(instruction, "/root/go/pkg/mod")
        {
            continue;
        }
        let commands: Vec<_> = package_commands_of(model, index).collect();
        let cleaned = commands.iter().any(|(_, _, p)| {
            p.manager == PackageManager::Go
                && p.action == PackageAction::Clean
                && (p.has_flag("-cache") || p.has_flag("-modcache"))
        }) || model.scripts_of(index).any(|s| {
            s.script.commands.iter().any(|c| {
                c.program() == Some("go")
                    && c.arguments().iter().any(|w| w.is("-cache") || w.is("-modcache"))
                    || matches!(&c.invocation, Some(Invocation::File(op)) if op.tool == FileTool::Remove
                        && op.paths().iter().any(|w| w.value.contains("go-build") || w.value.contains("pkg/mod") || w.value.ends_with(".cache")))
            })
        });
        if cleaned {
            continue;
        }
        let Some((script, command, package)) = commands.iter().find(|(_, _, p)| {
            p.manager == PackageManager::Go
                && matches!(p.action, PackageAction::Install | PackageAction::Build)
        }) else {
            continue;
        };
        let stage = model.instructions.get(index).and_then(|l| l.stage);
        let go_later = model.scripts.iter().any(|s| {
            s.instruction_index > index
                && Some(s.stage) == stage
                && s.script.commands.iter().any(|c| c.program() == Some("go"))
        });
        let Some(last) = model.scripts_of(index).last() else {
            continue;
        };
        checker
            .report(
                subcommand_span(script, command, package),
                "Go's build and module caches stay in this layer: add `go clean -cache -modcache` to the RUN",
            )
            .fix(
                "Clean Go's caches in the same RUN",
                if go_later { Applicability::Unsafe } else { Applicability::Safe },
                vec![append_to_script(last, "go clean -cache -modcache")],
            );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::fix::Applicability;
    use crate::rules::size_helpers::test_support::{findings, fix_all, spanned};

    #[test]
    fn heredoc_build_and_a_later_go_step() {
        let text = "FROM golang:1.23\nRUN <<EOF\ngo mod download\ngo build -o /app .\nEOF\nRUN go vet ./...\n";
        let found = findings(&RULE, text);
        assert_eq!(found.len(), 1);
        assert_eq!(spanned(text, &found[0]), "mod download");
        assert_eq!(found[0].span.start_position.line, 3);
        assert_eq!(found[0].span.start_position.column, 4);
        assert_eq!(
            found[0].fix.as_ref().map(|f| f.applicability),
            Some(Applicability::Unsafe)
        );
        assert_eq!(
            fix_all(&[&RULE], text),
            "FROM golang:1.23\nRUN <<EOF\ngo mod download\ngo build -o /app .\ngo clean -cache -modcache\nEOF\nRUN go vet ./...\n"
        );
    }

    #[test]
    fn cleaned_mounted_or_builder_stages_are_fine() {
        for text in [
            "FROM golang:1.23\nRUN go install x@latest && go clean -modcache\n",
            "FROM golang:1.23\nRUN go build ./... && rm -rf /root/.cache/go-build /go/pkg/mod\n",
            "FROM golang:1.23\nRUN --mount=type=cache,target=/root/.cache/go-build go build ./...\n",
            "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n",
            "FROM golang:1.23\nRUN go test ./...\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }
}
