"""Drives the real clearml-agent (plain and --services-mode) and the SDK's remote execution against a running Clarion.

Run through scripts/real-agent.sh, which starts the server and exports the SDK environment. Each flow starts its
own agent daemons in the background (own worker id, HOME and TMPDIR under $AGENT_WORK), asserts what the SDK and
the API read back, and stops its agents before it returns. Usage: python3 agent_flows.py [flow ...]
"""
import os
import signal
import subprocess
import sys
import textwrap
import time

import agent_pipelines
import agent_services

from flow_runner import run_flows
from agent_kit import PROJECT, RUN, STOP_WITHIN_S, WORK, Agent, api, call, console_of, script_task, status_of, \
    wait_status, wait_until, worker_ids


def flow_script_completes():
    """A queued script runs to `completed`; its stdout (sent by the agent) and scalars (by the SDK) read back."""
    from clearml import Task
    queue = f"plain-{RUN}"
    with Agent("plain", [queue]):
        task_id = script_task("reports scalars", """
            from clearml import Task
            task = Task.init()
            logger = task.get_logger()
            print("hello from a queued script")
            for i in range(5):
                logger.report_scalar("loss", "train", value=1.0 / (i + 1), iteration=i)
            task.flush(wait_for_uploads=True)
            """, queue)
        status = wait_status(task_id, {"completed", "failed", "stopped"}, 180)
    assert status[0] == "completed", status
    done = Task.get_task(task_id=task_id)
    console = "\n".join(done.get_reported_console_output(number_of_reports=100))
    assert "hello from a queued script" in console, console
    scalars = done.get_reported_scalars()
    assert scalars["loss"]["train"]["x"] == list(range(5)), scalars
    assert abs(scalars["loss"]["train"]["y"][-1] - 0.2) < 1e-9, scalars
    return {"task": task_id, "status": status}


def flow_script_fails():
    """A script exiting 3 ends `failed` with the agent's reason "worker execution exit code 3"."""
    queue = f"plain-{RUN}"
    with Agent("plain", [queue]):
        task_id = script_task("exits 3", """
            import sys
            print("about to fail")
            sys.exit(3)
            """, queue)
        status = wait_status(task_id, {"completed", "failed", "stopped"}, 120)
    assert status[0] == "failed", status
    assert "exit code 3" in status[2], status
    return {"task": task_id, "status": status}


def flow_stop_aborts():
    """tasks.stop on a task a live worker runs only marks it "stopping"; the agent aborts it and reports `stopped`."""
    queue = f"plain-{RUN}"
    with Agent("plain", [queue]):
        task_id = script_task("sleeps", """
            import time
            print("sleeping", flush=True)
            time.sleep(600)
            """, queue)
        # The agent's last `tasks.started` (just before it execs the script) overwrites status_message, as on
        # ClearML: stop only once the script's own output shows it runs.
        wait_until("the script to print", lambda: "sleeping" in console_of(task_id), 120)
        assert any(w.task and w.task.id == task_id for w in api().workers.get_all()), "no worker reports the task"
        asked = time.time()
        api().tasks.stop(task=task_id)
        right_after = status_of(task_id)
        assert right_after[0] == "in_progress" and right_after[1] == "stopping", right_after
        status = wait_status(task_id, {"stopped", "failed", "completed"}, STOP_WITHIN_S + 5)
        took = time.time() - asked
    assert status[0] == "stopped" and status[2] == "task was stopped by tasks.stop", status
    assert took <= STOP_WITHIN_S, f"abort took {took:.1f}s"
    return {"task": task_id, "status": status, "abort_s": round(took, 1)}


def flow_reset_kills():
    """A reset while the agent runs the task: the agent sees `created` on 5 polls in a row and kills the run."""
    queue = f"plain-{RUN}"
    with Agent("plain", [queue]) as agent:
        task_id = script_task("reset while running", """
            import time
            print("running until reset", flush=True)
            time.sleep(600)
            """, queue)
        wait_until("the script to print", lambda: "running until reset" in console_of(task_id), 120)
        api().tasks.reset(task=task_id, force=True)
        assert status_of(task_id)[0] == "created"
        wait_until("the agent to drop the task",
                   lambda: not any(w.task for w in api().workers.get_all() if w.id == agent.worker), 60)
    status = status_of(task_id)
    assert status[0] == "created", status
    return {"task": task_id, "status": status}


def flow_worker_lifecycle():
    """A daemon is listed (with its queue) while it runs and gone once it exits on SIGTERM or SIGINT."""
    queue = f"plain-{RUN}"
    listed = {}
    for sig in (signal.SIGTERM, signal.SIGINT):
        agent = Agent(f"life{int(sig)}", [queue])
        try:
            wait_until(f"{agent.worker} to be listed", lambda: agent.worker in worker_ids(), 60)
            worker = next(w for w in api().workers.get_all() if w.id == agent.worker)
            assert worker.last_activity_time and worker.register_time, worker.to_dict()
            assert [q.name for q in worker.queues] == [queue], worker.to_dict()
            # The UI's queue page lists each queue's workers.
            listed_queue = call("queues.get_all_ex", name=f"^{queue}$")["queues"][0]
            assert agent.worker in [w["name"] for w in listed_queue["workers"]], listed_queue
            agent.quit(sig)
            assert agent.proc.returncode is not None
            assert agent.worker not in worker_ids(), f"{agent.worker} still listed after {sig.name}"
            listed[sig.name] = True
        finally:
            agent.quit()
    return listed


def flow_execute_remotely():
    """The everyday pattern: a local script calls execute_remotely(); an agent reruns it from the stored code."""
    queue = f"plain-{RUN}"
    path = os.path.join(WORK, f"remote_{RUN}.py")
    with open(path, "w") as f:
        f.write(textwrap.dedent(f"""
            from clearml import Task
            task = Task.init(project_name={PROJECT!r}, task_name="executes remotely", reuse_last_task_id=False)
            print("TASK_ID=" + task.id, flush=True)
            params = task.connect({{"steps": 3}})
            task.execute_remotely(queue_name={queue!r})
            for i in range(int(params["steps"])):
                task.get_logger().report_scalar("acc", "val", value=i / 10, iteration=i)
            print("ran remotely with", params["steps"], "steps")
            """))
    with Agent("plain", [queue]):
        out = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=300, cwd=WORK)
        ids = [line.split("=", 1)[1] for line in out.stdout.splitlines() if line.startswith("TASK_ID=")]
        assert out.returncode == 0 and ids, out.stdout[-2000:] + out.stderr[-2000:]
        status = wait_status(ids[0], {"completed", "failed", "stopped"}, 180)
    assert status[0] == "completed", status
    assert "ran remotely with 3 steps" in console_of(ids[0])
    from clearml import Task
    scalars = Task.get_task(task_id=ids[0]).get_reported_scalars()
    assert scalars["acc"]["val"]["x"] == [0, 1, 2], scalars
    return {"task": ids[0], "status": status}


def flow_execute_cli():
    """`clearml-agent execute --id` runs one task in the foreground, no daemon and no queue."""
    from clearml import Task
    path = os.path.join(WORK, f"once_{RUN}.py")
    with open(path, "w") as f:
        f.write('print("executed once")\n')
    task = Task.create(project_name=PROJECT, task_name="execute once", script=path, add_task_init_call=False,
                       packages=[])
    base = os.path.join(WORK, f"execute-{RUN}")
    os.makedirs(os.path.join(base, "tmp"), exist_ok=True)
    env = dict(os.environ, HOME=base, TMPDIR=os.path.join(base, "tmp"))
    out = subprocess.run([sys.executable, "-m", "clearml_agent", "execute", "--id", task.id], env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    status = status_of(task.id)
    assert status[0] == "completed", status
    assert "executed once" in console_of(task.id)
    return {"task": task.id, "status": status}


def flow_clone_and_override():
    """The UI's loop: clone a task, edit a hyperparameter, enqueue; the agent's run sees the new value."""
    from clearml import Task
    queue = f"plain-{RUN}"
    path = os.path.join(WORK, f"params_{RUN}.py")
    with open(path, "w") as f:
        f.write(textwrap.dedent("""
            from clearml import Task
            task = Task.init()
            params = task.connect({"steps": 2, "name": "base"})
            print("steps=%r name=%r" % (params["steps"], params["name"]))
            """))
    base = Task.create(project_name=PROJECT, task_name="parametrized", script=path, add_task_init_call=False,
                       packages=[])
    base.set_parameters({"General/steps": 2, "General/name": "base"})
    clone = Task.clone(source_task=base, name="parametrized clone")
    clone.set_parameters({"General/steps": 7, "General/name": "edited"})
    with Agent("plain", [queue]):
        Task.enqueue(clone, queue_name=queue)
        status = wait_status(clone.id, {"completed", "failed", "stopped"}, 180)
    assert status[0] == "completed", status
    assert "steps=7 name='edited'" in console_of(clone.id), console_of(clone.id)
    return {"task": clone.id, "status": status}


def flow_default_queue():
    """An agent started without --queue serves the default queue, where tasks.enqueue without a queue lands."""
    from clearml import Task
    path = os.path.join(WORK, f"default_{RUN}.py")
    with open(path, "w") as f:
        f.write('print("from the default queue")\n')
    task = Task.create(project_name=PROJECT, task_name="default queue", script=path, add_task_init_call=False,
                       packages=[])
    with Agent("default", []):
        api().tasks.enqueue(task=task.id)
        status = wait_status(task.id, {"completed", "failed", "stopped"}, 120)
    assert status[0] == "completed", status
    assert "from the default queue" in console_of(task.id)
    return {"task": task.id, "status": status}


def flow_two_agents_one_queue():
    """Two agents pop from one queue: every task runs exactly once, and both agents get work."""
    queue = f"shared-{RUN}"
    with Agent("racer-a", [queue]) as a, Agent("racer-b", [queue]) as b:
        wait_until("both agents to register", lambda: {a.worker, b.worker} <= worker_ids(), 60)
        ids = [script_task(f"race {i}", """
            import time
            time.sleep(3)
            print("raced")
            """, queue) for i in range(6)]
        statuses = [wait_status(t, {"completed", "failed", "stopped"}, 240) for t in ids]
    assert all(s[0] == "completed" for s in statuses), statuses
    runners = {}
    for t in ids:
        pulls = [line for line in console_of(t).splitlines() if " pulled from " in line]
        assert len(pulls) == 1, (t, pulls)
        runners[t] = pulls[0].rsplit(" ", 1)[-1]
    assert set(runners.values()) == {a.worker, b.worker}, runners
    return {"runs": runners}


FLOWS = {name[len("flow_"):]: fn for module in (globals(), vars(agent_services), vars(agent_pipelines))
         for name, fn in module.items() if name.startswith("flow_")}


if __name__ == "__main__":
    sys.exit(run_flows(FLOWS, sys.argv[1:]))
