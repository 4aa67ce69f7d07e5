"""Checks recorded Clarion replies against the real SDK's response classes, which type-check every field.

Usage (with the SDK on PYTHONPATH, as scripts/real-clients.sh sets it up): python3 check_types.py traffic.jsonl
Prints one line per endpoint whose reply the SDK would reject, with the SDK's complaint.
"""
import importlib
import json
import sys


def response_class(endpoint, version):
    service, action = endpoint.split(".", 1)
    major, minor = (version.split(".") + ["0"])[:2]
    if major == "999":
        major, minor = "2", "23"
    for candidate in (f"v{major}_{minor}", "v2_23", "v2_20", "v2_13", "v2_9"):
        try:
            module = importlib.import_module(f"clearml.backend_api.services.{candidate}.{service}")
        except ImportError:
            continue
        name = "".join(part.capitalize() for part in action.split("_")) + "Response"
        cls = getattr(module, name, None)
        if cls is not None:
            return cls
    return None


def main(path):
    bad = 0
    seen = set()
    for line in open(path):
        entry = json.loads(line)
        if entry["status"] != 200 or not isinstance(entry["response"], dict):
            continue
        cls = response_class(entry["endpoint"], entry["version"])
        if cls is None:
            continue
        try:
            obj = cls.from_dict(entry["response"])
            obj.to_dict()
        except Exception as exc:  # the SDK raises TypeError/ValueError on a wrong field type
            key = (entry["endpoint"], str(exc))
            if key not in seen:
                seen.add(key)
                bad += 1
                print(f"{entry['endpoint']} v{entry['version']}: {type(exc).__name__}: {exc}")
    print(f"{bad} type problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
