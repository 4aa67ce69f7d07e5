"""Shared pieces of the real-agent flows: background `clearml-agent daemon` processes and API helpers."""
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
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
            cmd.append("--services-mode" if services_mode is True else f"--services-mode={services_mode}")
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


def call(endpoint, **body):
    """A raw call, for request fields newer than the SDK's bundled API models."""
    from clearml import Task
    service, action = endpoint.split(".")
    res = Task._get_default_session().send_request(service, action, json=body)
    assert res.ok, (endpoint, res.status_code, res.text[:500])
    return res.json()["data"]


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
                      lambda: (got := status_of(task_id))[0] in statuses and got, timeout)


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
