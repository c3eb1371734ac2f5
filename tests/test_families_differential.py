"""Schedule families: compiled == pure, bit for bit, on random constructions,
calls, evaluations, attribute writes, records and pickling, composites included."""
import pickle
import re

import pytest

hypothesis = pytest.importorskip("hypothesis")
np = pytest.importorskip("numpy")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from samples import PLATEAU, REQUIRED, counts, lrs, odd, reals, updates  # noqa: E402
from samples import FAMILY_NAMES, STRATEGIES as ALL_STRATEGIES  # noqa: E402

#: The families that are not composites (the trees below make those).
FAMILIES = {name: ALL_STRATEGIES[name] for name in FAMILY_NAMES
            if name not in ("Warmup", "SequentialScheduler", "ProductScheduler",
                            "PlateauScheduler")}
metrics = st.one_of(st.floats(-10, 10), st.sampled_from([float("nan"), float("inf"), 1, "m"]))


def python_part(n):
    """A plain Python schedule (module level, so it pickles)."""
    return 1.0 / (n + 1.0)


def python_int_part(n):
    return 2 if n < 50 else 1


def bad_part(n):
    return None if n > 100 else 0.5


@st.composite
def family(draw):
    name = draw(st.sampled_from(sorted(FAMILIES)))
    kwargs = {k: draw(v) for k, v in FAMILIES[name].items() if draw(st.booleans())}
    for k, v in REQUIRED.get(name, {}).items():
        kwargs.setdefault(k, v)
    return ("family", name, kwargs)


@st.composite
def tree(draw, depth=2):
    """A construction: a family, a Python callable, or a composite of trees."""
    leaves = st.one_of(family(), family(), st.sampled_from([
        ("python", python_part), ("python", python_int_part), ("python", bad_part)]))
    if depth == 0:
        return draw(leaves)
    kind = draw(st.sampled_from(["leaf", "leaf", "Warmup", "SequentialScheduler",
                                 "ProductScheduler", "PlateauScheduler"]))
    if kind == "leaf":
        return draw(leaves)
    if kind == "Warmup":
        return ("Warmup", draw(tree(depth=depth - 1)),
                dict(warmup_steps=draw(st.integers(0, 60)), warmup_begin_lr=draw(lrs),
                     warmup_mode=draw(st.sampled_from(["linear", "constant", "cosine",
                                                       "exponential"]))))
    if kind == "PlateauScheduler":
        kwargs = {k: draw(v) for k, v in PLATEAU.items() if draw(st.booleans())}
        return ("PlateauScheduler", draw(tree(depth=depth - 1)), kwargs)
    parts = draw(st.lists(tree(depth=depth - 1), min_size=1, max_size=3))
    if kind == "ProductScheduler":
        return ("ProductScheduler", parts, {})
    marks = sorted(set(draw(st.lists(st.integers(1, 300), min_size=len(parts) - 1,
                                     max_size=len(parts) - 1))))
    return ("SequentialScheduler", parts, {"milestones": marks})


def build(impl, spec):
    kind = spec[0]
    if kind == "python":
        return spec[1]
    if kind == "family":
        return getattr(impl, spec[1])(**spec[2])
    if kind in ("Warmup", "PlateauScheduler"):
        return getattr(impl, kind)(build(impl, spec[1]), **spec[2])
    parts = [build(impl, p) for p in spec[1]]
    if kind == "ProductScheduler":
        return impl.ProductScheduler(*parts)
    return impl.SequentialScheduler(parts, **spec[2])


ATTRS = ["base_lr", "final_lr", "warmup_steps", "warmup_begin_lr", "warmup_mode",
         "max_update", "gamma", "step", "staircase", "timescale", "max_lr", "total_steps",
         "pct_start", "anneal_strategy", "div_factor", "final_div_factor", "three_phase",
         "step_size_up", "step_size_down", "mode", "cycle_length", "cycle_mult",
         "peak_decay", "decay_steps", "decay_fraction", "decay_mode", "boundaries",
         "values", "interpolate", "factor", "patience", "threshold", "threshold_mode",
         "cooldown", "scale", "best", "num_bad_epochs", "cooldown_counter", "milestones",
         "schedule", "schedules"]


@st.composite
def scenarios(draw):
    spec = draw(tree().filter(lambda t: t[0] != "python"))
    ops = []
    for _ in range(draw(st.integers(1, 10))):
        kind = draw(st.sampled_from(["call", "call", "evaluate", "set", "record", "pickle",
                                     "sweep"]))
        if kind == "call":
            ops.append(("call", draw(updates)))
        elif kind == "sweep":
            start = draw(st.integers(0, 2000))
            ops.append(("sweep", start, start + draw(st.integers(0, 200))))
        elif kind == "evaluate":
            ops.append(("evaluate", draw(st.lists(st.one_of(st.integers(0, 3000),
                                                            st.floats(0, 3000)),
                                                  max_size=20))))
        elif kind == "set":
            value = draw(st.one_of(lrs, counts, odd, reals,
                                   st.lists(st.integers(-2, 300), max_size=3),
                                   st.sampled_from([python_part, [python_part, bad_part]]),
                                   st.sampled_from(["linear", "cos", "min", "max", "abs",
                                                    "exp_range", "1-sqrt", "cosine"])))
            ops.append(("set", draw(st.sampled_from(ATTRS)), value))
        elif kind == "record":
            ops.append(("record", draw(metrics)))
        else:
            ops.append(("pickle",))
    return spec, ops


def outcome(fn):
    try:
        return ("ok", fn())
    except Exception as exc:  # noqa: BLE001 - compared between twins
        # Cython names an extension type with its module in AttributeError.
        # A compiled class names itself with its module in some of CPython's
        # messages ('cysched._shapes_c.X' object has no attribute ...).
        return ("raise", type(exc).__name__, re.sub(r"cysched\._\w+_c\.", "", str(exc)))


def bits(value):
    if isinstance(value, float):
        return ("float", value.hex())
    if isinstance(value, np.ndarray):
        return ("array", str(value.dtype), value.shape, value.tobytes())
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [bits(v) for v in value])
    if isinstance(value, dict):
        return sorted((k, bits(v)) for k, v in value.items())
    if hasattr(type(value), "_state"):
        return (type(value).__name__, bits(state_of(value)))
    return (type(value).__name__, value if isinstance(value, (int, str, bool, type(None)))
            else repr(value))


def state_of(sched):
    return {name: getattr(sched, name) for name in type(sched)._state}


def replay(impl, spec, ops):
    made = outcome(lambda: build(impl, spec))
    if made[0] == "raise":
        return [made]
    sched = made[1]
    trace = [("repr", repr(sched))]
    for op in ops:
        if op[0] == "call":
            trace.append(outcome(lambda: sched(op[1])))
        elif op[0] == "sweep":
            trace.append(outcome(lambda: [sched(n) for n in range(op[1], op[2])]))
        elif op[0] == "evaluate":
            trace.append(outcome(lambda: sched.evaluate(op[1])))
            trace.append(outcome(lambda: [sched(n) for n in op[1]]))
        elif op[0] == "set":
            trace.append(outcome(lambda: setattr(sched, op[1], op[2])))
        elif op[0] == "record":
            trace.append(outcome(lambda: sched.record(op[1])))
        else:
            sched = pickle.loads(pickle.dumps(sched))
            trace.append(("type", type(sched).__name__))
        trace.append(("base_lr", outcome(lambda: sched.base_lr)))
    trace.append(("state", state_of(sched)))
    return trace


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(scenarios())
def test_compiled_equals_pure(compiled, pure, scenario):
    spec, ops = scenario
    got_c = replay(compiled, spec, ops)
    got_p = replay(pure, spec, ops)
    assert bits(got_c) == bits(got_p), (got_c, got_p)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(tree().filter(lambda t: t[0] != "python"),
       st.lists(st.integers(0, 3000), min_size=1, max_size=50))
def test_evaluate_equals_calls(compiled, pure, spec, ns):
    for impl in (compiled, pure):
        made = outcome(lambda: build(impl, spec))
        if made[0] == "raise":
            continue
        sched = made[1]
        calls = outcome(lambda: [sched(n) for n in ns])
        array = outcome(lambda: sched.evaluate(ns))
        assert calls[0] == array[0]
        if calls[0] == "ok":
            assert [x.hex() for x in calls[1]] == [float(x).hex() for x in array[1]]
        else:
            assert calls[1:] == array[1:]
