#!/usr/bin/env bash
# Prints the sizes of the release build's wasm, js and css, raw and gzipped
# (gzip -9, as a static host would serve them), and fails when the gzipped
# total is above the budget in scripts/size-budget.txt (bytes).
# DOCKOPT_SIZE_BUDGET=<bytes> overrides the budget (to see the check fail).
set -euo pipefail
dist="${1:-dist}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
budget="${DOCKOPT_SIZE_BUDGET:-$(grep -o '^[0-9]*' "$here/size-budget.txt" | head -n 1)}"
[ -d "$dist" ] || { echo "size-budget: no build at $dist (run trunk build --release)" >&2; exit 2; }

total_raw=0
total_gz=0
printf '%-6s %10s %10s  %s\n' kind raw gzip file
for kind in wasm js css; do
  while IFS= read -r -d '' file; do
    raw=$(stat -c %s "$file")
    gz=$(gzip -9 -c "$file" | wc -c)
    total_raw=$((total_raw + raw))
    total_gz=$((total_gz + gz))
    printf '%-6s %10d %10d  %s\n' "$kind" "$raw" "$gz" "${file#"$dist"/}"
  done < <(find "$dist" -maxdepth 1 -name "*.$kind" -print0 | sort -z)
done
printf '%-6s %10d %10d\n' total "$total_raw" "$total_gz"
if [ "$total_raw" -eq 0 ]; then
  echo "size-budget: no wasm/js/css found in $dist" >&2
  exit 1
fi
if [ "$total_gz" -gt "$budget" ]; then
  echo "size-budget: FAILED: gzipped total $total_gz bytes is over the budget of $budget bytes" >&2
  exit 1
fi
echo "size-budget: ok: gzipped total $total_gz bytes is within the budget of $budget bytes ($((100 * total_gz / budget))%)"
