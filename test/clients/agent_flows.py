"""Drives the real clearml-agent (plain and --services-mode) and the SDK's remote execution against a running Clarion.

Run through scripts/real-agent.sh, which starts the server and exports the SDK environment. Each flow starts its
own agent daemons in the background (own worker id, HOME and TMPDIR under $AGENT_WORK), asserts what the SDK and
the API read back, and stops its agents before it returns. Usage: python3 agent_flows.py [flow ...]
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback
import uuid

RUN = uuid.uuid4().hex[:6]
PROJECT = f"Clarion agent {RUN}"
WORK = os.environ.get("AGENT_WORK") or tempfile.mkdtemp(prefix="clarion-agents-")
STOP_WITHIN_S = 15


class Agent:
    """One `clearml-agent daemon --foreground` in its own process group, with its own identity and caches."""

    def __init__(self, name, queues, services_mode=False):
        for queue in queues:
            ensure_queue(queue)
        self.worker = f"{name}-{RUN}"
        base = os.path.join(WORK, self.worker)
        home, tmp = os.path.join(base, "home"), os.path.join(base, "tmp")
        os.makedirs(home, exist_ok=True)
        os.makedirs(tmp, exist_ok=True)
        self.log_path = os.path.join(base, "agent.log")
        env = dict(os.environ, CLEARML_WORKER_ID=self.worker, HOME=home, TMPDIR=tmp)
        cmd = [sys.executable, "-m", "clearml_agent", "daemon", "--foreground"]
        if queues:
            cmd += ["--create-queue", "--queue", *queues]
        if services_mode:
            cmd.append("--services-mode")
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def quit(self, sig=signal.SIGTERM, timeout=60):
        """Asks the daemon to shut down as an operator would; kills what is left of its group after `timeout`."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()

    def tail(self, lines=40):
        with open(self.log_path) as f:
            return "".join(f.readlines()[-lines:])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if exc[0] is not None:
            print(f"--- {self.worker} log tail ---\n{self.tail()}", flush=True)
        self.quit()


def api():
    from clearml.backend_api.session.client import APIClient
    return APIClient()


def ensure_queue(name):
    if not [q for q in api().queues.get_all(name=f"^{name}$") if q.name == name]:
        api().queues.create(name=name)


def worker_ids():
    return {w.id for w in api().workers.get_all()}


def wait_until(what, check, timeout, interval=0.5):
    deadline = time.time() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.time() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def status_of(task_id):
    got = api().tasks.get_all(id=[task_id], only_fields=["status", "status_message", "status_reason"])[0]
    return getattr(got.status, "value", got.status), got.status_message, got.status_reason


def console_of(task_id):
    from clearml import Task
    return "\n".join(Task.get_task(task_id=task_id).get_reported_console_output(number_of_reports=100))


def wait_status(task_id, statuses, timeout):
    return wait_until(f"task {task_id} to reach {statuses}",
                      lambda: status_of(task_id)[0] in statuses and status_of(task_id), timeout)


def script_task(name, body, queue, init_call=False):
    """A task whose code is a single local file, so the agent runs it as a literal script (no git, no pip)."""
    from clearml import Task
    path = os.path.join(WORK, f"{name.replace(' ', '_')}_{RUN}.py")
    with open(path, "w") as f:
        f.write(textwrap.dedent(body))
    task = Task.create(project_name=PROJECT, task_name=name, script=path, add_task_init_call=init_call,
                       packages=[])
    Task.enqueue(task, queue_name=queue)
    return task.id


def flow_script_completes():
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
    queue = f"plain-{RUN}"
    listed = {}
    for sig in (signal.SIGTERM, signal.SIGINT):
        agent = Agent(f"life{int(sig)}", [queue])
        try:
            wait_until(f"{agent.worker} to be listed", lambda: agent.worker in worker_ids(), 60)
            worker = next(w for w in api().workers.get_all() if w.id == agent.worker)
            assert worker.last_activity_time and worker.register_time, worker.to_dict()
            assert [q.name for q in worker.queues] == [queue], worker.to_dict()
            agent.quit(sig)
            assert agent.proc.returncode is not None
            assert agent.worker not in worker_ids(), f"{agent.worker} still listed after {sig.name}"
            listed[sig.name] = True
        finally:
            agent.quit()
    return listed


def flow_services_mode():
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


# The controller's code is stored as its script and re-run by the services agent without our command line, so the
# settings are written into the text.
PIPELINE = """
from clearml import PipelineController

MODE, NAME, PROJECT, STEPS_QUEUE, CONTROLLER_QUEUE = {settings!r}


# A step casts a "${{pipeline.x}}" kwarg by its default's type (a string), as on ClearML: convert here.
def make_list(count):
    return list(range(int(count)))


def total(values, factor):
    return sum(values) * int(factor)


pipe = PipelineController(name=NAME, project=PROJECT, version="1.0.0", add_pipeline_tags=False)
pipe.add_parameter("count", 4)
pipe.add_parameter("factor", 3)
pipe.add_function_step(name="make_list", function=make_list, function_kwargs={{"count": "${{pipeline.count}}"}},
                       function_return=["values"], execution_queue=STEPS_QUEUE, cache_executed_step=False)
pipe.add_function_step(name="total", function=total, parents=["make_list"],
                       function_kwargs={{"values": "${{make_list.values}}", "factor": "${{pipeline.factor}}"}},
                       function_return=["result"], execution_queue=STEPS_QUEUE, cache_executed_step=False)
print("PIPELINE_ID=" + pipe.id, flush=True)
if MODE == "local":
    pipe.start_locally(run_pipeline_steps_locally=True)
else:
    pipe.start(queue=CONTROLLER_QUEUE)
"""


def run_pipeline(mode, name, steps_queue, controller_queue="services"):
    path = os.path.join(WORK, f"pipeline_{mode}_{RUN}.py")
    with open(path, "w") as f:
        f.write(PIPELINE.format(settings=(mode, name, PROJECT, steps_queue, controller_queue)))
    log_path = os.path.join(WORK, f"pipeline_{mode}_{RUN}.log")
    with open(log_path, "w") as log:
        code = subprocess.run([sys.executable, path], stdout=log, stderr=subprocess.STDOUT, timeout=600,
                              cwd=WORK).returncode
    with open(log_path) as log:
        output = log.read()
    ids = [line.split("=", 1)[1] for line in output.splitlines() if line.startswith("PIPELINE_ID=")]
    assert code == 0 and ids, f"pipeline script exit {code}\n{output[-3000:]}"
    return ids[0], output


def check_pipeline(pipeline_id, output):
    from clearml import Task
    pipeline = Task.get_task(task_id=pipeline_id)
    assert pipeline.status == "completed", (pipeline.status, pipeline.data.status_reason, output[-3000:])
    steps = Task.query_tasks(task_filter={"parent": pipeline_id, "status": ["completed"]})
    assert len(steps) == 2, steps
    # A step stores a basic-typed return value as the typed hyperparameter return/<name>; others as artifacts.
    tasks = {t.name: t for t in (Task.get_task(task_id=s) for s in steps)}
    assert set(tasks) == {"make_list", "total"}, list(tasks)
    assert tasks["make_list"].artifacts["values"].get() == [0, 1, 2, 3]
    result = tasks["total"].get_parameters(cast=True)["return/result"]
    assert result == 18 and isinstance(result, int), repr(result)
    return {"pipeline": pipeline_id, "steps": steps}


def flow_pipeline_local():
    return check_pipeline(*run_pipeline("local", f"local pipeline {RUN}", f"unused-{RUN}"))


def flow_pipeline_remote():
    steps_queue = f"steps-{RUN}"
    with Agent("controller", ["services"], services_mode=True), Agent("steps", [steps_queue]):
        pipeline_id, output = run_pipeline("remote", f"remote pipeline {RUN}", steps_queue)
        wait_status(pipeline_id, {"completed", "failed", "stopped"}, 400)
    return check_pipeline(pipeline_id, output)


FLOWS = {name[len("flow_"):]: fn for name, fn in globals().items() if name.startswith("flow_")}


def main(names):
    failed = []
    for name in names or list(FLOWS):
        started = time.time()
        try:
            result = FLOWS[name]()
            print(f"FLOW {name}: ok ({time.time() - started:.1f}s) {json.dumps(result, default=str)}", flush=True)
        except Exception:
            traceback.print_exc()
            print(f"FLOW {name}: FAILED ({time.time() - started:.1f}s)", flush=True)
            failed.append(name)
    print(f"{len(names or FLOWS) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
