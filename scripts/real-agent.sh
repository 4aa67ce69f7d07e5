#!/usr/bin/env bash
# Runs the real clearml-agent flows (test/clients/agent_flows.py) against a fresh Clarion: the flows start their
# own `clearml-agent daemon` processes (plain and --services-mode) in the background, each with its own worker id,
# HOME and TMPDIR under $WORK/agents, and stop them before they end. Needs ../shared/tools set up once:
#   ../shared/tools/clearml-clients setup --sdk <clearml checkout> --agent <clearml-agent checkout>
# Usage: scripts/real-agent.sh [FLOW ...] | serve      (VIA=gateway: agents and SDK use the single origin, /api, /files)
# Ports come from CLARION_API_PORT, CLARION_FILES_PORT, CLARION_WEB_PORT and CLARION_GATEWAY_PORT (ClearML's
# defaults when unset), so a second copy can run beside a server on the default ports. Traffic: $WORK/traffic.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=$(cd .. && pwd)/shared/tools
WORK=${WORK:-/tmp/clarion-agent}
export CLARION_API_PORT=${CLARION_API_PORT:-8008} CLARION_FILES_PORT=${CLARION_FILES_PORT:-8081}
export CLARION_WEB_PORT=${CLARION_WEB_PORT:-8080} CLARION_GATEWAY_PORT=${CLARION_GATEWAY_PORT:-10000}
rm -rf "$WORK" && mkdir -p "$WORK/config" "$WORK/agents"
. scripts/lib/start-clarion.sh
start_clarion
if [ "${VIA:-}" = gateway ]; then
  origin=http://127.0.0.1:$CLARION_GATEWAY_PORT
  eval "$("$tools/clearml-clients" env --api "$origin/api" --files "$origin/files" --web "$origin" \
    --key "$key" --secret "$secret")"
else
  eval "$("$tools/clearml-clients" env --api "$api" --files "http://127.0.0.1:$CLARION_FILES_PORT" \
    --web "http://127.0.0.1:$CLARION_WEB_PORT" --key "$key" --secret "$secret")"
fi
export AGENT_WORK=$WORK/agents
case ${1:-} in
  serve)
    echo "CLEARML_API_HOST=$CLEARML_API_HOST CLEARML_API_ACCESS_KEY=$key CLEARML_API_SECRET_KEY=$secret"
    wait $server ;;
  *) "$tools/clearml-clients" python test/clients/agent_flows.py "$@" ;;
esac
