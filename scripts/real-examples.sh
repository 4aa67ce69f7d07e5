#!/usr/bin/env bash
# Runs ClearML's own example scripts (examples/reporting of a clearml checkout you bring, read at run time and never
# committed) unmodified against a fresh Clarion, one process per script, then reads back through the API what each
# task stored: events by type, last_metrics, artifacts and models. Needs ../shared/tools set up once (see
# scripts/real-clients.sh). Usage: scripts/real-examples.sh CLEARML_GITDIR [SCRIPT.py ...]   (default: all of them)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=${1:?usage: scripts/real-examples.sh CLEARML_GITDIR [SCRIPT.py ...]}; shift
tools=$(cd .. && pwd)/shared/tools
WORK=${WORK:-/tmp/clarion-examples}
rm -rf "$WORK" && mkdir -p "$WORK/config" "$WORK/src"
# examples/reporting links one script from examples/frameworks.
git -C "$repo" archive HEAD examples/reporting examples/frameworks/matplotlib | tar -x -C "$WORK/src"
. scripts/lib/start-clarion.sh
start_clarion
eval "$("$tools/clearml-clients" env --api "$api" --key "$key" --secret "$secret")"

cd "$WORK/src/examples/reporting"
scripts=("$@")
[ ${#scripts[@]} -gt 0 ] || mapfile -t scripts < <(ls *.py)
ok=0
for script in "${scripts[@]}"; do
  started=$(date +%s)
  # MPLBACKEND: no display here; the examples call plt.show().
  if MPLBACKEND=Agg timeout 300 "$tools/clearml-clients" python "$script" >"$WORK/${script%.py}.log" 2>&1; then
    echo "EXAMPLE $script: ok ($(( $(date +%s) - started ))s)"; ok=$((ok + 1))
  else
    echo "EXAMPLE $script: FAILED, exit $? ($(( $(date +%s) - started ))s); last lines of $WORK/${script%.py}.log:"
    tail -n 5 "$WORK/${script%.py}.log" | sed 's/^/    /'
  fi
done
echo "examples: $ok of ${#scripts[@]} ran to the end"
cd - >/dev/null
"$tools/clearml-clients" python test/clients/stored_summary.py
