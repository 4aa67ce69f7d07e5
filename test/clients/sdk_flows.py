"""Drives the real clearml SDK through the flows a data scientist uses, against a running Clarion.

Run through ../shared/tools/clearml-clients (see scripts/real-clients.sh). Each flow asserts what the SDK reads
back; the script exits non-zero on the first failure. Usage: python3 sdk_flows.py [flow ...]
"""
import os
import sys
import tempfile
import uuid

from flow_runner import run_flows

RUN = uuid.uuid4().hex[:6]
PROJECT = f"Clarion SDK {RUN}"


def flow_tracking():
    from clearml import Task
    task = Task.init(project_name=PROJECT, task_name="tracking", auto_connect_frameworks=False,
                     auto_resource_monitoring=False)
    params = task.connect({"lr": 0.1, "epochs": 3, "nested": {"depth": 2}, "name": "resnet"})
    assert params["lr"] == 0.1
    config = task.connect_configuration({"optimizer": {"type": "adam", "beta": 0.9}}, name="train config")
    assert config["optimizer"]["type"] == "adam"
    task.add_tags(["sdk", "tracking"])
    task.set_comment("tracking flow")
    task.set_user_properties(owner="clarion", stage="test")
    props = task.get_user_properties()
    assert props["owner"]["value"] == "clarion", props
    print("hello from the tracking flow")
    task.flush(wait_for_uploads=True)
    task_id = task.id
    task.close()
    again = Task.get_task(task_id=task_id)
    assert again.status in ("completed", "stopped"), again.status
    assert set(again.get_tags()) == {"sdk", "tracking"}, again.get_tags()
    got = again.get_parameters()
    assert got["General/lr"] == "0.1", got
    assert got["General/nested/depth"] == "2", got
    assert "optimizer" in again.get_configuration_object("train config")
    return task_id


def flow_artifacts():
    import numpy as np
    import pandas as pd
    from clearml import Task
    task = Task.init(project_name=PROJECT, task_name="artifacts", auto_connect_frameworks=False,
                     auto_resource_monitoring=False, reuse_last_task_id=False)
    workdir = tempfile.mkdtemp()
    path = os.path.join(workdir, "weights file.bin")
    with open(path, "wb") as f:
        f.write(os.urandom(4096))
    folder = os.path.join(workdir, "folder")
    os.makedirs(folder)
    for i in range(3):
        with open(os.path.join(folder, f"f{i}.txt"), "w") as f:
            f.write(f"file {i}")
    task.upload_artifact("my dict", {"a": 1, "b": [1, 2]}, wait_on_upload=True)
    task.upload_artifact("my text", "some text", wait_on_upload=True)
    task.upload_artifact("my array", np.arange(10), wait_on_upload=True)
    task.upload_artifact("my frame", pd.DataFrame({"x": [1, 2, 3], "y": ["a", "b", "c"]}), wait_on_upload=True)
    task.upload_artifact("my file", path, wait_on_upload=True)
    task.upload_artifact("my folder", folder, wait_on_upload=True)
    task.flush(wait_for_uploads=True)
    # Like ClearML, artifacts can be deleted only while the task is created or running.
    task.delete_artifacts(["my text"])
    task_id = task.id
    task.close()
    reloaded = Task.get_task(task_id=task_id)
    arts = reloaded.artifacts
    assert "my text" not in arts, list(arts)
    assert set(arts) >= {"my dict", "my array", "my frame", "my file", "my folder"}, list(arts)
    assert arts["my dict"].get() == {"a": 1, "b": [1, 2]}
    assert list(arts["my array"].get()) == list(range(10))
    assert list(arts["my frame"].get()["x"]) == [1, 2, 3]
    local = arts["my file"].get_local_copy()
    assert os.path.getsize(local) == 4096, local
    folder_copy = arts["my folder"].get_local_copy()
    assert sorted(os.listdir(folder_copy)) == ["f0.txt", "f1.txt", "f2.txt"], os.listdir(folder_copy)
    return task_id


def flow_models():
    from clearml import InputModel, Model, OutputModel, Task
    task = Task.init(project_name=PROJECT, task_name="models", auto_connect_frameworks=False,
                     auto_resource_monitoring=False, reuse_last_task_id=False)
    workdir = tempfile.mkdtemp()
    weights = os.path.join(workdir, "model.pt")
    with open(weights, "wb") as f:
        f.write(b"weights" * 100)
    out = OutputModel(task=task, name=f"model {RUN}", framework="PyTorch", label_enumeration={"cat": 1, "dog": 2})
    out.update_weights(weights_filename=weights, iteration=7)
    out.set_metadata("accuracy", "0.93", "float")
    model_id = out.id
    out.publish()
    task.flush(wait_for_uploads=True)
    task.close()
    found = Model.query_models(project_name=PROJECT, model_name=f"model {RUN}")
    assert [m.id for m in found] == [model_id], found
    model = Model(model_id)
    assert model.published, "model should be published"
    assert model.labels == {"cat": 1, "dog": 2}, model.labels
    assert model.get_metadata("accuracy") == "0.93"
    local = model.get_local_copy()
    assert open(local, "rb").read() == b"weights" * 100
    consumer = Task.init(project_name=PROJECT, task_name="model consumer", auto_connect_frameworks=False,
                         auto_resource_monitoring=False, reuse_last_task_id=False)
    consumer.connect(InputModel(model_id=model_id))
    consumer_id = consumer.id
    consumer.close()
    assert Task.get_task(task_id=consumer_id).models["input"][0].id == model_id
    return model_id


def flow_queries():
    from clearml import Task
    base = Task.create(project_name=PROJECT, task_name=f"base {RUN}", task_type="training")
    base.set_parameters({"Args/x": 1})
    clone = Task.clone(source_task=base, name=f"clone {RUN}")
    assert clone.id != base.id
    assert clone.get_parameters()["Args/x"] == "1"
    assert Task.get_task(project_name=PROJECT, task_name=f"clone {RUN}").id == clone.id
    ids = {t.id for t in Task.get_tasks(project_name=PROJECT, task_name=f"{RUN}")}
    assert {base.id, clone.id} <= ids, ids
    queried = Task.query_tasks(project_name=[PROJECT], task_filter={"status": ["created"], "order_by": ["-last_update"]})
    assert clone.id in queried
    result = Task.enqueue(clone, queue_name="default")
    assert Task.get_task(task_id=clone.id).status == "queued"
    assert Task.get_num_enqueued_tasks("default") >= 1
    Task.dequeue(clone)
    assert Task.get_task(task_id=clone.id).status == "created"
    clone.add_tags(["archived-soon"])
    clone.set_archived(True)
    assert Task.get_task(task_id=clone.id).get_archived()
    return result


def flow_datasets():
    from clearml import Dataset
    workdir = tempfile.mkdtemp()
    for i in range(5):
        with open(os.path.join(workdir, f"data_{i}.csv"), "w") as f:
            f.write("a,b\n" + "\n".join(f"{j},{j * i}" for j in range(20)))
    ds = Dataset.create(dataset_name=f"ds {RUN}", dataset_project=PROJECT)
    ds.add_files(workdir)
    ds.upload()
    ds.finalize()
    got = Dataset.get(dataset_project=PROJECT, dataset_name=f"ds {RUN}")
    assert got.id == ds.id
    copy = got.get_local_copy()
    assert sorted(os.listdir(copy)) == [f"data_{i}.csv" for i in range(5)], os.listdir(copy)
    listed = Dataset.list_datasets(dataset_project=PROJECT)
    assert any(d["id"] == ds.id for d in listed), listed
    return ds.id


def flow_reporting():
    import numpy as np
    from clearml import Task
    task = Task.init(project_name=PROJECT, task_name="reporting", auto_connect_frameworks=False,
                     auto_resource_monitoring=False, reuse_last_task_id=False)
    logger = task.get_logger()
    for i in range(20):
        logger.report_scalar("loss", "train", value=1.0 / (i + 1), iteration=i)
        logger.report_scalar("loss", "val", value=2.0 / (i + 1), iteration=i)
    logger.report_single_value("accuracy", 0.91)
    logger.report_text("a text line")
    for i in range(3):
        print(f"console line {i}")
    logger.report_plotly("plotly title", "plotly series", iteration=1,
                         figure={"data": [{"type": "scatter", "x": [1, 2], "y": [3, 4]}], "layout": {"title": "t"}})
    logger.report_table("table", "series", iteration=2, table_plot=[["a", "b"], [1, 2]])
    logger.report_image("img title", "img series", iteration=3, image=np.zeros((8, 8, 3), dtype=np.uint8))
    task.flush(wait_for_uploads=True)
    task_id = task.id
    task.close()
    done = Task.get_task(task_id=task_id)
    scalars = done.get_reported_scalars()
    assert scalars["loss"]["train"]["x"] == list(range(20)), scalars["loss"]["train"]
    assert abs(scalars["loss"]["val"]["y"][-1] - 0.1) < 1e-9, scalars["loss"]["val"]
    last = done.get_last_scalar_metrics()
    assert abs(last["loss"]["train"]["last"] - 0.05) < 1e-9, last
    assert abs(last["loss"]["train"]["max"] - 1.0) < 1e-9, last
    assert done.get_reported_single_value("accuracy") == 0.91
    assert done.get_reported_single_values() == {"accuracy": 0.91}, done.get_reported_single_values()
    console = "\n".join(done.get_reported_console_output(number_of_reports=100))
    assert "console line 2" in console and "a text line" in console, console
    plots = done.get_reported_plots()
    assert {p["metric"] for p in plots} >= {"plotly title", "table"}, [p["metric"] for p in plots]
    samples = done.get_debug_samples("img title", "img series")
    assert samples and samples[0]["url"], samples
    from clearml import StorageManager
    local = StorageManager.get_local_copy(samples[0]["url"])
    assert local and os.path.getsize(local) > 0, local
    return task_id


def flow_reporting_at_scale():
    """What a longer training run reads back: paging (scroll) through every scalar, sampled charts on all three
    x axes, the last iterations of plots and debug images, and a long console whole and as its last report."""
    import time
    import numpy as np
    from clearml import Task
    task = Task.init(project_name=PROJECT, task_name="reporting at scale", auto_connect_frameworks=False,
                     auto_resource_monitoring=False, reuse_last_task_id=False)
    logger = task.get_logger()
    iterations, series = 800, ("train", "val", "test")
    for i in range(iterations):
        for k, name in enumerate(series):
            logger.report_scalar("loss", name, value=(k + 1) / (i + 1), iteration=i)
    for i in range(5):
        logger.report_plotly("curve", "roc", iteration=i, figure={"data": [{"type": "scatter", "x": [0, 1], "y": [0, i]}]})
        logger.report_image("samples", "input", iteration=i, image=np.full((4, 4, 3), i, dtype=np.uint8))
    lines = 2500
    for i in range(lines):
        print(f"step {i} of the long console")
    started_ms = int(time.time() * 1000)
    task.flush(wait_for_uploads=True)
    task_id = task.id
    task.close()
    done = Task.get_task(task_id=task_id)
    assert done.get_last_iteration() == iterations - 1, done.get_last_iteration()

    every = done.get_all_reported_scalars()
    for k, name in enumerate(series):
        got = every["loss"][name]
        assert got["x"] == list(range(iterations)), (name, len(got["x"]))
        assert all(abs(y - (k + 1) / (i + 1)) < 1e-12 for i, y in enumerate(got["y"])), name
    by_time = done.get_all_reported_scalars(x_axis="timestamp")["loss"]["train"]["x"]
    assert all(a <= b for a, b in zip(by_time, by_time[1:])) and by_time[-1] <= started_ms + 60000, by_time[-3:]

    charted = done.get_reported_scalars()["loss"]["val"]
    assert charted["x"] == list(range(iterations)), len(charted["x"])
    sampled = done.get_reported_scalars(max_samples=100)["loss"]["train"]
    # Buckets of equal width over the iterations, each charted at its first iteration with the mean of its values.
    width = sampled["x"][1] - sampled["x"][0]
    assert len(sampled["x"]) <= 100 and sampled["x"] == list(range(0, iterations, width)), (width, sampled["x"][:3])
    assert abs(sampled["y"][0] - sum(1 / (i + 1) for i in range(width)) / width) < 1e-12, sampled["y"][0]
    iso = done.get_reported_scalars(max_samples=50, x_axis="iso_time")["loss"]["test"]["x"]
    assert iso and all(isinstance(x, str) and x.endswith("Z") for x in iso), iso[:2]

    plots = done.get_reported_plots(max_iterations=2)
    assert sorted(p["iter"] for p in plots if p["metric"] == "curve") == [3, 4], [p["iter"] for p in plots]
    samples = done.get_debug_samples("samples", "input", n_last_iterations=3)
    assert sorted(s["iter"] for s in samples) == [2, 3, 4], [s["iter"] for s in samples]

    tail = done.get_reported_console_output(number_of_reports=1000)
    printed = [line for report in tail for line in report.splitlines() if line.endswith(" of the long console")]
    assert printed == [f"step {i} of the long console" for i in range(lines)], (len(tail), printed[:2], printed[-2:])
    last = done.get_reported_console_output()
    assert len(last) == 1 and last[0].splitlines()[-1] == f"step {lines - 1} of the long console", last
    return {"task": task_id, "charted": len(charted["x"]), "console_reports": len(tail)}


def flow_reporting_variety():
    """What a new user reports beyond loss curves: hundreds of metric/variant pairs (no cap at 100), names in any
    script or with dots and dollars, NaN values, negative and int64 iterations, every plot helper of the Logger, an
    audio sample, and console lines that are long, non-ASCII or coloured; then everything read back, including
    through the plain API client (projects.get_unique_metric_variants, events.get_task_metrics)."""
    import numpy as np
    from clearml import Task
    from clearml.backend_api.session.client import APIClient
    task = Task.init(project_name=PROJECT, task_name="reporting variety", auto_connect_frameworks=False,
                     auto_resource_monitoring=False, reuse_last_task_id=False)
    logger = task.get_logger()
    wide = {f"metric {m:03d}": ["a", "b"] for m in range(150)}
    wide["many variants"] = [f"v{v:03d}" for v in range(150)]
    for metric, variants in wide.items():
        for k, variant in enumerate(variants):
            for i in range(3):
                logger.report_scalar(metric, variant, value=i * 10 + k, iteration=i)
    odd = {("损失 📉", "ünïcode"): 1.5, ("a.b$c", "x.y$z"): 2.5, ("spaces in name", " "): 3.5}
    for (metric, variant), value in odd.items():
        logger.report_scalar(metric, variant, value=value, iteration=7)
    logger.report_scalar("diverged", "loss", value=float("nan"), iteration=1)
    logger.report_scalar("iterations", "negative", value=1.0, iteration=-5)
    logger.report_scalar("iterations", "int64", value=2.0, iteration=2 ** 40)

    logger.report_histogram("hist", "h", values=np.arange(10), iteration=0, xaxis="bin", yaxis="count")
    logger.report_vector("vector", "v", values=np.arange(5), iteration=0)
    logger.report_confusion_matrix("confusion", "cm", matrix=np.eye(3), iteration=0, xlabels=["a", "b", "c"])
    logger.report_scatter2d("scatter", "s", scatter=np.arange(20).reshape(10, 2), iteration=0, mode="lines+markers")
    logger.report_scatter3d("scatter3d", "s3", scatter=np.arange(30).reshape(10, 3), iteration=0)
    logger.report_surface("surface", "sf", matrix=np.arange(16).reshape(4, 4), iteration=0)
    logger.report_line_plot("lines", [{"name": "l1", "data": np.arange(10).reshape(5, 2)}], iteration=0, xaxis="x", yaxis="y")
    audio = os.path.join(tempfile.mkdtemp(), "beep.wav")
    with open(audio, "wb") as f:
        f.write(b"RIFF" + (36).to_bytes(4, "little") + b"WAVEfmt " + bytes(24) + b"data" + bytes(4))
    logger.report_media("media", "audio", iteration=0, local_path=audio)

    long_line = "x" * 20000
    print(long_line)
    print("héllo wörld ✓ — 日本語")
    print("\x1b[31mred\x1b[0m\ttabbed")
    logger.report_text("a warning", level=30)
    task.flush(wait_for_uploads=True)
    task_id = task.id
    task.close()

    done = Task.get_task(task_id=task_id)
    scalars = done.get_reported_scalars()
    for metric, variants in wide.items():
        for k, variant in enumerate(variants):
            assert scalars[metric][variant]["y"] == [k, 10 + k, 20 + k], (metric, variant, scalars[metric][variant])
    for (metric, variant), value in odd.items():
        assert scalars[metric][variant]["x"] == [7] and scalars[metric][variant]["y"] == [value], scalars[metric]
    assert scalars["diverged"]["loss"]["y"] == [0.0], scalars["diverged"]  # the SDK sends NaN as 0 (Logger default)
    assert scalars["iterations"]["negative"]["x"] == [-5] and scalars["iterations"]["int64"]["x"] == [2 ** 40], scalars["iterations"]
    last = done.get_last_scalar_metrics()
    pairs = sum(len(v) for v in wide.values()) + len(odd) + 3
    assert sum(len(v) for v in last.values()) == pairs, sum(len(v) for v in last.values())
    assert last["损失 📉"]["ünïcode"]["last"] == 1.5 and last["a.b$c"]["x.y$z"]["max"] == 2.5, (last["损失 📉"], last["a.b$c"])
    assert done.get_last_iteration() == 2 ** 40, done.get_last_iteration()

    plots = {p["metric"] for p in done.get_reported_plots()}
    assert plots >= {"hist", "vector", "confusion", "scatter", "scatter3d", "surface", "lines"}, plots
    media = done.get_debug_samples("media", "audio")
    assert media and media[0]["url"].endswith(".wav"), media
    console = "\n".join(done.get_reported_console_output(number_of_reports=100))
    for expected in (long_line, "héllo wörld ✓ — 日本語", "\x1b[31mred\x1b[0m\ttabbed", "a warning"):
        assert expected in console, expected[:40]

    client = APIClient()
    unique = client.projects.get_unique_metric_variants(project=done.project).metrics
    names = {(m.metric, m.variant) for m in unique}
    assert ("损失 📉", "ünïcode") in names and ("many variants", "v149") in names and len(names) >= pairs, len(names)
    metrics = client.events.get_task_metrics(tasks=[task_id], event_type="training_stats_scalar").metrics[0]
    assert len(metrics["metrics"]) == len(wide) + len(odd) + 2, len(metrics["metrics"])
    return {"task": task_id, "pairs": pairs, "plots": len(plots)}


FLOWS = {name[len("flow_"):]: fn for name, fn in globals().items() if name.startswith("flow_")}


if __name__ == "__main__":
    sys.exit(run_flows(FLOWS, sys.argv[1:]))
