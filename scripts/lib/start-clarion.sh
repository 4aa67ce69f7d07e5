# Sourced by the real-client runners: starts a fresh Clarion built from this checkout with its data and config in
# $WORK, stops it when the runner exits, and logs the fixed admin "admin" / "clarion-admin" in (ADMIN_EXTRA: more
# HOCON fields of that user). Needs WORK and tools. Sets server (pid), api (URL), key and secret (new credentials).
start_clarion() {
  mkdir -p "$WORK/config"
  cat >"$WORK/config/apiserver.conf" <<CONF
auth { fixed_users { enabled: true, users: [
  { username: "admin", password: "clarion-admin", admin: true, ${ADMIN_EXTRA:-name: "Clarion Admin"} } ] } }
CONF
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
