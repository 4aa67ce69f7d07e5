"""Services-mode flows for the real agent: concurrent service tasks, the instance limit, and abort."""
import time

from agent_kit import RUN, STOP_WITHIN_S, Agent, api, call, console_of, script_task, status_of, wait_status, \
    wait_until, worker_ids


def flow_services_mode():
    """--services-mode runs two service tasks at once, each under its own sub-worker `<worker>:service:<task>`."""
    queue = f"services-{RUN}"
    with Agent("services", [queue], services_mode=True) as agent:
        ids = [script_task(f"service {i}", """
            import time
            print("service running", flush=True)
            time.sleep(20)
            print("service done", flush=True)
            """, queue) for i in range(2)]
        both = wait_until("both services to run at once",
                          lambda: all(status_of(t)[0] == "in_progress" for t in ids), 90)
        subworkers = {f"{agent.worker}:service:{t}" for t in ids}
        wait_until("a sub-worker per service", lambda: subworkers <= worker_ids(), 30)
        statuses = [wait_status(t, {"completed", "failed", "stopped"}, 90) for t in ids]
        assert all(s[0] == "completed" for s in statuses), statuses
        # Each service's sub-agent unregisters its own worker when its task ends; the parent stays.
        wait_until("the sub-workers to unregister", lambda: worker_ids() & subworkers == set(), 30)
        assert agent.worker in worker_ids()
    return {"tasks": ids, "concurrent": both, "subworkers": sorted(subworkers)}


def flow_services_limit():
    """--services-mode=N keeps its limit as the worker's runtime property max_num_instances. Without docker the
    agent counts the instance pid files in its TMPDIR, its own included, so N=2 runs one service at a time."""
    queue = f"limited-{RUN}"
    with Agent("limited", [queue], services_mode=2) as agent:
        ids = [script_task(f"limited {i}", """
            import time
            print("limited service", flush=True)
            time.sleep(8)
            """, queue) for i in range(2)]
        most, deadline = 0, time.time() + 180
        while time.time() < deadline:
            states = [status_of(t)[0] for t in ids]
            most = max(most, states.count("in_progress"))
            if all(s in ("completed", "failed", "stopped") for s in states):
                break
            time.sleep(0.5)
        props = call("workers.get_runtime_properties", worker=agent.worker)["runtime_properties"]
    assert states == ["completed", "completed"], states
    assert most == 1, f"{most} services ran at once"
    assert {"key": "max_num_instances", "value": "2"} in [{k: p[k] for k in ("key", "value")} for p in props], props
    return {"tasks": ids, "max_at_once": most}


def flow_services_stop():
    """tasks.stop reaches a service task through its sub-agent, as fast as for a plain agent."""
    queue = f"services-{RUN}"
    with Agent("services", [queue], services_mode=True):
        task_id = script_task("long service", """
            import time
            print("serving", flush=True)
            time.sleep(600)
            """, queue)
        wait_until("the service to print", lambda: "serving" in console_of(task_id), 120)
        asked = time.time()
        api().tasks.stop(task=task_id)
        assert status_of(task_id)[1] == "stopping", status_of(task_id)
        status = wait_status(task_id, {"stopped", "failed", "completed"}, STOP_WITHIN_S + 5)
        took = time.time() - asked
    assert status[0] == "stopped", status
    assert took <= STOP_WITHIN_S, f"abort took {took:.1f}s"
    return {"task": task_id, "status": status, "abort_s": round(took, 1)}
