"""Record MXNet 1.9.1's optimizer updates for cysched's bit-for-bit tests.

Run with MXNet installed (``pip install mxnet==1.9.1 numpy==1.23.5``, Python 3.11)::

    python tests/data/record_mxnet_optimizer.py

and it rewrites ``mxnet_optimizer_trajectories.json`` beside this file, the
same bytes every time.  The tests replay every record against
``cysched.optimizer`` without MXNet.  Four sections:

``trajectories``
    Drawn settings: SGD, NAG and Adam x float16/32/64 x multi_precision, with
    momentum, weight decay, clipping, rescaling, lr/wd multipliers, a rate
    that changes on every update (an MXNet scheduler or ``set_learning_rate``),
    driven through ``get_updater`` (with a pickle round trip of the updater
    half way through), ``update_multi_precision`` or SGD's list update.  Each
    record holds the weights and every state array after every update.
``grid``
    One update for each option combination of MXNet's own ``test_sgd``,
    ``test_nag`` and ``test_adam`` (dense arrays).
``api``
    Constructor arguments, valid or not: what MXNet does with each (the
    result of three updates, or the exception and when it is raised), and a
    few calls on arrays of the wrong dtype or shape.
``custom``
    ``MomentumSGD`` below, an optimizer that overrides only ``create_state``
    and ``update``, trained through ``get_updater``; its source is recorded so
    the test can check it runs the same class.

Gradients come from ``numpy.random.RandomState(seed)``, whose stream NumPy
keeps frozen across versions; a SHA-256 of them is stored as a check.
"""
import base64
import hashlib
import inspect
import json
import math
import os
import random
import sys
import zlib
from decimal import Decimal  # noqa: F401 (used by API cases)
from fractions import Fraction  # noqa: F401 (used by API cases)

import numpy as np

import mxnet as mx
from mxnet import lr_scheduler, optimizer
from mxnet.optimizer import NAG, SGD, Adam, Optimizer  # noqa: F401 (used by API cases)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "mxnet_optimizer_trajectories.json")
SEED = 20240612
N_SETTINGS = 126
N_UPDATES = 200
DTYPES = ["float16", "float32", "float64"]


# -- The update()-only optimizer (the test holds the same class source) ----------------

zeros = mx.nd.zeros


class MomentumSGD(Optimizer):
    """Momentum SGD written the way MXNet users write optimizers: only
    ``create_state`` and ``update``, from ``_update_count``, ``_get_lr`` and
    ``_get_wd``."""

    def __init__(self, momentum=0.5, **kwargs):
        super(MomentumSGD, self).__init__(**kwargs)
        self.momentum = momentum

    def create_state(self, index, weight):
        return zeros(weight.shape, dtype=weight.dtype)

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr = self._get_lr(index)
        wd = self._get_wd(index)
        state[:] = state * self.momentum + grad * self.rescale_grad + weight * wd
        weight[:] = weight - state * lr


# -- Encoding ------------------------------------------------------------------------

def b64(data):
    return base64.b64encode(zlib.compress(data, 9)).decode("ascii")


def leaves(state):
    if state is None:
        return []
    if isinstance(state, (tuple, list)):
        return [leaf for part in state for leaf in leaves(part)]
    return [state]


def layout(state):
    """The state's structure: None, a dtype name, or a tuple of layouts."""
    if state is None:
        return None
    if isinstance(state, (tuple, list)):
        return [layout(part) for part in state]
    return np.dtype(state.dtype).name


def snapshot(weights, states):
    out = b""
    for weight, state in zip(weights, states):
        out += weight.asnumpy().tobytes()
        for leaf in leaves(state):
            out += leaf.asnumpy().tobytes()
    return out


def gradients(seed, scale, shapes, dtype, n_updates):
    """``n_updates`` lists of gradients, one per shape (float64 draws, then cast)."""
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


# -- Drawn settings ------------------------------------------------------------------

def loguniform(rng, low, high):
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def draw_schedule(rng, base_lr):
    kind = rng.choice(["factor", "multifactor", "poly", "cosine", "set_learning_rate"])
    if kind == "factor":
        return {"class": "FactorScheduler",
                "kwargs": {"step": 1, "factor": rng.uniform(0.97, 0.999), "base_lr": base_lr,
                           "stop_factor_lr": base_lr * 1e-3,
                           "warmup_steps": rng.choice([0, 0, 10]),
                           "warmup_begin_lr": base_lr * 0.1}}
    if kind == "multifactor":
        steps, at = [], 0
        while at < N_UPDATES + 10:
            at += rng.randint(1, 3)
            steps.append(at)
        return {"class": "MultiFactorScheduler",
                "kwargs": {"step": steps, "factor": rng.uniform(0.98, 0.999),
                           "base_lr": base_lr}}
    if kind == "poly":
        return {"class": "PolyScheduler",
                "kwargs": {"max_update": N_UPDATES + rng.randint(0, 50), "base_lr": base_lr,
                           "pwr": rng.choice([1, 2, rng.uniform(0.5, 3)]),
                           "final_lr": base_lr * rng.choice([0, 1e-3]),
                           "warmup_steps": rng.choice([0, 5, 20]),
                           "warmup_begin_lr": base_lr * 0.01,
                           "warmup_mode": "linear"}}
    if kind == "cosine":
        return {"class": "CosineScheduler",
                "kwargs": {"max_update": N_UPDATES + rng.randint(0, 50), "base_lr": base_lr,
                           "final_lr": base_lr * rng.choice([0, 1e-2]),
                           "warmup_steps": rng.choice([0, 10]),
                           "warmup_begin_lr": base_lr * 0.05,
                           "warmup_mode": "linear"}}
    return {"set_learning_rate": [loguniform(rng, base_lr * 0.1, base_lr * 2)
                                  for _ in range(N_UPDATES)]}


def draw_setting(k):
    """Setting ``k``: the optimizer, dtype and multi_precision cycle, the rest is drawn."""
    rng = random.Random(SEED * 1000 + k)
    name = ["sgd", "nag", "adam"][k % 3]
    dtype = DTYPES[(k // 3) % 3]
    kwargs = {"multi_precision": bool((k // 9) % 2)}
    half = dtype == "float16" and not kwargs["multi_precision"]
    base_lr = loguniform(rng, 1e-3, 0.3) if name != "adam" else loguniform(rng, 1e-4, 3e-2)
    if name in ("sgd", "nag"):
        kwargs["momentum"] = rng.choice([0.0, 0.9, rng.uniform(0.5, 0.99),
                                         rng.uniform(0.5, 0.99)])
    else:
        kwargs["beta1"] = rng.choice([0.9, rng.uniform(0.5, 0.99)])
        kwargs["beta2"] = rng.choice([0.999, rng.uniform(0.9, 0.9999)])
        kwargs["epsilon"] = (rng.choice([1e-3, loguniform(rng, 1e-4, 1e-2)]) if half
                             else rng.choice([1e-8, loguniform(rng, 1e-10, 1e-4)]))
    kwargs["wd"] = rng.choice([0.0, loguniform(rng, 1e-5, 0.1), loguniform(rng, 1e-5, 0.1)])
    kwargs["rescale_grad"] = rng.choice([1.0, loguniform(rng, 1e-2, 2.0)])
    kwargs["clip_gradient"] = rng.choice([None, None, rng.uniform(0.05, 3.0),
                                          rng.uniform(0.05, 3.0), 0.0, -1.0])
    if rng.random() < 0.2:
        kwargs["begin_num_update"] = rng.randint(1, 30)
    n_weights = rng.randint(1, 3)
    shapes = [[rng.randint(1, 4)] if rng.random() < 0.7 else [2, rng.randint(1, 2)]
              for _ in range(n_weights)]
    drivers = ["updater", "updater_each", "update"] + (["update_list"] if name == "sgd" else [])
    driver = rng.choice(drivers)
    schedule = draw_schedule(rng, base_lr)
    lr_mult, wd_mult, idx2name = [], [], []
    if rng.random() < 0.4:
        idx2name = [[i, rng.choice(["fc%d_weight" % i, "fc%d_bias" % i, "bn%d_gamma" % i])]
                    for i in range(n_weights)]
    if rng.random() < 0.4:
        lr_mult = [[i, rng.choice([0.5, 2.0, rng.uniform(0.1, 3.0)])]
                   for i in range(n_weights) if rng.random() < 0.6]
    if rng.random() < 0.4:
        wd_mult = [[i, rng.choice([0.0, 0.5, rng.uniform(0.1, 3.0)])]
                   for i in range(n_weights) if rng.random() < 0.6]
    init_rng = np.random.RandomState(SEED + k)
    init = [(init_rng.standard_normal(shape) * rng.choice([0.1, 1.0, 3.0])).astype(dtype)
            for shape in shapes]
    return {
        "optimizer": name, "dtype": dtype, "kwargs": kwargs, "schedule": schedule,
        "shapes": shapes, "driver": driver,
        "pickle_at": N_UPDATES // 2 if driver.startswith("updater") else None,
        "param_idx2name": idx2name, "lr_mult": lr_mult, "wd_mult": wd_mult,
        "grad_seed": SEED + 7919 * k, "grad_scale": loguniform(rng, 0.01, 5.0),
        "init": [w.tobytes().hex() for w in init],
    }


CLASSES = {"sgd": SGD, "nag": NAG, "adam": Adam, "momentumsgd": MomentumSGD}


def build(setting):
    kwargs = dict(setting["kwargs"])
    schedule = setting["schedule"]
    if "class" in schedule:
        kwargs["lr_scheduler"] = getattr(lr_scheduler, schedule["class"])(**schedule["kwargs"])
        kwargs.setdefault("learning_rate", None)
    else:
        kwargs["learning_rate"] = schedule["set_learning_rate"][0]
    if setting["param_idx2name"]:
        kwargs["param_idx2name"] = {i: n for i, n in setting["param_idx2name"]}
    opt = CLASSES[setting["optimizer"]](**kwargs)
    if setting["lr_mult"]:
        opt.set_lr_mult({i: m for i, m in setting["lr_mult"]})
    if setting["wd_mult"]:
        opt.set_wd_mult({i: m for i, m in setting["wd_mult"]})
    return opt


def run(setting):
    """Train as the setting says; the bytes of weights and states after every update."""
    dtype = setting["dtype"]
    shapes = [tuple(s) for s in setting["shapes"]]
    init = [np.frombuffer(bytes.fromhex(h), dtype=dtype).reshape(s)
            for h, s in zip(setting["init"], shapes)]
    steps = gradients(setting["grad_seed"], setting["grad_scale"], shapes, dtype, N_UPDATES)
    opt = build(setting)
    weights = [mx.nd.array(w, dtype=dtype) for w in init]
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
            updater = optimizer.get_updater(CLASSES[setting["optimizer"]]())
            updater.set_states(blob)
        current = updater.optimizer if updater is not None else opt
        if lrs is not None:
            current.set_learning_rate(lrs[step])
        grads = [mx.nd.array(g, dtype=dtype) for g in grads]
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
    return {"layout": [layout(s) for s in final_states], "grads_sha256": grads_digest(steps),
            "trajectory": b64(b"".join(out))}


# -- MXNet's own unit-test grid (test_sgd, test_nag, test_adam; dense) -----------------

GRID_SHAPE = (2, 3)


def grid_cases():
    cases = []
    cg = [{}, {"clip_gradient": 0.4}, {"clip_gradient": 0.5}]
    rg = [{}, {"rescale_grad": 0.14}, {"rescale_grad": 0.8}]
    wd = [{}, {"wd": 0.03}, {"wd": 0.05}, {"wd": 0.07}]
    mp = [{}, {"multi_precision": False}, {"multi_precision": True}]
    for name in ("sgd", "nag", "adam"):
        moms = [{}, {"momentum": 0.9}] if name != "adam" else [{}]
        for dtype in DTYPES:
            for parts in [(a, b, c, d, e) for a in moms for b in cg for c in rg for d in wd
                          for e in mp]:
                kwargs = {k: v for part in parts for k, v in part.items()}
                if dtype == "float16" and not kwargs.get("multi_precision"):
                    continue
                cases.append({"optimizer": name, "dtype": dtype, "kwargs": kwargs})
    return cases


def grid_arrays(dtype):
    rng = np.random.RandomState(SEED + DTYPES.index(dtype))
    return (rng.uniform(size=GRID_SHAPE).astype(dtype),
            rng.uniform(size=GRID_SHAPE).astype(dtype))


def run_grid(case):
    weight0, grad0 = grid_arrays(case["dtype"])
    opt = CLASSES[case["optimizer"]](**case["kwargs"])
    weight = mx.nd.array(weight0, dtype=case["dtype"])
    grad = mx.nd.array(grad0, dtype=case["dtype"])
    state = opt.create_state_multi_precision(0, weight)
    opt.update_multi_precision(0, weight, grad, state)
    return {"layout": layout(state), "result": b64(snapshot([weight], [state]))}


# -- API cases ---------------------------------------------------------------------------

API_CASES = [
    "SGD(momentum=0.9, wd=0.01, clip_gradient=1.0, rescale_grad=0.5)",
    "SGD(momentum=-0.5)", "NAG(momentum=-0.5)", "SGD(momentum=1.5)", "NAG(momentum=1.5)",
    "SGD(momentum=None)", "SGD(momentum='0.9')",
    "Adam(beta1=1.0)", "Adam(beta1=-1.0)", "Adam(beta1=1.5)", "Adam(beta1=-0.5)",
    "Adam(beta2=1.0)", "Adam(beta2=1.5)", "Adam(beta2=-0.1)", "Adam(beta2=-1.5)",
    "Adam(epsilon=-1e-8)", "Adam(epsilon=0)",
    "SGD(wd=None)", "NAG(wd=None)", "Adam(wd=None)", "SGD(wd=float('nan'))",
    "NAG(wd=float('nan'))", "SGD(wd=-0.1)", "SGD(wd=1e-50)", "NAG(wd=1e-50)",
    "SGD(learning_rate=True)", "SGD(learning_rate='fast')", "SGD(learning_rate=float('inf'))",
    "NAG(learning_rate=float('nan'))", "SGD(learning_rate=-0.1)", "SGD(learning_rate=0)",
    "SGD(learning_rate=1e-50)", "NAG(learning_rate=1e-50)", "SGD(learning_rate=1e50)",
    "SGD(learning_rate=1)",
    "SGD(begin_num_update=1.5)", "SGD(begin_num_update=-2)", "Adam(begin_num_update=-2)",
    "Adam(begin_num_update=2.5)", "Adam(begin_num_update=-0.5)",
    "SGD(lr_scheduler=0.1)", "SGD(lr_scheduler=lambda n: 0.5 / n)",
    "SGD(learning_rate=0.1, lr_scheduler=lambda n: 0.5)",
    "SGD(lr_scheduler=lr_scheduler.FactorScheduler(step=1, factor=0.5), learning_rate=0.3)",
    "SGD(rescale_grad=None)", "SGD(rescale_grad=0)", "SGD(rescale_grad=-1.0)",
    "SGD(rescale_grad=True)",
    "SGD(clip_gradient=-1.0)", "SGD(clip_gradient=0)", "SGD(clip_gradient='big')",
    "SGD(clip_gradient=True)", "Adam(clip_gradient=0.5)", "NAG(clip_gradient=0.25, momentum=0.9)",
    "SGD(param_idx2name=[(0, 'w')])", "SGD(sym=object())",
    "SGD(multi_precision=True)", "NAG(multi_precision=True, momentum=0.5)",
    "Adam(multi_precision=True)", "Optimizer()",
    "SGD(begin_num_update=None)", "SGD(begin_num_update=True)",
    "SGD(begin_num_update=float('nan'))", "Adam(begin_num_update=float('nan'))",
    # the rate exactly half way between two float32 values, as a float64: its
    # decimal string rounds up, the float64 itself would tie to even
    "SGD(learning_rate=1.0000000596046448)", "NAG(learning_rate=1.0000000596046448)",
    # a long decimal: dmlc-core's parser is not correctly rounded
    "NAG(learning_rate=1.2345678901234567e-05)", "Adam(epsilon=1.2345678901234567e-05)",
    # Python number types other than float and int
    "SGD(learning_rate=Decimal('0.25'))", "NAG(learning_rate=Decimal('0.25'))",
    "SGD(wd=Fraction(1, 100))", "NAG(wd=Fraction(1, 100))",
    "SGD(learning_rate=np.float32(0.1))",
    # calls on arrays (``array`` is mx.nd.array here, numpy.array in the tests)
    "SGD().update(0, array([1.0], dtype='float32'), array([1.0], dtype='float64'), None)",
    "SGD().update(0, array([1.0, 2.0]), array([1.0]), None)",
    "SGD().update(0, array([1], dtype='int32'), array([1], dtype='int32'), None)",
    "NAG().update([0, 1], [array([1.0]), array([2.0])], [array([1.0]), array([1.0])],"
    " [None, None])",
]
API_WEIGHT = np.array([0.5, -1.0, 2.0], dtype=np.float32)
API_GRAD = np.array([1.0, -2.0, 0.5], dtype=np.float32)


def first_line(exc):
    lines = str(exc).splitlines()
    return lines[0][:200] if lines else ""


def run_api(expression):
    """Three updates through get_updater: the result, or the error and its phase."""
    try:
        opt = eval(expression, dict(globals(), array=mx.nd.array))
        mx.nd.waitall()
    except Exception as exc:  # noqa: BLE001 (recording whatever MXNet raises)
        return {"phase": "construct", "error": type(exc).__name__,
                "message": first_line(exc)}
    if not isinstance(opt, Optimizer):
        return {"phase": "ok", "layout": None, "result": ""}
    weight = mx.nd.array(API_WEIGHT)
    updater = optimizer.get_updater(opt)
    try:
        for _ in range(3):
            updater(0, mx.nd.array(API_GRAD), weight)
        weight.wait_to_read()
    except Exception as exc:  # noqa: BLE001
        return {"phase": "update", "error": type(exc).__name__,
                "message": first_line(exc)}
    return {"phase": "ok", "layout": layout(updater.states[0]),
            "result": snapshot([weight], [updater.states[0]]).hex()}


# -- MXNet's own test_learning_rate and lr/wd multiplier facts ----------------------------

def learning_rate_facts():
    facts = {}
    o1 = Optimizer(learning_rate=0.01)
    o1.set_learning_rate(0.2)
    facts["set_learning_rate"] = o1.learning_rate
    o2 = Optimizer(lr_scheduler=lr_scheduler.FactorScheduler(step=1), learning_rate=0.3)
    facts["learning_rate_overwrites_base_lr"] = o2.learning_rate
    o2.lr_scheduler.base_lr = 0.4
    facts["base_lr_write_is_seen"] = o2.learning_rate
    o3 = Optimizer(lr_scheduler=lr_scheduler.FactorScheduler(step=1, base_lr=1024))
    facts["scheduler_base_lr_kept"] = o3.learning_rate
    try:
        o2.set_learning_rate(0.5)
        facts["set_learning_rate_with_scheduler"] = "no error"
    except UserWarning as exc:
        facts["set_learning_rate_with_scheduler"] = "UserWarning: " + str(exc)
    # lr_mult 0 freezes a weight; wd_mult by name (MXNet's test_lr_wd_mult, without a Symbol)
    names = {0: "fc1_weight", 1: "fc1_bias", 2: "fc2_weight", 3: "fc2_bias"}
    opt = SGD(learning_rate=1.0, wd=0.1, param_idx2name=names)
    opt.set_lr_mult({"fc1_weight": 0.0, "fc1_bias": 1.0})
    opt.set_wd_mult({"fc2_bias": 0.5, "fc2_weight": 0.5})
    facts["lr_mult"] = sorted(opt.lr_mult.items())
    facts["wd_mult"] = sorted(opt.wd_mult.items())
    rng = np.random.RandomState(SEED)
    weights = [mx.nd.array(rng.uniform(-1, 1, size=3).astype("float32")) for _ in names]
    grads = [mx.nd.array(rng.uniform(-1, 1, size=3).astype("float32")) for _ in names]
    before = b"".join(w.asnumpy().tobytes() for w in weights)
    optimizer.get_updater(opt)(list(names), grads, weights)
    facts["lr_wd_mult_before"] = before.hex()
    facts["lr_wd_mult_after"] = b"".join(w.asnumpy().tobytes() for w in weights).hex()
    facts["lr_wd_mult_grads"] = b"".join(g.asnumpy().tobytes() for g in grads).hex()
    return facts


# -- The update()-only subclass --------------------------------------------------------

def custom_settings():
    out = []
    for k, (dtype, mp) in enumerate([("float32", False), ("float64", False),
                                     ("float16", True), ("float16", False),
                                     ("float32", True)]):
        out.append({
            "optimizer": "momentumsgd", "dtype": dtype,
            "kwargs": {"momentum": [0.5, 0.75][k % 2], "wd": 2.0 ** -6, "rescale_grad": 0.25,
                       "multi_precision": mp},
            "schedule": {"class": "MultiFactorScheduler",
                         "kwargs": {"step": [20, 50, 90, 140], "factor": 0.5, "base_lr": 0.5}},
            "shapes": [[3], [2, 2]], "driver": ["updater", "updater_each"][k % 2],
            "pickle_at": N_UPDATES // 2,
            "param_idx2name": [[0, "fc_weight"], [1, "fc_bias"]],
            "lr_mult": [[1, 0.5]], "wd_mult": [],
            "grad_seed": SEED + 104729 * (k + 1), "grad_scale": 0.5,
            "init": [np.random.RandomState(SEED - k).standard_normal(s).astype(dtype)
                     .tobytes().hex() for s in ([3], [2, 2])],
        })
    return out


def main():
    if mx.__version__ != "1.9.1":
        sys.exit("record with MXNet 1.9.1, found %s" % mx.__version__)
    settings = [draw_setting(k) for k in range(N_SETTINGS)]
    for setting in settings:
        setting.update(run(setting))
    grid = grid_cases()
    for case in grid:
        case.update(run_grid(case))
    custom = custom_settings()
    for setting in custom:
        setting.update(run(setting))
    data = {
        "mxnet": mx.__version__, "numpy": np.__version__, "seed": SEED,
        "n_updates": N_UPDATES, "grid_shape": list(GRID_SHAPE),
        "api_weight": API_WEIGHT.tobytes().hex(), "api_grad": API_GRAD.tobytes().hex(),
        "trajectories": settings,
        "grid": grid,
        "api": [dict(expression=e, **run_api(e)) for e in API_CASES],
        "learning_rate_facts": learning_rate_facts(),
        "custom": custom,
        "custom_source": inspect.getsource(MomentumSGD),
    }
    with open(OUT, "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
        f.write("\n")
    print("wrote %s: %d settings x %d updates, %d grid cases, %d API cases, %d bytes"
          % (OUT, len(settings), N_UPDATES, len(grid), len(API_CASES), os.path.getsize(OUT)))


if __name__ == "__main__":
    main()
