# Sourced by the real-client runners: starts a fresh Clarion built from this checkout with its data in $WORK, stops
# it when the runner exits, and logs the fixed admin in. Needs WORK, tools and $WORK/config/apiserver.conf with the
# admin "admin" / "clarion-admin". Sets server (pid), api (URL), key and secret (the admin's new credentials).
start_clarion() {
  export CLARION_DATA_DIR=$WORK/data CLARION_CONFIG_DIR=$WORK/config CLARION_HOST=127.0.0.1
  export CLARION_RECORD_FILE=${CLARION_RECORD_FILE:-$WORK/traffic.jsonl}
  api=http://127.0.0.1:${CLARION_API_PORT:-8008}
  [ -n "${SKIP_BUILD:-}" ] || npm run build >/dev/null
  node dist/src/cli/main.js start >"$WORK/server.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
  for _ in $(seq 50); do curl -sf "$api/debug.ping" >/dev/null && break; sleep 0.2; done
  read -r key secret < <("$tools/clearml-clients" login --api "$api" --user admin --password clarion-admin)
}
