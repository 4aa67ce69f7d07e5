"""Prints, for every task on the server, what it stored: events by type, last_metrics pairs, artifacts and models,
read back through the SDK's own API client and Task reads. Used after scripts/real-examples.sh runs the examples."""
from clearml import Task
from clearml.backend_api.session.client import APIClient

TYPES = ["training_stats_scalar", "log", "plot", "training_debug_image"]


def main():
    client = APIClient()
    for t in client.tasks.get_all(only_fields=["id", "name", "status"], order_by=["created"]):
        counts = []
        for event_type in TYPES:
            # count_total is newer than this SDK's request class, so the call goes out raw.
            res = client.session.send_request("events", "get_task_events", json={
                "task": t.id, "event_type": event_type, "count_total": True, "batch_size": 1})
            counts.append(f"{event_type.replace('training_', '')}={res.json()['data']['total']}")
        task = Task.get_task(task_id=t.id)
        scalars = task.get_reported_scalars()
        pairs = sum(len(v) for v in task.get_last_scalar_metrics().values())
        print(f"TASK {t.name!r} {t.status}: {' '.join(counts)} charted_series={sum(len(v) for v in scalars.values())} "
              f"last_metrics={pairs} artifacts={len(task.artifacts)} models={len(task.models['output'])}")


if __name__ == "__main__":
    main()
