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
        cmd = [sys.executable, "-m", "clearml_agent", "daemon", "--foreground", "--create-queue", "--queue", *queues]
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
        subworkers = wait_until("a sub-worker per service",
                                lambda: {f"{agent.worker}:service:{t}" for t in ids} <= worker_ids(), 30)
        statuses = [wait_status(t, {"completed", "failed", "stopped"}, 90) for t in ids]
    assert all(s[0] == "completed" for s in statuses), statuses
    return {"tasks": ids, "concurrent": both, "subworkers": subworkers}


PIPELINE = """
import sys
from clearml import PipelineController


# A step casts a "${pipeline.x}" kwarg by its default's type (a string), as on ClearML: convert here.
def make_list(count):
    return list(range(int(count)))


def total(values, factor):
    return sum(values) * int(factor)


pipe = PipelineController(name=sys.argv[2], project=sys.argv[3], version="1.0.0", add_pipeline_tags=False)
pipe.add_parameter("count", 4)
pipe.add_parameter("factor", 3)
pipe.add_function_step(name="make_list", function=make_list, function_kwargs={"count": "${pipeline.count}"},
                       function_return=["values"], execution_queue=sys.argv[4], cache_executed_step=False)
pipe.add_function_step(name="total", function=total, parents=["make_list"],
                       function_kwargs={"values": "${make_list.values}", "factor": "${pipeline.factor}"},
                       function_return=["result"], execution_queue=sys.argv[4], cache_executed_step=False)
print("PIPELINE_ID=" + pipe.id, flush=True)
if sys.argv[1] == "local":
    pipe.start_locally(run_pipeline_steps_locally=True)
else:
    pipe.start(queue=sys.argv[5])
"""


def run_pipeline(mode, name, steps_queue, controller_queue="services"):
    path = os.path.join(WORK, f"pipeline_{RUN}.py")
    with open(path, "w") as f:
        f.write(PIPELINE)
    log_path = os.path.join(WORK, f"pipeline_{mode}_{RUN}.log")
    with open(log_path, "w") as log:
        code = subprocess.run([sys.executable, path, mode, name, PROJECT, steps_queue, controller_queue],
                              stdout=log, stderr=subprocess.STDOUT, timeout=600, cwd=WORK).returncode
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
