#!/usr/bin/env bash
# Prints the sizes of the release build's wasm, js and css, raw and gzipped
# (gzip -9, as a static host would serve them), in two groups:
#   page    what index.html loads before the page can show findings (the
#           files it links: the app's js and wasm, the stylesheet);
#   worker  what the page loads after its first render (the size
#           estimator's web worker, web/src/size.rs): every other js/wasm.
# Fails when a group's gzipped total is above its budget in
# scripts/size-budget.txt (bytes). DOCKOPT_SIZE_BUDGET=<bytes> overrides the
# page budget (to see the check fail).
set -euo pipefail
dist="${1:-dist}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
budget_of() { awk -v k="$1" '$1 == k { print $2; exit }' "$here/size-budget.txt"; }
page_budget="${DOCKOPT_SIZE_BUDGET:-$(budget_of page)}"
worker_budget="$(budget_of worker)"
[ -n "$page_budget" ] && [ -n "$worker_budget" ] || {
  echo "size-budget: scripts/size-budget.txt needs a 'page' and a 'worker' line" >&2
  exit 2
}
[ -f "$dist/index.html" ] || { echo "size-budget: no build at $dist (run trunk build --release)" >&2; exit 2; }

declare -A raw_total=([page]=0 [worker]=0) gz_total=([page]=0 [worker]=0)
printf '%-7s %-5s %10s %10s  %s\n' group kind raw gzip file
for kind in wasm js css; do
  while IFS= read -r -d '' file; do
    name="${file#"$dist"/}"
    group=worker
    grep -qF "/$name\"" "$dist/index.html" && group=page
    raw=$(stat -c %s "$file")
    gz=$(gzip -9 -c "$file" | wc -c)
    raw_total[$group]=$((raw_total[$group] + raw))
    gz_total[$group]=$((gz_total[$group] + gz))
    printf '%-7s %-5s %10d %10d  %s\n' "$group" "$kind" "$raw" "$gz" "$name"
  done < <(find "$dist" -maxdepth 1 -name "*.$kind" -print0 | sort -z)
done
status=0
for group in page worker; do
  budget="${group}_budget"
  budget="${!budget}"
  printf '%-7s %-5s %10d %10d  (budget %d)\n' "$group" total "${raw_total[$group]}" "${gz_total[$group]}" "$budget"
  if [ "${raw_total[$group]}" -eq 0 ]; then
    echo "size-budget: no $group files found in $dist" >&2
    status=1
  elif [ "${gz_total[$group]}" -gt "$budget" ]; then
    echo "size-budget: FAILED: the $group's gzipped total ${gz_total[$group]} bytes is over its budget of $budget bytes" >&2
    status=1
  else
    echo "size-budget: ok: the $group's gzipped total ${gz_total[$group]} bytes is within its budget of $budget bytes ($((100 * gz_total[$group] / budget))%)"
  fi
done
exit "$status"
