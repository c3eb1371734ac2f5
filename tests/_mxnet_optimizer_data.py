"""Replay the records of ``data/record_mxnet_optimizer.py`` with cysched.optimizer.

Every procedure here mirrors the recorder's line for line, with NumPy arrays
where it has MXNet's NDArrays.
"""
import base64
import functools
import hashlib
import json
import pathlib
import zlib

import numpy as np

from cysched import optimizer

DATA = pathlib.Path(__file__).resolve().parent / "data" / "mxnet_optimizer_trajectories.json"


@functools.lru_cache(maxsize=None)
def data():
    with open(DATA) as f:
        return json.load(f)


def unb64(text):
    return zlib.decompress(base64.b64decode(text))


def leaves(state):
    if state is None:
        return []
    if isinstance(state, (tuple, list)):
        return [leaf for part in state for leaf in leaves(part)]
    return [state]


def layout(state):
    if state is None:
        return None
    if isinstance(state, (tuple, list)):
        return [layout(part) for part in state]
    return np.dtype(state.dtype).name


def snapshot(weights, states):
    out = b""
    for weight, state in zip(weights, states):
        out += weight.tobytes()
        for leaf in leaves(state):
            out += leaf.tobytes()
    return out


def gradients(seed, scale, shapes, dtype, n_updates):
    rng = np.random.RandomState(seed)
    steps = []
    for _ in range(n_updates):
        steps.append([(rng.standard_normal(shape) * scale).astype(dtype) for shape in shapes])
    return steps


def grads_digest(steps):
    digest = hashlib.sha256()
    for step in steps:
        for grad in step:
            digest.update(grad.tobytes())
    return digest.hexdigest()


def build(setting, classes, schedulers):
    kwargs = dict(setting["kwargs"])
    schedule = setting["schedule"]
    if "class" in schedule:
        kwargs["lr_scheduler"] = getattr(schedulers, schedule["class"])(**schedule["kwargs"])
        kwargs.setdefault("learning_rate", None)
    else:
        kwargs["learning_rate"] = schedule["set_learning_rate"][0]
    if setting["param_idx2name"]:
        kwargs["param_idx2name"] = {i: n for i, n in setting["param_idx2name"]}
    opt = classes[setting["optimizer"]](**kwargs)
    if setting["lr_mult"]:
        opt.set_lr_mult({i: m for i, m in setting["lr_mult"]})
    if setting["wd_mult"]:
        opt.set_wd_mult({i: m for i, m in setting["wd_mult"]})
    return opt


def run(setting, classes, schedulers, n_updates):
    """The recorder's ``run``: (layouts, grads digest, bytes after every update)."""
    dtype = setting["dtype"]
    shapes = [tuple(s) for s in setting["shapes"]]
    init = [np.frombuffer(bytes.fromhex(h), dtype=dtype).reshape(s)
            for h, s in zip(setting["init"], shapes)]
    steps = gradients(setting["grad_seed"], setting["grad_scale"], shapes, dtype, n_updates)
    opt = build(setting, classes, schedulers)
    weights = [w.copy() for w in init]
    indices = list(range(len(weights)))
    driver = setting["driver"]
    lrs = setting["schedule"].get("set_learning_rate")
    updater = optimizer.get_updater(opt) if driver.startswith("updater") else None
    states = None if updater else [opt.create_state_multi_precision(i, w)
                                   for i, w in zip(indices, weights)]
    out = []
    for step, grads in enumerate(steps):
        if updater is not None and step == setting["pickle_at"]:
            blob = updater.get_states(dump_optimizer=True)
            updater = optimizer.get_updater(classes[setting["optimizer"]]())
            updater.set_states(blob)
        current = updater.optimizer if updater is not None else opt
        if lrs is not None:
            current.set_learning_rate(lrs[step])
        grads = [g.copy() for g in grads]
        if driver == "updater":
            updater(list(indices), grads, weights)
        elif driver == "updater_each":
            for i in indices:
                updater(i, grads[i], weights[i])
        elif driver == "update":
            for i in indices:
                current.update_multi_precision(i, weights[i], grads[i], states[i])
        else:
            current.update_multi_precision(list(indices), weights, grads, states)
        now = [updater.states[i] for i in indices] if updater is not None else states
        out.append(snapshot(weights, now))
    final_states = [updater.states[i] for i in indices] if updater is not None else states
    return [layout(s) for s in final_states], grads_digest(steps), out


def first_mismatch(expected, got, step_sizes):
    """(update number, byte offset within it) of the first difference."""
    offset = 0
    for step, size in enumerate(step_sizes):
        if expected[offset:offset + size] != got[offset:offset + size]:
            chunk_e, chunk_g = expected[offset:offset + size], got[offset:offset + size]
            at = next(i for i in range(size) if chunk_e[i:i + 1] != chunk_g[i:i + 1])
            return step + 1, at
        offset += size
    return None


def grid_arrays(dtype):
    seed = data()["seed"]
    shape = tuple(data()["grid_shape"])
    rng = np.random.RandomState(seed + ["float16", "float32", "float64"].index(dtype))
    return (rng.uniform(size=shape).astype(dtype), rng.uniform(size=shape).astype(dtype))


def run_grid(case, classes):
    weight0, grad0 = grid_arrays(case["dtype"])
    opt = classes[case["optimizer"]](**case["kwargs"])
    weight, grad = weight0.copy(), grad0.copy()
    state = opt.create_state_multi_precision(0, weight)
    opt.update_multi_precision(0, weight, grad, state)
    return layout(state), snapshot([weight], [state])


def run_api(expression, scope):
    """The recorder's ``run_api`` with cysched: outcome dict of the same form."""
    api_weight = np.frombuffer(bytes.fromhex(data()["api_weight"]), dtype=np.float32)
    api_grad = np.frombuffer(bytes.fromhex(data()["api_grad"]), dtype=np.float32)
    try:
        opt = eval(expression, dict(scope))
    except Exception as exc:  # noqa: BLE001 (compared with what MXNet raised)
        return {"phase": "construct", "error": type(exc).__name__, "message": str(exc)}
    weight = api_weight.copy()
    updater = optimizer.get_updater(opt)
    try:
        for _ in range(3):
            updater(0, api_grad.copy(), weight)
    except Exception as exc:  # noqa: BLE001
        return {"phase": "update", "error": type(exc).__name__, "message": str(exc)}
    return {"phase": "ok", "layout": layout(updater.states[0]),
            "result": snapshot([weight], [updater.states[0]]).hex()}


def same_outcome(mxnet, ours):
    """Whether cysched behaves as MXNet did: the same bits, or the same error when."""
    if mxnet["phase"] != ours["phase"]:
        return False
    if mxnet["phase"] == "ok":
        return mxnet["layout"] == ours["layout"] and mxnet["result"] == ours["result"]
    return mxnet["error"] == ours["error"]
