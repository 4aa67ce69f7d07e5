#!/usr/bin/env bash
# Runs the real clearml SDK flows (test/clients/sdk_flows.py) and, optionally, ClearML's own API test suite
# against a fresh Clarion on the default ports, recording the API traffic. Needs ../shared/tools set up once:
#   ../shared/tools/clearml-clients setup --sdk <clearml checkout> --agent <clearml-agent checkout>
#   ../shared/tools/clearml-server-tests setup --server <clearml-server checkout>
# Usage: scripts/real-clients.sh sdk [FLOW ...] | suite [PYTEST ARGS] | serve
# Recorded traffic lands in $WORK/traffic.jsonl; copy a session into test/fixtures/clearml/ to replay it in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=$(cd .. && pwd)/shared/tools
WORK=${WORK:-/tmp/clarion-real}
mode=${1:-sdk}; shift || true
rm -rf "$WORK" && mkdir -p "$WORK/config"
# The admin mirrors the identity of ClearML's own CI (id Test1, "Test User"), which one suite test asserts.
ADMIN_EXTRA='name: "Test User", id: "Test1"'
# The suite's second identity is a service account (no user profile), like ClearML's `user_auth_only` test key.
key2=SUITE$(od -An -tx1 -N10 /dev/urandom | tr -d ' \n' | tr a-f A-F)
secret2=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
export CLEARML__secure__credentials__suite_second__user_key=$key2 CLEARML__secure__credentials__suite_second__user_secret=$secret2
export CLARION_RECORD_FILE=$WORK/traffic.jsonl
. scripts/lib/start-clarion.sh
start_clarion
: >"$WORK/traffic.jsonl"
case $mode in
  sdk)
    # VIA=gateway sends everything through the single origin on :10000 (/api, /files), as behind one port.
    if [ "${VIA:-}" = gateway ]; then
      eval "$("$tools/clearml-clients" env --api http://127.0.0.1:10000/api --files http://127.0.0.1:10000/files \
        --web http://127.0.0.1:10000 --key "$key" --secret "$secret")"
    else
      eval "$("$tools/clearml-clients" env --api http://127.0.0.1:8008 --key "$key" --secret "$secret")"
    fi
    # Run from a copy outside any git checkout: the SDK's repository detection then logs no warning, and a log
    # record at that moment can hit the SDK's own race with its reporting subprocess ("HANGS IF RACE HOLDS" in
    # clearml/backend_interface/task/log.py), which makes task.close() wait forever.
    mkdir -p "$WORK/clients" && cp test/clients/*.py "$WORK/clients/"
    # One process per flow, as one training script is one task: after a first Task.init in a process, the SDK's
    # forked reporting subprocess inherits upload thread pools whose threads it does not have, and an image upload
    # in a later task of the same process waits forever.
    flows=("$@")
    [ ${#flows[@]} -gt 0 ] || read -r -a flows < <("$tools/clearml-clients" python "$WORK/clients/sdk_flows.py" --list)
    failed=0
    for flow in "${flows[@]}"; do "$tools/clearml-clients" python "$WORK/clients/sdk_flows.py" "$flow" || failed=$((failed + 1)); done
    echo "SDK flows: $((${#flows[@]} - failed)) of ${#flows[@]} passed"
    [ "$failed" -eq 0 ] ;;
  suite)
    # ClearML deployments ship a public "ClearML Examples" project; test_subprojects expects one to exist.
    api() { curl -sf -u "$key:$secret" -H 'content-type: application/json' "http://127.0.0.1:8008/$1" -d "$2"; }
    examples=$(api projects.create '{"name": "ClearML Examples", "description": ""}' | sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p')
    api projects.make_public "{\"ids\": [\"$examples\"]}" >/dev/null
    SM_API_KEY=$key SM_API_SECRET=$secret SM_USER2_API_KEY=$key2 SM_USER2_API_SECRET=$secret2 \
      "$tools/clearml-server-tests" run "$@" ;;
  serve)
    echo "CLEARML_API_ACCESS_KEY=$key CLEARML_API_SECRET_KEY=$secret (second user: $key2 $secret2)"
    wait $server ;;
esac
