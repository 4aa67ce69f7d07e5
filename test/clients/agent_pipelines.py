"""PipelineController flows for the real agent: local steps, a services-mode controller, and an abort."""
import os
import subprocess
import sys
import time

from agent_kit import PROJECT, RUN, STOP_WITHIN_S, WORK, Agent, api, call, console_of, status_of, wait_status, \
    wait_until

# The controller's code is stored as its script and re-run by the services agent without our command line, so the
# settings are written into the text.
PIPELINE = """
from clearml import PipelineController

MODE, NAME, PROJECT, STEPS_QUEUE, CONTROLLER_QUEUE, STEP_SLEEP_S = {settings!r}


# A step casts a "${{pipeline.x}}" kwarg by its default's type (a string), as on ClearML: convert here.
def make_list(count, sleep_s):
    import time
    print("making the list", flush=True)
    time.sleep(int(sleep_s))
    return list(range(int(count)))


def total(values, factor):
    return sum(values) * int(factor)


pipe = PipelineController(name=NAME, project=PROJECT, version="1.0.0", add_pipeline_tags=False)
pipe.add_parameter("count", 4)
pipe.add_parameter("factor", 3)
pipe.add_parameter("sleep_s", STEP_SLEEP_S)
pipe.add_function_step(name="make_list", function=make_list,
                       function_kwargs={{"count": "${{pipeline.count}}", "sleep_s": "${{pipeline.sleep_s}}"}},
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


def run_pipeline(mode, name, steps_queue, controller_queue="services", step_sleep_s=0):
    path = os.path.join(WORK, f"pipeline_{mode}_{RUN}.py")
    with open(path, "w") as f:
        f.write(PIPELINE.format(settings=(mode, name, PROJECT, steps_queue, controller_queue, step_sleep_s)))
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
    """A PipelineController from functions, run with start_locally(run_pipeline_steps_locally=True)."""
    return check_pipeline(*run_pipeline("local", f"local pipeline {RUN}", f"unused-{RUN}"))


def flow_pipeline_remote():
    """The same pipeline with start(queue="services"): a services-mode agent runs the controller, which enqueues
    its steps to a queue a second agent serves."""
    steps_queue = f"steps-{RUN}"
    with Agent("controller", ["services"], services_mode=True), Agent("steps", [steps_queue]):
        pipeline_id, output = run_pipeline("remote", f"remote pipeline {RUN}", steps_queue)
        wait_status(pipeline_id, {"completed", "failed", "stopped"}, 400)
    return check_pipeline(pipeline_id, output)


def flow_pipeline_abort():
    """The UI's abort of a running pipeline: tasks.stop with include_pipeline_steps marks the controller and its
    running step "stopping", and each one's agent aborts it."""
    from clearml import Task
    steps_queue = f"steps-{RUN}"
    with Agent("controller", ["services"], services_mode=True), Agent("steps", [steps_queue]) as steps_agent:
        pipeline_id, _ = run_pipeline("remote", f"aborted pipeline {RUN}", steps_queue, step_sleep_s=600)
        step_id = wait_until("the first step to run", lambda: Task.query_tasks(
            task_filter={"parent": pipeline_id, "status": ["in_progress"]}), 240)[0]
        wait_until("the step to print", lambda: "making the list" in console_of(step_id), 120)
        asked = time.time()
        call("tasks.stop", task=pipeline_id, include_pipeline_steps=True)
        assert status_of(step_id)[1] == "stopping", status_of(step_id)
        controller = wait_status(pipeline_id, {"stopped", "failed", "completed"}, STOP_WITHIN_S + 5)
        step = wait_status(step_id, {"stopped", "failed", "completed"}, STOP_WITHIN_S + 5)
        took = time.time() - asked
        wait_until("the steps agent to drop the step", lambda: not any(
            w.task for w in api().workers.get_all() if w.id == steps_agent.worker), 30)
    assert controller[0] == "stopped" and step[0] == "stopped", (controller, step)
    assert took <= STOP_WITHIN_S, f"abort took {took:.1f}s"
    return {"pipeline": pipeline_id, "step": step_id, "abort_s": round(took, 1)}
