"""Runs named flows (functions without arguments) one after another and prints one line per flow, then the
'N passed, N failed' summary line; `--list` prints the flow names. Shared by sdk_flows.py and agent_flows.py."""
import json
import time
import traceback


def run_flows(flows, names):
    if names == ["--list"]:
        print(" ".join(flows))
        return 0
    failed = []
    for name in names or list(flows):
        started = time.time()
        try:
            result = flows[name]()
            print(f"FLOW {name}: ok ({time.time() - started:.1f}s) {json.dumps(result, default=str)}", flush=True)
        except Exception:
            traceback.print_exc()
            print(f"FLOW {name}: FAILED ({time.time() - started:.1f}s)", flush=True)
            failed.append(name)
    print(f"{len(names or flows) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0
