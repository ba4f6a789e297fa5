use dockopt_syntax::{Instruction, InstructionKind, Word};

use crate::declare_rule;
use crate::fix::{Applicability, Edit};
use crate::report::Severity;
use crate::rules::buildkit_helpers::{
    did_you_mean, ref_span, rooted_in_scratch, var_refs, PLATFORM_ARGS, PROXY_ARGS,
};
use crate::rules::{Checker, Family, FixAvailability};

declare_rule! {
    /// ## What it does
    /// Flags a `$VAR` that BuildKit expands (in `ADD`, `COPY`, `ENV`, `ARG`
    /// defaults, `EXPOSE`, `LABEL`, `STOPSIGNAL`, `USER`, `VOLUME`,
    /// `WORKDIR`, and the `--chown`/`--chmod` flags) when the variable is
    /// surely undefined there, and suggests the closest defined name.
    ///
    /// "Surely" is conservative. A variable counts as defined when an `ARG`
    /// or `ENV` of the stage, or an `ENV` of a stage it is built on, set it
    /// before; when it is a predefined proxy ARG or `PATH` (BuildKit always
    /// sets one); or when it is set earlier in the same instruction. And the
    /// rule only speaks for stages whose chain of bases ends in `scratch`:
    /// a base image sets environment variables this file cannot see
    /// (`JAVA_HOME`, `NODE_VERSION`, …), so in a stage built on one nothing
    /// is reported. BuildKit's automatic platform ARGs (`TARGETARCH`, …) are
    /// defined in a stage only once declared with `ARG`, so an undeclared
    /// use is reported. References with a fallback (`${X:-default}`,
    /// `${X:+alt}`, `${X:?msg}`) are left alone, as are `RUN`, `CMD` and
    /// `ENTRYPOINT`, which the shell expands, not BuildKit.
    ///
    /// ## Why is this bad?
    /// An undefined variable expands to nothing: `COPY $SRC /app` copies
    /// the whole context, `ENV PATH=$PAHT:/app/bin` loses the system `PATH`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM scratch
    /// ARG VERSION=1.0
    /// COPY app-${VERSOIN}.bin /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM scratch
    /// ARG VERSION=1.0
    /// COPY app-${VERSION}.bin /app
    /// ```
    ///
    /// ## Fix safety
    /// Replaces the name with the suggested defined one, when there is one.
    /// A suggestion: the intended name is a guess.
    ///
    /// ## References
    /// - BuildKit build check `UndefinedVar`
    /// - <https://docs.docker.com/reference/build-checks/undefined-var/>
    pub static RULE = {
        code: "UndefinedVar",
        name: "undefined-var",
        family: Family::BuildKit,
        severity: Severity::Warning,
        fix: FixAvailability::Suggestion,
        summary: "Variables should be defined before their use",
        sources: &["BuildKit UndefinedVar"],
        check: check,
    }
}

/// The words of an instruction that BuildKit expands, each with the names
/// the same instruction defines before it (`ENV A=1 B=$A` is treated as
/// defined, whichever value BuildKit gives it).
fn expanded_words(instruction: &Instruction) -> Vec<(&Word, Vec<&str>)> {
    let mut words: Vec<(&Word, Vec<&str>)> = Vec::new();
    let flags = || {
        instruction
            .flags
            .iter()
            .filter(|f| matches!(f.name.as_str(), "chown" | "chmod"))
            .filter_map(|f| f.value.as_ref())
    };
    match instruction.kind {
        InstructionKind::Add | InstructionKind::Copy => {
            words.extend(flags().map(|w| (w, Vec::new())));
            if let Some(paths) = instruction.paths() {
                for word in &paths.items {
                    if instruction.heredoc_for(word).is_none() {
                        words.push((word, Vec::new()));
                    }
                }
            }
        }
        InstructionKind::Volume => {
            if let Some(paths) = instruction.paths() {
                words.extend(paths.items.iter().map(|w| (w, Vec::new())));
            }
        }
        InstructionKind::Env | InstructionKind::Label => {
            let mut before: Vec<&str> = Vec::new();
            for pair in instruction.key_values() {
                if instruction.kind == InstructionKind::Label {
                    words.push((&pair.key, before.clone()));
                }
                words.push((&pair.value, before.clone()));
                before.push(pair.key.text.as_str());
            }
        }
        InstructionKind::Arg => {
            let mut before: Vec<&str> = Vec::new();
            for decl in instruction.arg_decls() {
                if let Some(default) = &decl.default {
                    words.push((default, before.clone()));
                }
                before.push(decl.name.text.as_str());
            }
        }
        InstructionKind::Expose => {
            if let dockopt_syntax::Body::Expose(ports) = &instruction.body {
                words.extend(ports.iter().map(|w| (w, Vec::new())));
            }
        }
        InstructionKind::Stopsignal | InstructionKind::User | InstructionKind::Workdir => {
            words.extend(instruction.single_word().map(|w| (w, Vec::new())));
        }
        _ => {}
    }
    words
}

fn check(checker: &mut Checker<'_, '_>) {
    let model = checker.model;
    for (index, located) in model.instructions.iter().enumerate() {
        let Some(stage) = located.stage else {
            continue;
        };
        let words = expanded_words(located.instruction);
        if words.is_empty() || !rooted_in_scratch(model, stage) {
            continue;
        }
        let scope = model.scope_at(index);
        let mut options: Vec<&str> = scope.names();
        options.push("PATH");
        for (word, defined_here) in words {
            for reference in var_refs(&word.text, model.escape) {
                let name = reference.name.as_str();
                if reference.guarded
                    || scope.is_set(name)
                    || name == "PATH"
                    || PROXY_ARGS.contains(&name)
                    || defined_here.contains(&name)
                {
                    continue;
                }
                let suggestion = did_you_mean(name, options.iter().copied());
                let mut message = format!("Usage of undefined variable '${name}'");
                if let Some(s) = &suggestion {
                    message.push_str(&format!(" (did you mean ${s}?)"));
                } else if PLATFORM_ARGS.contains(&name) {
                    message.push_str(&format!(
                        " (BuildKit sets it only after `ARG {name}` in the stage)"
                    ));
                }
                let span = ref_span(word, &reference);
                let diagnostic = checker.report(span, message);
                if let Some(s) = suggestion.filter(|_| span.text(model.text) == name) {
                    diagnostic.fix(
                        format!("Use `${s}`"),
                        Applicability::Suggestion,
                        vec![Edit::replace(span.start, span.end, s)],
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support;

    fn found(text: &str) -> Vec<(String, u32, u32, String)> {
        test_support::found_messages(text, "UndefinedVar")
    }

    #[test]
    fn typos_in_scratch_stages_are_found_with_a_suggestion() {
        assert_eq!(
            found("FROM scratch\nENV PATH=$PAHT:/app/bin\n"),
            vec![(
                "PAHT".into(),
                2,
                11,
                "Usage of undefined variable '$PAHT' (did you mean $PATH?)".into()
            )]
        );
        let f = found("FROM scratch\nARG foo\nCOPY $foo ${bar} /x/\n");
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].0.as_str(), f[0].2), ("bar", 13));
    }

    #[test]
    fn stages_on_an_image_inherit_an_unknown_environment() {
        assert!(found("FROM alpine\nCOPY $foo /x\n").is_empty());
        assert!(found("FROM alpine AS a\nFROM a\nCOPY $foo /x\n").is_empty());
        assert_eq!(found("FROM scratch AS a\nFROM a\nCOPY $foo /x\n").len(), 1);
    }

    #[test]
    fn what_counts_as_defined() {
        // ENV of a parent stage, the same instruction, proxies, fallbacks.
        assert!(found("FROM scratch AS a\nENV X=1\nFROM a\nCOPY $X /x\n").is_empty());
        assert!(found("FROM scratch\nENV A=1 B=$A\n").is_empty());
        assert!(found("FROM scratch\nCOPY ${X:-a} $http_proxy /x\n").is_empty());
        // ARGs do not cross into a child stage; global ARGs need redeclaring.
        assert_eq!(
            found("FROM scratch AS a\nARG X=1\nFROM a\nCOPY $X /x\n").len(),
            1
        );
        assert_eq!(found("ARG X=1\nFROM scratch\nCOPY $X /x\n").len(), 1);
        assert!(found("ARG X=1\nFROM scratch\nARG X\nCOPY $X /x\n").is_empty());
        // RUN is expanded by the shell, not BuildKit.
        assert!(found("FROM scratch\nRUN echo $NOPE\n").is_empty());
    }

    #[test]
    fn platform_args_need_a_declaration() {
        let f = found("FROM scratch\nCOPY bin-$TARGETARCH /x\n");
        assert_eq!(f.len(), 1);
        assert!(f[0].3.contains("ARG TARGETARCH"), "{}", f[0].3);
        assert!(found("FROM scratch\nARG TARGETARCH\nCOPY bin-$TARGETARCH /x\n").is_empty());
    }
}
