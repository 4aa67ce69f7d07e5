#!/usr/bin/env bash
# Runs ClearML's own example scripts (from the examples/ folder of a clearml checkout you bring, read at run time and
# never committed) unmodified against a fresh Clarion, one process per script in the script's own folder, then reads
# back through the API what each task stored: events by type, last_metrics, artifacts and models. Needs
# ../shared/tools set up once (see scripts/real-clients.sh).
# Usage: scripts/real-examples.sh CLEARML_GITDIR [PATH.py ...]   paths under examples/, e.g. frameworks/xgboost/
# xgboost_metrics.py; default: every script in reporting/
set -euo pipefail
cd "$(dirname "$0")/.."
repo=${1:?usage: scripts/real-examples.sh CLEARML_GITDIR [PATH.py ...]}; shift
tools=$(cd .. && pwd)/shared/tools
WORK=${WORK:-/tmp/clarion-examples}
rm -rf "$WORK" && mkdir -p "$WORK/config" "$WORK/src"
git -C "$repo" archive HEAD examples | tar -x -C "$WORK/src"
. scripts/lib/start-clarion.sh
start_clarion
eval "$("$tools/clearml-clients" env --api "$api" --key "$key" --secret "$secret")"

# Two examples load seaborn's "fmri" sample from the internet, which this machine cannot reach: seaborn reads its
# cache first, so a synthetic table with the same columns stands in.
export SEABORN_DATA=$WORK/seaborn-data
mkdir -p "$SEABORN_DATA"
awk 'BEGIN { print "subject,timepoint,event,region,signal"; srand(7)
  for (s = 0; s < 14; s++) for (t = 0; t < 19; t++) for (e = 0; e < 2; e++) for (r = 0; r < 2; r++)
    printf "s%d,%d,%s,%s,%.6f\n", s, t, e ? "cue" : "stim", r ? "frontal" : "parietal", sin(t / 3) / 10 + rand() / 50 }' \
  >"$SEABORN_DATA/fmri.csv"
scripts=("$@")
[ ${#scripts[@]} -gt 0 ] || mapfile -t scripts < <(cd "$WORK/src/examples" && ls reporting/*.py)
ok=0
for script in "${scripts[@]}"; do
  started=$(date +%s)
  log=$WORK/$(basename "${script%.py}").log
  # MPLBACKEND: no display here; the examples call plt.show().
  if (cd "$WORK/src/examples/$(dirname "$script")" &&
      MPLBACKEND=Agg timeout 300 "$tools/clearml-clients" python "$(basename "$script")") >"$log" 2>&1; then
    echo "EXAMPLE $script: ok ($(( $(date +%s) - started ))s)"; ok=$((ok + 1))
  else
    echo "EXAMPLE $script: FAILED, exit $? ($(( $(date +%s) - started ))s); last lines of $log:"
    tail -n 5 "$log" | sed 's/^/    /'
  fi
done
echo "examples: $ok of ${#scripts[@]} ran to the end"
"$tools/clearml-clients" python test/clients/stored_summary.py
