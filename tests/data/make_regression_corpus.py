"""Record the regression corpus: what the installed build answers, scenario by scenario.

    python tests/data/make_regression_corpus.py      # writes regression_corpus.json

Run it in an environment where cysched is installed WITH the compiled
extension.  It draws scenarios (seeded ``random.Random``, one per class, so the
draw is the same on every run), runs each on the compiled classes and on the
pure-Python twins, checks that they agree and writes the answers to
``tests/data/regression_corpus.json``.  Where both raise the same exception
type with different messages only the type is recorded (and the case is listed
under ``"message_flags"``); any other disagreement is listed under
``"disagreements"`` and printed, and the script exits with status 1.

Only this script imports the implementation modules by name; the corpus and
its replay (``tests/_corpus.py``, ``tests/test_regression_corpus.py``) name
classes only.  Format: ``tests/data/README.md``.
"""
import argparse
import importlib
import json
import pathlib
import platform
import random
import subprocess
import sys
import time
import types

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import _corpus  # noqa: E402

NAN = float("nan")
INF = float("inf")

MXNET = ["LRScheduler", "FactorScheduler", "MultiFactorScheduler", "PolyScheduler",
         "CosineScheduler"]
FAMILIES = ["Schedule", "ConstantScheduler", "LinearScheduler", "PolynomialScheduler",
            "ExponentialScheduler",
            "InverseSqrtScheduler", "OneCycleScheduler", "CyclicScheduler",
            "CosineRestartScheduler", "WarmupStableDecayScheduler", "PiecewiseScheduler",
            "PlateauScheduler", "Warmup", "SequentialScheduler", "ProductScheduler"]

#: Scenarios drawn per class (hand-written ones come on top).
COUNTS = dict({name: 145 for name in FAMILIES}, LRScheduler=90, Schedule=20,
              FactorScheduler=190, MultiFactorScheduler=175, PolyScheduler=175,
              CosineScheduler=175, PlateauScheduler=160, Warmup=150,
              SequentialScheduler=150, ProductScheduler=150)


# -- spec values ----------------------------------------------------------------------

def J(value):
    """A Python input value as spec JSON (see ``_corpus.decode``)."""
    if isinstance(value, float) and value != value:
        return {"float": "nan"}
    if isinstance(value, float) and value in (INF, -INF):
        return {"float": "inf" if value > 0 else "-inf"}
    if isinstance(value, tuple):
        return {"tuple": [J(v) for v in value]}
    if isinstance(value, list):
        return [J(v) for v in value]
    return value     # numbers, strings, None, and dicts that are specs already


def P(cls, *args, **kwargs):
    """A part spec: ``cls(*args, **kwargs)``."""
    spec = {"class": cls}
    if args:
        spec["args"] = [J(a) for a in args]
    spec["kwargs"] = {k: J(v) for k, v in kwargs.items()}
    return spec


def PY(name):
    return {"python": name}


def NP(dtype, value):
    return {"np": dtype, "value": J(value)}


def ARR(dtype, values):
    return {"ndarray": dtype, "values": J(values)}


# -- value pools ----------------------------------------------------------------------

LR_FIXED = [0, 1, 0.5, 0.1, 0.01, 1e-3, 2, 0.25, 3, 1.5, 0.3, 5e-324, 1e-300, 1.0, 0.0]
LR_ODD = [-0.5, -1, NAN, INF, -INF, "0.1", None, [0.1], True, False, 1e300, 10 ** 400,
          2 ** 63, -0.0, (0.1,), -5e-324, NP("float64", 0.5)]
COUNT_ODD = [-1, -5, 2 ** 53, 2 ** 53 + 1, 1.0, 2.5, True, False, "5", None, NAN, INF,
             10 ** 30, -0.0, NP("int64", 7)]
MODE_ODD = ["bogus", "", "LINEAR", None, 1, True, ["linear"]]
SET_ODD = ["x", None, [1], NAN, INF, -1, True, False, 0, 2 ** 60, -0.5, 2.5, (3, 4),
           PY("inverse"), 10 ** 400, 1e-300]
BIG_UPDATES = [10 ** 6, 10 ** 9, 2 ** 40, 2 ** 53 - 1, 2 ** 53, float(2 ** 53), 1e15,
               123456789.5, 2 ** 52 + 0.5, 4503599627370497]
ODD_UPDATES = [-1, -0.5, -0.0, NAN, INF, -INF, "7", None, True, False, 2 ** 53 + 1,
               10 ** 20, [1], NP("int64", 5), NP("float64", 2.5), NP("float32", 0.5),
               1e-300, 5e-324, 0, 0.0, 2 ** 53 + 2.0, -(2 ** 70), "", (1,)]
METRIC_ODD = [NAN, INF, -INF, "m", None, True, 1, NP("float64", 0.5), [1], -0.0]


def u(r, low, high):
    """A uniform draw, most often rounded to a few decimals (shorter in the corpus)."""
    x = r.uniform(low, high)
    return round(x, r.choice([1, 2, 3, 4])) if r.random() < 0.75 else x


def lr_good(r):
    k = r.random()
    if k < 0.45:
        return r.choice(LR_FIXED)
    if k < 0.85:
        return u(r, 0, 2)
    return r.randint(0, 3)


def small_lr(r):
    return r.choice([0, 0.0, 1e-3, 1e-8, 5e-324, 0.01, u(r, 0, 0.05), 1e-300])


def count(r, hi, fixed=(0, 1, 2, 3, 5, 10)):
    return r.choice(fixed) if r.random() < 0.4 else r.randint(0, hi)


def choice(options):
    return lambda r: r.choice(options)


def warm_steps(r):
    return r.choice([0, 0, 0, 1, 2, 5, 10, r.randint(0, 60), r.randint(0, 200)])


MX_WARMUP = [
    ("base_lr", lr_good, LR_ODD),
    ("warmup_steps", warm_steps, COUNT_ODD),
    ("warmup_begin_lr", lambda r: r.choice([0, 0, 0.0, 1e-3, u(r, 0, 0.5), 1]), LR_ODD),
    ("warmup_mode", choice(["linear", "linear", "constant"]),
     MODE_ODD + ["cosine", "exponential"]),
]
FAM_WARMUP = [
    ("base_lr", lr_good, LR_ODD),
    ("warmup_steps", warm_steps, COUNT_ODD),
    ("warmup_begin_lr", lambda r: r.choice([0, 0, 0.0, 1e-3, u(r, 0, 0.5), 1]), LR_ODD),
    ("warmup_mode", choice(["linear", "constant", "cosine", "exponential"]),
     MODE_ODD + ["exp"]),
]


def factor_good(r):
    return r.choice([1, 0.5, 0.9, 0.1, 0, 0.99, u(r, 0.05, 0.95), u(r, 0.05, 0.95),
                     1.0, 0.75])


def steps_good(r):
    k = r.random()
    size = r.randint(1, 5)
    if k < 0.8:
        return sorted(r.sample(range(1, 2000), size))
    if k < 0.9:
        return sorted(r.sample(range(1, 60), size))
    return sorted({round(u(r, 1, 500), 2) for _ in range(size)})


def piecewise_bounds(r):
    size = r.randint(0, 5)
    if r.random() < 0.7:
        return sorted(r.sample(range(-5, 400), size))
    return sorted({round(u(r, -5, 400), 3) for _ in range(size)})


def horizon_good(r):
    return r.choice([1, 10, 100, 1000, r.randint(1, 2000), r.randint(1, 50)])


def lr_list(r, size):
    return [lr_good(r) for _ in range(size)]


def milestones_good(r, size):
    return sorted(r.sample(range(1, 300), size))


#: class -> [(argument, good value, odd values)], required arguments first.
TABLES = {
    "LRScheduler": MX_WARMUP,
    "FactorScheduler": [
        ("step", lambda r: r.choice([1, 2, 3, 10, 100, 250, r.randint(1, 300), r.randint(1, 30),
                                     u(r, 1, 300), 1.5, 2.0, 4.0, 0.5 + r.randint(1, 9)]),
         [0, -1, 0.5, NAN, INF, "10", None, True, 2 ** 53, 2 ** 60, 1e300, [10], 10 ** 400]),
        ("factor", factor_good, [1.5, -1, NAN, INF, "0.5", None, True, 2, -0.5, 1e300]),
        ("stop_factor_lr", lambda r: r.choice([1e-8, 0, 1e-3, 0.05, 5e-324, 1e-300,
                                               u(r, 0, 0.01), 0.5, 1]), LR_ODD),
    ] + MX_WARMUP,
    "MultiFactorScheduler": [
        ("step", steps_good, [[], [0], [5, 5], [10, 5], "10", 10, (10, 20), [True, 5], [NAN],
                              [2 ** 60], None, [10, "20"], [-1, 5], [INF], [1.5, 3]]),
        ("factor", factor_good, [1.5, -1, NAN, INF, "0.5", None, True, 2]),
    ] + MX_WARMUP,
    "PolyScheduler": [
        ("max_update", horizon_good,
         [0, -1, 1.5, "10", None, True, 2 ** 53, 2 ** 53 + 1, NAN, 10.0, 2 ** 70]),
        ("pwr", lambda r: r.choice([2, 1, 0, 3, 0.5, -1, -2, u(r, -1, 4), r.randint(-2, 4),
                                    2.0, 1e-300]),
         [NAN, INF, "2", None, True, 1e300, 10 ** 400, 2 ** 60]),
        ("final_lr", lr_good, LR_ODD),
    ] + MX_WARMUP,
    "CosineScheduler": [
        ("max_update", horizon_good,
         [0, -1, 1.5, "10", None, True, 2 ** 53, 2 ** 53 + 1, NAN, 10.0, 2 ** 70]),
        ("final_lr", lr_good, LR_ODD),
    ] + MX_WARMUP,
    "Schedule": [],
    "ConstantScheduler": FAM_WARMUP,
    "LinearScheduler": [
        ("max_update", lambda r: r.choice([1, 10, 100, r.randint(1, 400), 2 ** 53]),
         [0, -1, 1.5, "10", None, True, 2 ** 53 + 1, NAN, 10.0]),
        ("final_lr", lr_good, LR_ODD),
    ] + FAM_WARMUP,
    "PolynomialScheduler": [
        ("max_update", lambda r: r.choice([1, 10, 100, r.randint(1, 400), 2 ** 53]),
         [0, -1, 1.5, "10", None, True, 2 ** 53 + 1, NAN, 10.0]),
        ("final_lr", lr_good, LR_ODD),
        ("power", lambda r: r.choice([1.0, 2.0, 0.5, u(r, 0.01, 8)]), [0, -1, NAN, "2", None]),
    ] + FAM_WARMUP,
    "ExponentialScheduler": [
        ("gamma", lambda r: r.choice([0.5, 0.9, 1, 0.99, u(r, 0.01, 1), 1.0, 5e-324]),
         [0, 1.5, -0.5, NAN, "0.9", None, True, 2, INF]),
        ("step", lambda r: r.choice([1, 2, 10, r.randint(1, 20), 2 ** 53]),
         [0, -1, 1.5, True, None, "2", 2 ** 53 + 1, NAN]),
        ("staircase", choice([True, False, 0, 1]), [2, "yes", None, 1.0, -1, NAN]),
        ("final_lr", small_lr, LR_ODD),
    ] + FAM_WARMUP,
    "InverseSqrtScheduler": [
        ("timescale", lambda r: r.choice([None, 1, 10, 100, r.randint(1, 200), 2 ** 53]),
         [0, -1, 1.5, "10", True, 2 ** 53 + 1, NAN]),
    ] + FAM_WARMUP,
    "OneCycleScheduler": [
        ("max_lr", lr_good, LR_ODD),
        ("total_steps", lambda r: r.choice([1, 2, 3, 100, r.randint(1, 400), r.randint(1, 20)]),
         [0, -1, 1.5, "100", None, True, 2 ** 53, 2 ** 53 + 1]),
        ("pct_start", lambda r: r.choice([0.3, 0, 0.5, 1, 1.0, u(r, 0, 1), 0.25, 0.0]),
         [-0.1, 1.5, NAN, "0.3", None, INF]),
        ("anneal_strategy", choice(["cos", "linear"]), MODE_ODD + ["cosine"]),
        ("div_factor", lambda r: r.choice([25.0, 1, 4.0, u(r, 0.5, 100), 10, 1e-300]),
         [0, -1, NAN, INF, "25", None, -0.0]),
        ("final_div_factor", lambda r: r.choice([1e4, 1, 2.0, u(r, 0.5, 1e4), 1e300]),
         [0, -1, NAN, INF, "1e4", None]),
        ("three_phase", choice([True, False, 0, 1]), [2, "yes", None, 1.0]),
    ],
    "CyclicScheduler": [
        ("base_lr", lambda r: r.choice([0, 0.01, 0.001, u(r, 0, 0.5), 1]), LR_ODD),
        ("max_lr", lambda r: r.choice([0.1, 1, 0.01, u(r, 0, 2), 2]), LR_ODD),
        ("step_size_up", lambda r: r.choice([2000, 1, 2, 5, r.randint(1, 50), u(r, 1, 50),
                                             10.5, 2 ** 53]),
         [0, 0.5, -1, NAN, INF, "2", None, 2 ** 53 + 1, True]),
        ("step_size_down", lambda r: r.choice([None, 1, 3, r.randint(1, 50), u(r, 1, 50)]),
         [0, 0.5, "x", NAN, -1, True]),
        ("mode", choice(["triangular", "triangular2", "exp_range"]), MODE_ODD),
        ("gamma", lambda r: r.choice([1.0, 0.99, 0.9, u(r, 0.9, 1), 1, 0.5]),
         [0, 1.5, NAN, "1", None, -0.5]),
    ],
    "CosineRestartScheduler": [
        ("cycle_length", lambda r: r.choice([1, 2, 4, 10, r.randint(1, 60), 2 ** 53]),
         [0, -1, 1.5, "10", None, True, 2 ** 53 + 1]),
        ("final_lr", small_lr, LR_ODD),
        ("cycle_mult", lambda r: r.choice([1, 2, 3, 1.5, u(r, 1, 4), 1.0, 1.0000001]),
         [0.5, 0, -1, NAN, INF, "2", None]),
        ("peak_decay", lambda r: r.choice([1.0, 0.5, 0.9, u(r, 0.1, 1), 1, 5e-324]),
         [0, 1.5, NAN, "1", None, -0.5]),
    ] + FAM_WARMUP,
    "WarmupStableDecayScheduler": [
        ("max_update", lambda r: r.choice([1, 10, 100, r.randint(1, 400), r.randint(50, 400)]),
         [0, -1, 1.5, "10", None, True, 2 ** 53 + 1]),
        ("final_lr", small_lr, LR_ODD),
        ("decay_steps", lambda r: r.choice([None, None, 0, 10, 20, r.randint(0, 200)]),
         [-1, 1.5, "10", True, NAN]),
        ("decay_fraction", lambda r: r.choice([None, None, 0.1, 0.2, 0, 1, u(r, 0, 1)]),
         [-0.1, 1.5, NAN, "0.1", True, INF]),
        ("decay_mode", choice(["linear", "cosine", "1-sqrt"]), MODE_ODD + ["sqrt"]),
    ] + FAM_WARMUP,
    "PiecewiseScheduler": [
        ("boundaries", piecewise_bounds,
         ["10", 10, None, [5, 5], [10, 5], [NAN], [INF], [2 ** 60], ["a"], [True, 5],
          (1, 2), [-(2 ** 54)]]),
        ("values", lambda r: lr_list(r, r.randint(1, 6)),
         [[], [-1], ["x"], None, [NAN], 0.5, "0.5", [INF], (0.1, 0.2)]),
        ("interpolate", choice(["constant", "linear", "cosine"]), MODE_ODD + ["cos"]),
    ],
    "PlateauScheduler": [
        ("schedule", None, [5, "x", [PY("inverse")], 0.1]),
        ("mode", choice(["min", "max"]), MODE_ODD),
        ("factor", lambda r: r.choice([0.1, 0.5, 0, u(r, 0, 0.99), 0.0]),
         [1, 1.5, -0.1, NAN, "0.1", None]),
        ("patience", lambda r: r.choice([10, 0, 1, 2, 3, r.randint(0, 5)]), COUNT_ODD),
        ("threshold", lambda r: r.choice([1e-4, 0, 0.1, u(r, 0, 0.5), 1]),
         [-0.1, NAN, INF, "0", None]),
        ("threshold_mode", choice(["rel", "abs"]), MODE_ODD),
        ("cooldown", lambda r: r.choice([0, 0, 1, 2, 3]), COUNT_ODD),
        ("final_lr", small_lr, LR_ODD),
        ("base_lr", lambda r: r.choice([None, None, lr_good(r)]), LR_ODD),
    ],
    "Warmup": [
        ("schedule", None, [None, 5, "x", [PY("inverse")]]),
        ("warmup_steps", lambda r: r.choice([0, 1, 5, 10, r.randint(0, 60)]), COUNT_ODD),
        ("warmup_begin_lr", lambda r: r.choice([0, 1e-3, 0.01, u(r, 0, 0.5), 1]), LR_ODD),
        ("warmup_mode", choice(["linear", "constant", "cosine", "exponential"]), MODE_ODD),
        ("prefix", choice([True, True, False, 0, 1]), [2, "yes", None, 1.0]),
    ],
}
REQUIRED = {"FactorScheduler": 1, "MultiFactorScheduler": 1, "PolyScheduler": 1,
            "CosineScheduler": 1, "LinearScheduler": 1, "PolynomialScheduler": 1,
            "ExponentialScheduler": 1,
            "OneCycleScheduler": 2, "CyclicScheduler": 2, "CosineRestartScheduler": 1,
            "WarmupStableDecayScheduler": 1, "PiecewiseScheduler": 2, "Warmup": 2}

#: Attributes an op may write or read, beyond the constructor's arguments.
EXTRA_ATTRS = {
    "LRScheduler": ["warmup_final_lr", "foo"],
    "FactorScheduler": ["count", "warmup_final_lr", "foo"],
    "MultiFactorScheduler": ["count", "cur_step_ind", "warmup_final_lr", "foo"],
    "PolyScheduler": ["power", "base_lr_orig", "max_steps", "warmup_final_lr", "foo"],
    "CosineScheduler": ["base_lr_orig", "max_steps", "warmup_final_lr", "foo"],
    "PlateauScheduler": ["scale", "best", "num_bad_epochs", "cooldown_counter",
                         "num_records", "foo"],
    "SequentialScheduler": ["schedules", "milestones", "base_lr", "foo"],
    "ProductScheduler": ["schedules", "base_lr", "foo"],
    "Schedule": ["base_lr", "foo"],
}
EXTRA_GOOD = {
    "count": lambda r: r.choice([0, 10, 250, 1.5, r.randint(0, 1000)]),
    "cur_step_ind": lambda r: r.choice([0, 1, 2, 5]),
    "warmup_final_lr": lr_good,
    "power": lambda r: r.choice([1, 2, 0.5, -1]),
    "base_lr_orig": lr_good,
    "max_steps": lambda r: r.choice([1, 10, 100, 0, -5, 2.5]),
    "scale": lambda r: r.choice([1.0, 0.5, 0.1, 0, 2]),
    "best": lambda r: r.choice([INF, -INF, 0.5, 1, -3.0, NAN]),
    "num_bad_epochs": lambda r: r.choice([0, 1, 5]),
    "cooldown_counter": lambda r: r.choice([0, 1, 3]),
    "num_records": lambda r: r.choice([0, 7]),
    "milestones": lambda r: r.choice([[10], [5, 50], [100], [], [1, 2, 3]]),
    "foo": lambda r: r.choice([1, "bar", None]),
    "base_lr": lr_good,
}


# -- drawing scenarios ------------------------------------------------------------------

def draw_kwargs(r, name, p_odd, p_omit=0.35, p_missing=0.02):
    kwargs = {}
    table = TABLES[name]
    required = REQUIRED.get(name, 0)
    for i, (arg, good, odd) in enumerate(table):
        if good is None:
            continue           # a part: the composite's drawer fills it in
        roll = r.random()
        if i < required:
            if roll < p_missing:
                continue       # a missing required argument
        elif roll < p_omit:
            continue
        kwargs[arg] = r.choice(odd) if r.random() < p_odd else good(r)
    fix(r, name, kwargs)
    return kwargs


def _num(v):
    return type(v) in (int, float) and v == v and abs(v) < 1e9


def fix(r, name, kw):
    """Mostly make drawn arguments consistent, so that most scenarios construct."""
    if r.random() < 0.15:
        return
    b, w = kw.get("base_lr", 0.01), kw.get("warmup_begin_lr", 0)
    if "warmup_begin_lr" in kw and _num(b) and _num(w) and w > b:
        kw["warmup_begin_lr"] = b * r.choice([0, 0.5, 1, r.random()])
    if kw.get("warmup_mode") == "exponential" and kw.get("warmup_begin_lr", 0) == 0 \
            and r.random() < 0.8:
        kw["warmup_begin_lr"] = r.choice([1e-3, 0.01]) if name == "Warmup" else \
            (b * 0.1 if _num(b) else 1e-3)
    steps = kw.get("warmup_steps", 0)
    if "max_update" in kw and _num(kw["max_update"]) and _num(steps) \
            and kw["max_update"] <= steps and name not in ("PolyScheduler", "CosineScheduler"):
        kw["max_update"] = int(steps) + r.randint(1, 300)
    if name == "ExponentialScheduler" and _num(kw.get("final_lr", 0)) and _num(b) \
            and kw.get("final_lr", 0) > b:
        kw["final_lr"] = b * r.random()
    if name == "CyclicScheduler" and _num(kw.get("base_lr")) and _num(kw.get("max_lr")) \
            and kw["base_lr"] > kw["max_lr"]:
        kw["base_lr"], kw["max_lr"] = kw["max_lr"], kw["base_lr"]
    if name == "WarmupStableDecayScheduler":
        if "decay_steps" in kw and "decay_fraction" in kw and r.random() < 0.8:
            del kw[r.choice(["decay_steps", "decay_fraction"])]
        top = kw.get("max_update")
        if _num(top) and _num(steps):
            ds, df = kw.get("decay_steps"), kw.get("decay_fraction")
            length = ds if _num(ds) else (df if _num(df) else 0.1) * top
            if steps + length > top:
                kw["max_update"] = int(steps + length) + r.randint(1, 100)
    if name == "PiecewiseScheduler":
        bounds = kw.get("boundaries")
        mode = kw.get("interpolate", "constant")
        if isinstance(bounds, list) and isinstance(kw.get("values"), list) \
                and mode in ("constant", "linear", "cosine"):
            size = len(bounds) + (1 if mode == "constant" else 0)
            if size and r.random() < 0.9:
                kw["values"] = lr_list(r, size)


def leaf(r, p_odd=0.02):
    """A part for a composite: a family, an MXNet scheduler or a Python callable."""
    k = r.random()
    if k < 0.2:
        return PY(r.choice(list(_corpus.PYTHON_PARTS)))
    if k < 0.32:
        name = r.choice(MXNET[1:])
    else:
        name = r.choice(["ConstantScheduler", "LinearScheduler", "ExponentialScheduler",
                         "InverseSqrtScheduler", "OneCycleScheduler", "CyclicScheduler",
                         "CosineRestartScheduler", "WarmupStableDecayScheduler",
                         "PiecewiseScheduler"])
    return P(name, **draw_kwargs(r, name, p_odd, p_omit=0.5, p_missing=0.003))


def part(r, depth, p_odd=0.02):
    if depth <= 0 or r.random() < 0.7:
        return leaf(r, p_odd)
    return composite(r, r.choice(["Warmup", "SequentialScheduler", "ProductScheduler",
                                  "PlateauScheduler"]), depth - 1, p_odd)


def composite(r, name, depth, p_odd):
    """A composite of class ``name`` with parts nested ``depth`` deep at most."""
    odd = r.random() < p_odd * 1.5
    if name == "Warmup":
        kw = draw_kwargs(r, name, p_odd)
        schedule = r.choice(TABLES["Warmup"][0][2]) if odd else part(r, depth)
        if r.random() < 0.1:
            return P(name, schedule, **{k: v for k, v in kw.items() if k == "warmup_steps"})
        return P(name, schedule=schedule, **kw)
    if name == "PlateauScheduler":
        kw = draw_kwargs(r, name, p_odd)
        k = r.random()
        if odd:
            kw["schedule"] = r.choice(TABLES["PlateauScheduler"][0][2])
        elif k < 0.7:
            kw["schedule"] = part(r, depth)
            if "base_lr" in kw and r.random() < 0.85:
                del kw["base_lr"]
        return P(name, **kw)
    size = r.choice([1, 2, 2, 3, 3, 4] if depth > 1 else [1, 2, 2, 3])
    parts = [part(r, depth) for _ in range(size)]
    if name == "ProductScheduler":
        k = r.random()
        if odd:
            return r.choice([P(name), P(name, schedules=[]), P(name, schedules="x"),
                             P(name, schedules=[5]), P(name, parts[0], schedules=parts),
                             P(name, schedules=None), P(name, 0.5)])
        if k < 0.75:
            return P(name, *parts)
        return P(name, schedules=parts if k < 0.9 else tuple(parts))
    marks = milestones_good(r, size - 1)
    if odd:
        marks = r.choice([marks + [400], marks[:-1] if marks else [5], [0] + marks[1:],
                          list(reversed(marks)) if len(marks) > 1 else [3, 3], "10",
                          [1.5] + marks[1:], None, [True] + marks[1:], [2 ** 53 + 1],
                          [NAN]])
        if r.random() < 0.3:
            parts = r.choice([[], "x", [5] + parts[1:], None])
    if r.random() < 0.1:
        return P(name, parts, marks)
    return P(name, schedules=parts, milestones=marks)


def draw_build(r, name):
    if name in ("Warmup", "SequentialScheduler", "ProductScheduler", "PlateauScheduler"):
        return composite(r, name, 2, 0.08)
    if name == "Schedule":
        # Not Schedule(1): the compiled class accepts arguments the pure one refuses.
        return P(name)
    # About one odd argument in three scenarios, whatever the number of arguments.
    kw = draw_kwargs(r, name, min(0.08, 0.5 / len(TABLES[name])))
    required = REQUIRED.get(name, 0)
    args = []
    if required and r.random() < 0.12:
        for arg, _, _ in TABLES[name][:required]:
            if arg not in kw:
                break
            args.append(kw.pop(arg))
    return P(name, *args, **kw)


# -- ops -----------------------------------------------------------------------------------

def points(spec):
    """Numbers in a build spec, and the boundaries they suggest."""
    found = set()

    def walk(v):
        if isinstance(v, bool):
            return
        if isinstance(v, (int, float)) and v == v and 0 <= v <= 10 ** 6:
            found.add(v)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
    walk(spec)
    kw = spec.get("kwargs", {})
    step = kw.get("step")
    if _num(step) and step >= 1 and not isinstance(step, bool):
        found.update(step * k for k in range(1, 6))
    total, pct = kw.get("total_steps"), kw.get("pct_start", 0.3)
    if _num(total) and _num(pct):
        found.update([pct * total - 1, 2 * pct * total - 2, total - 1])
    up, down = kw.get("step_size_up", 2000), kw.get("step_size_down")
    if _num(up):
        down = down if _num(down) else up
        found.update([up, up + down, 2 * (up + down), 3 * up + 2 * down])
    found.update([0, 1])
    return sorted(found, key=lambda v: (float(v), type(v).__name__))


def update_value(r, pts, horizon, odd=0.12, large=BIG_UPDATES):
    k = r.random()
    if k < odd:
        return r.choice(ODD_UPDATES)
    k = r.random()
    if k < 0.4:
        p = r.choice(pts)
        delta = r.choice([0, 0, 0, -1, 1, 2, -0.5, 0.5, 1e-9])
        v = p + delta
        return v if v >= 0 else p
    if k < 0.6:
        return r.randint(0, int(1.5 * horizon) + 1)
    if k < 0.75:
        # Inside a window that ends at a boundary (a warmup, a cycle, a phase).
        p = r.choice([p for p in pts if p > 0] or [horizon])
        return r.randint(0, int(p)) if r.random() < 0.5 else u(r, 0, p)
    if k < 0.92:
        return u(r, 0, 1.5 * horizon)
    return r.choice(large)


def evaluate_input(r, pts, horizon, big, large):
    k = r.random()
    if big:
        size = r.choice([9000, 12000, 20000])
        return r.choice([{"list_range": [0, size, 1]}, {"perm": [0, size, r.randint(0, 99)]},
                         {"frange": [0.5, r.choice([0.25, 1.25, 0.1]), size]},
                         ARR("float64", {"list_range": [0, size, 1]}),
                         {"range": [1, size + 1, 1]},
                         ARR("int64", {"perm": [0, size, r.randint(0, 99)]})])
    if k < 0.55:
        return [update_value(r, pts, horizon, odd=0, large=large) for _ in range(r.randint(0, 8))]
    if k < 0.67:
        items = [update_value(r, pts, horizon, odd=0, large=large) for _ in range(r.randint(0, 8))]
        items.insert(r.randint(0, len(items)), r.choice(ODD_UPDATES))
        return items
    if k < 0.8:
        dtype = r.choice(["int64", "float64", "int32", "float32", "uint16", "bool"])
        size = r.randint(0, 10)
        if dtype in ("int64", "int32", "uint16"):
            values = [r.randint(0, min(int(1.5 * horizon) + 1, 60000)) for _ in range(size)]
        elif dtype == "bool":
            values = [r.random() < 0.5 for _ in range(size)]
        else:
            values = [u(r, 0, 1.5 * horizon) for _ in range(size)]
            if r.random() < 0.2:
                values.append(r.choice([NAN, INF, -1.0, 2.0 ** 53, 2.0 ** 54]))
        return ARR(dtype, values)
    if k < 0.9:
        a = r.randint(0, int(horizon) + 1)
        return r.choice([{"range": [a, a + r.randint(0, 40), r.randint(1, 5)]},
                         {"range": [a + 20, a, -1]},
                         {"tuple": [update_value(r, pts, horizon, odd=0, large=large)
                                    for _ in range(4)]},
                         {"range": [-3, 5]}, {"range": [2 ** 53 - 2, 2 ** 53 + 2]}])
    return r.choice([[], [[1, 2], [3, 4]], "abc", None, 5, [True, False], [2 ** 53 + 1],
                     [-1, 2], ARR("int64", [3, -2]), [1, "2"], [[1], 2], ARR("float64", [[1.0]]),
                     [NP("int64", 3), 2.5], [10 ** 30, 1.5], ARR("float64", []), 2.5])


WEIGHTS = {
    "mxnet": [("calls", 30), ("sweep", 15), ("evaluate", 15), ("set", 20), ("get", 8),
              ("warmup_lr", 5), ("deepcopy", 3)],
    "base": [("get", 30), ("set", 30), ("calls", 15), ("warmup_lr", 15), ("evaluate", 5),
             ("deepcopy", 5)],
    "family": [("calls", 35), ("sweep", 10), ("evaluate", 20), ("set", 20), ("get", 10),
               ("deepcopy", 3)],
    "plateau": [("calls", 25), ("records", 25), ("sweep", 5), ("evaluate", 10), ("set", 20),
                ("get", 10), ("deepcopy", 3)],
}


def attributes(name):
    table = TABLES.get(name, [])
    names = [arg for arg, _, _ in table] + EXTRA_ATTRS.get(name, [])
    if name in ("Warmup", "PlateauScheduler", "OneCycleScheduler", "PiecewiseScheduler"):
        names.append("base_lr")
    return names or ["base_lr", "foo"]


def set_value(r, name, attr):
    value = _set_value(r, name, attr)
    if isinstance(value, dict) and "np" in value:
        # MXNet's classes store what is written: a NumPy scalar would show in
        # repr, which NumPy 2 changed.
        return 0.5
    return value


def _set_value(r, name, attr):
    k = r.random()
    for arg, good, odd in TABLES.get(name, []):
        if arg == attr:
            if good is None:       # a part
                return part(r, 1) if k < 0.6 else r.choice(odd + [PY("scaled")])
            if k < 0.55:
                return good(r)
            if k < 0.85:
                return r.choice(odd)
            return r.choice(SET_ODD)
    if attr == "schedules":
        if k < 0.6:
            return [part(r, 1) for _ in range(r.randint(1, 3))]
        return r.choice([[], "x", [5], None, {"tuple": [PY("inverse")]}])
    if attr in EXTRA_GOOD and k < 0.6:
        return EXTRA_GOOD[attr](r)
    if k < 0.8 and attr != "foo":
        return lr_good(r)
    return r.choice(SET_ODD)


def draw_ops(r, name, build):
    group = ("base" if name == "LRScheduler" else "mxnet" if name in MXNET
             else "plateau" if name == "PlateauScheduler" else "family")
    kinds, weights = zip(*WEIGHTS[group])
    pts = points(build)
    horizon = min(max([10] + [p for p in pts if p < 5000]), 5000)
    attrs = attributes(name)
    ops = []
    big_left = 1 if r.random() < 0.035 else 0
    large = BIG_UPDATES
    if '"FactorScheduler"' in json.dumps(build):
        # A non-integer step (or count) has no exact shortcut: FactorScheduler
        # adds it one step at a time, up to 10**7 steps.  Keep the jumps that
        # take few steps or too many (OverflowError at once).
        large = [v for v in BIG_UPDATES if not 2e6 < v < 1e10]
    for _ in range(r.randint(2, 7)):
        kind = r.choices(kinds, weights)[0]
        if kind == "calls":
            size = r.choice([1, 1, 2, 3, 4, 6])
            ops.append({"op": "calls", "n": J([update_value(r, pts, horizon, large=large)
                                               for _ in range(size)])})
        elif kind == "sweep":
            start = r.choice([0, r.choice(pts), r.choice(pts), r.randint(0, int(horizon))])
            start = max(0, int(start) - r.randint(0, 3))
            step = 1 if r.random() < 0.7 else r.randint(2, max(2, int(horizon) // 20))
            ops.append({"op": "sweep", "range": [start, start + step * r.randint(1, 16), step]})
        elif kind == "evaluate":
            n = evaluate_input(r, pts, horizon, big_left, large)
            ops.append({"op": "evaluate", "n": J(n)})
            big_left = 0
        elif kind == "set":
            attr = r.choice(attrs if r.random() < 0.7 else ["base_lr"] + attrs[:1])
            value = set_value(r, name, attr)
            if name == "FactorScheduler" and attr in ("base_lr", "factor") \
                    and isinstance(value, float) and value != value:
                # A NaN rate never reaches a fixed point: FactorScheduler (like
                # MXNet) would then step one by one up to a large num_update.
                value = 0.5
            ops.append({"op": "set", "attr": attr, "value": J(value)})
            if r.random() < 0.7:
                n = [update_value(r, pts, horizon, odd=0.05, large=large)
                     for _ in range(r.randint(1, 4))]
                ops.append({"op": "calls", "n": J(n)})
        elif kind == "get":
            ops.append({"op": "get", "attr": r.choice(["base_lr"] * 3 + attrs)})
        elif kind == "warmup_lr":
            n = [update_value(r, pts, min(horizon, 60), large=large)
                 for _ in range(r.randint(1, 4))]
            ops.append({"op": "warmup_lr", "n": J(n)})
        elif kind == "records":
            ops.append({"op": "records", "metrics": J(metrics(r))})
        else:
            ops.append({"op": "deepcopy"})
    return ops


def metrics(r):
    k = r.random()
    size = r.randint(1, 10)
    if k < 0.3:
        value = u(r, -5, 5)
        return [value] * size
    if k < 0.6:
        out, value = [], u(r, 0, 10)
        for _ in range(size):
            value += u(r, -1, 0.5)
            out.append(value)
        return out
    if k < 0.85:
        return [r.choice([1, 2, 3, 2.5, 0.5, -1.0, 0]) for _ in range(size)]
    out = [u(r, -10, 10) for _ in range(size)]
    out.insert(r.randint(0, len(out)), r.choice(METRIC_ODD))
    return out


# -- hand-written scenarios -----------------------------------------------------------------

def fixed(name):
    """Defaults, docstring examples, boundaries: (build, ops) pairs."""
    sweep = {"op": "sweep", "range": [0, 30, 1]}
    tail = [{"op": "calls", "n": [0, 1, 2 ** 53, 2 ** 53 + 1, -1, {"float": "nan"},
                                  {"float": "inf"}, "7", None, True, 1.5]},
            {"op": "evaluate", "n": [0, 1, 2, 3.5, 100, 10 ** 6]}]
    out = {
        "LRScheduler": [P(name), P(name, base_lr=1, warmup_steps=2),
                        P(name, 0.1, 5, 0.01, "constant")],
        "FactorScheduler": [P(name, step=250, factor=0.5, base_lr=1), P(name, 1),
                            P(name, step=2, factor=0.5, base_lr=1, warmup_steps=3,
                              warmup_begin_lr=0.1),
                            P(name, step=1, factor=0.5, stop_factor_lr=0.1, base_lr=1)],
        "MultiFactorScheduler": [P(name, step=[250, 750, 900], factor=0.5, base_lr=1),
                                 P(name, [1]), P(name, step=[5, 10], factor=0.1,
                                                 warmup_steps=5, warmup_mode="constant")],
        "PolyScheduler": [P(name, base_lr=1, final_lr=0, max_update=10, pwr=2), P(name, 1),
                          P(name, max_update=20, warmup_steps=5, warmup_begin_lr=0.001,
                            base_lr=0.1, pwr=0.5)],
        "CosineScheduler": [P(name, base_lr=1, final_lr=0, max_update=10), P(name, 1),
                            P(name, max_update=20, warmup_steps=5, final_lr=0.001)],
        "Schedule": [P(name)],
        "ConstantScheduler": [P(name), P(name, base_lr=0.1, warmup_steps=4)],
        "LinearScheduler": [P(name, max_update=10, base_lr=1.0, final_lr=0.0), P(name, 1)],
        "PolynomialScheduler": [P(name, max_update=10, base_lr=1.0, power=2.0), P(name, 1)],
        "ExponentialScheduler": [P(name, 0.5, base_lr=1.0, step=10, staircase=True,
                                   final_lr=0.2), P(name, 0.9)],
        "InverseSqrtScheduler": [P(name), P(name, base_lr=1.0, warmup_steps=4)],
        "OneCycleScheduler": [P(name, max_lr=1.0, total_steps=11, pct_start=0.5,
                                div_factor=4.0, final_div_factor=2.0), P(name, 0.1, 100),
                              P(name, 0.1, 20, three_phase=True, anneal_strategy="linear")],
        "CyclicScheduler": [P(name, base_lr=0.0, max_lr=1.0, step_size_up=2,
                              mode="triangular2"), P(name, 0.01, 0.1),
                            P(name, 0.0, 1.0, 3, 2, "exp_range", 0.9)],
        "CosineRestartScheduler": [P(name, 4, base_lr=1.0, cycle_mult=2, peak_decay=0.5),
                                   P(name, 10), P(name, 3, cycle_mult=1.5, warmup_steps=2)],
        "WarmupStableDecayScheduler": [P(name, 100, base_lr=1.0, decay_steps=20,
                                         decay_mode="linear", warmup_steps=10), P(name, 100),
                                       P(name, 50, decay_fraction=0.5, decay_mode="1-sqrt")],
        "PiecewiseScheduler": [P(name, [10, 20], [1.0, 0.5, 0.25]),
                               P(name, [0, 10], [0.0, 1.0], interpolate="linear"),
                               P(name, [0, 10, 30], [0.0, 1.0, 0.1], interpolate="cosine")],
        "PlateauScheduler": [P(name), P(name, base_lr=1.0, factor=0.5, patience=1),
                             P(name, P("LinearScheduler", max_update=100, base_lr=1.0),
                               mode="max", patience=0, cooldown=2, final_lr=0.05)],
        "Warmup": [P(name, PY("inverse"), warmup_steps=4, warmup_begin_lr=0.05,
                     warmup_mode="exponential"),
                   P(name, P("CosineScheduler", max_update=100, base_lr=1), 10),
                   P(name, P("ExponentialScheduler", 0.9, base_lr=1), 10,
                     warmup_mode="cosine")],
        "SequentialScheduler": [
            P(name, [P("LinearScheduler", max_update=4, base_lr=0.0, final_lr=1.0),
                     P("LinearScheduler", max_update=8, base_lr=1.0, final_lr=0.0)],
              milestones=[4]),
            P(name, [P("FactorScheduler", step=2, factor=0.5, base_lr=1), PY("inverse"),
                     PY("scaled")], milestones=[10, 20])],
        "ProductScheduler": [
            P(name, P("ConstantScheduler", base_lr=0.5),
              P("LinearScheduler", max_update=10, base_lr=1.0, final_lr=0.0)),
            P(name, PY("int_part"), P("PolyScheduler", max_update=100, base_lr=1))],
    }[name]
    scenarios = []
    for build in out:
        ops = [sweep] + tail
        if name == "PlateauScheduler":
            ops = [{"op": "records", "metrics": [3, 2, 2, 2]}, {"op": "calls", "n": [100]}] \
                + ops + [{"op": "records", "metrics": [5, 5, 5, 1, 1, 1, 1]}, sweep]
        if name == "LRScheduler":
            ops = [{"op": "warmup_lr", "n": [0, 1, 2, 5, 1.5]}, {"op": "get", "attr": "base_lr"},
                   {"op": "set", "attr": "base_lr", "value": 2}, {"op": "calls", "n": [1]},
                   {"op": "get", "attr": "warmup_final_lr"}]
        if name in MXNET[1:]:
            ops = ops + [{"op": "set", "attr": "base_lr", "value": 0.1},
                         {"op": "sweep", "range": [0, 1200, 7]},
                         {"op": "calls", "n": [10 ** 6, 5, 2 ** 53]}]
        scenarios.append((build, ops))
    if name == "FactorScheduler":
        # A NaN written into the rate or the factor: no fixed point, MXNet's loop
        # steps one by one (kept to small jumps here).
        for attr in ("factor", "base_lr"):
            scenarios.append((P(name, step=2, factor=0.5, base_lr=1),
                              [{"op": "calls", "n": [5]},
                               {"op": "set", "attr": attr, "value": {"float": "nan"}},
                               {"op": "sweep", "range": [0, 60, 3]},
                               {"op": "evaluate", "n": [61, 70, 65.5]},
                               {"op": "get", "attr": "base_lr"}]))
    return scenarios


def slow_decay(spec):
    """A FactorScheduler (part) that decays slowly all the way to a tiny floor:
    tens of thousands of steps, each logged, when INFO is on."""
    if isinstance(spec, list):
        return any(slow_decay(v) for v in spec)
    if not isinstance(spec, dict):
        return False
    if spec.get("class") == "FactorScheduler":
        kw = spec.get("kwargs", {})
        factor, stop = kw.get("factor", 1), kw.get("stop_factor_lr", 1e-8)
        if _num(factor) and _num(stop) and 0.9 <= factor < 1 and stop < 1e-100:
            return True
    return any(slow_decay(v) for v in spec.values())


def draw_scenarios(name):
    r = random.Random("regression-corpus/%s" % name)
    out = []
    for i, (build, ops) in enumerate(fixed(name)):
        out.append({"id": "%s/fixed-%d" % (name, i), "class": name, "log": True,
                    "build": build, "ops": ops})
    for i in range(COUNTS[name]):
        build = draw_build(r, name)
        ops = draw_ops(r, name, build)
        log = r.random() < (0.75 if name in MXNET else 0.5) and not slow_decay(build)
        out.append({"id": "%s/%03d" % (name, i), "class": name, "log": log,
                    "build": build, "ops": ops})
    # What is replayed is what JSON gives back.
    return json.loads(json.dumps(out, allow_nan=False))


# -- recording -------------------------------------------------------------------------------

def namespace(modules, skip_missing=False):
    space = types.SimpleNamespace()
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ImportError:
            if not skip_missing:
                raise
            continue
        for attr in module.__all__:
            setattr(space, attr, getattr(module, attr))
    return space


def merge(c, py, path, where, flags, disagreements):
    """One answer from the compiled (``c``) and pure (``py``) ones."""
    if not _corpus.compare(c, py):
        return c
    if isinstance(c, dict) and isinstance(py, dict) and "raises" in c and "raises" in py \
            and c["raises"] == py["raises"] and set(c) == set(py) == {"raises", "message"}:
        flags.append({"id": where, "path": path, "raises": c["raises"],
                      "c": c["message"], "py": py["message"]})
        return {"raises": c["raises"]}
    if isinstance(c, dict) and isinstance(py, dict) and set(c) == set(py) \
            and "raises" not in c:
        return {k: merge(c[k], py[k], "%s.%s" % (path, k), where, flags, disagreements)
                for k in c}
    if isinstance(c, list) and isinstance(py, list) and len(c) == len(py):
        return [merge(a, b, "%s[%d]" % (path, i), where, flags, disagreements)
                for i, (a, b) in enumerate(zip(c, py))]
    disagreements.append({"id": where, "path": path, "c": c, "py": py})
    return c


def git_commit():
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=HERE, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=pathlib.Path, default=_corpus.CORPUS)
    parser.add_argument("--only", nargs="*", help="record these classes only (a trial: "
                        "the output then lacks the others)")
    options = parser.parse_args()

    import cysched
    import numpy
    from cysched import _modules
    # --only may record from a build where some family is missing.
    compiled = namespace([c for _, c in _modules.TWINS], skip_missing=bool(options.only))
    pure = namespace([p for p, _ in _modules.TWINS], skip_missing=bool(options.only))
    names = options.only or (MXNET + FAMILIES)
    flags, disagreements, scenarios = [], [], []
    timing = {"c": 0.0, "py": 0.0}
    slow = []
    for name in names:
        drawn = draw_scenarios(name)
        for scenario in drawn:
            t0 = time.perf_counter()
            got_c = _corpus.run(compiled, scenario)
            t1 = time.perf_counter()
            got_py = _corpus.run(pure, scenario)
            t2 = time.perf_counter()
            timing["c"] += t1 - t0
            timing["py"] += t2 - t1
            slow.append((t2 - t0, scenario["id"]))
            scenario["expected"] = merge(got_c, got_py, "", scenario["id"], flags,
                                         disagreements)
            scenarios.append(scenario)
        built = sum(s["expected"]["build"] is None for s in drawn)
        print("%-28s %4d scenarios, %4d construct" % (name, len(drawn), built))

    header = {
        "format": _corpus.FORMAT,
        "about": "Answers of every public cysched class, recorded from the compiled build "
                 "and its pure-Python twin (they agreed); see tests/data/README.md.",
        "recorded_with": {"cysched": cysched.__version__, "commit": git_commit(),
                          "python": platform.python_version(), "numpy": numpy.__version__,
                          "machine": platform.machine()},
        "counts": {name: sum(s["class"] == name for s in scenarios) for name in names},
        "message_flags": flags,
        "disagreements": disagreements,
    }
    text = json.dumps(header, separators=(",", ":"), allow_nan=False)[:-1]
    text += ',"scenarios":[\n' + ",\n".join(
        json.dumps(s, separators=(",", ":"), allow_nan=False) for s in scenarios) + "\n]}\n"
    options.output.write_text(text)
    print("wrote %s: %d scenarios, %.2f MB" % (options.output, len(scenarios),
                                              len(text.encode()) / 1e6))
    print("time: compiled %.2f s, pure %.2f s" % (timing["c"], timing["py"]))
    print("slowest:", ", ".join("%s %.0f ms" % (i, t * 1e3) for t, i in sorted(slow)[-8:]))
    print("exception messages that differ (type only recorded): %d" % len(flags))
    for flag in flags[:10]:
        print("   ", flag)
    if disagreements:
        print("DISAGREEMENTS between compiled and pure: %d" % len(disagreements))
        for d in disagreements[:20]:
            print("   ", _corpus.short(d, 600))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
