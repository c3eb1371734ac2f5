"""Compiled == pure, bit for bit, on random constructions, calls and attribute writes."""
import logging

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from _scenarios import Capture, same_number  # noqa: E402

lrs = st.one_of(st.integers(0, 3), st.floats(0, 2, allow_nan=False),
                st.sampled_from([1e-8, 0.1, 0.5, 1, 2, 1e-300, 5e-324]))
ints = st.integers(0, 400)
odd = st.sampled_from([2 ** 60, -3, 2.5, float("inf"), float("nan"), "x", None, True])
updates = st.one_of(st.integers(0, 2500), st.floats(0, 2500, allow_nan=False),
                    st.sampled_from([0, 1, 2 ** 53, 2 ** 53 + 1, 10 ** 20, -1, -0.0,
                                     float("nan"), float("inf"), True, False, "7",
                                     None, 1.5, 2 ** 53 + 0.0]))

WARMUP = dict(base_lr=lrs, warmup_steps=ints, warmup_begin_lr=lrs,
              warmup_mode=st.sampled_from(["linear", "constant", "cosine"]))
KWARGS = {
    "FactorScheduler": dict(step=st.one_of(st.integers(0, 300), st.floats(0.5, 300)),
                            factor=st.one_of(st.sampled_from([0, 1, 0.5, 0.9, 1.5, -1]),
                                             st.floats(0, 0.99)),
                            stop_factor_lr=lrs, **WARMUP),
    "MultiFactorScheduler": dict(step=st.lists(st.integers(0, 2000), max_size=5),
                                 factor=st.one_of(st.sampled_from([0, 1, 0.5]),
                                                  st.floats(0, 0.99)), **WARMUP),
    "PolyScheduler": dict(max_update=st.integers(-1, 2000),
                          pwr=st.one_of(st.integers(-2, 4), st.floats(-1, 4)),
                          final_lr=lrs, **WARMUP),
    "CosineScheduler": dict(max_update=st.integers(-1, 2000), final_lr=lrs, **WARMUP),
}
ATTRS = {
    "FactorScheduler": ["base_lr", "step", "factor", "stop_factor_lr", "count",
                        "warmup_steps", "warmup_mode"],
    "MultiFactorScheduler": ["base_lr", "factor", "cur_step_ind", "count", "step"],
    "PolyScheduler": ["base_lr", "base_lr_orig", "final_lr", "power", "max_steps",
                      "max_update", "warmup_steps"],
    "CosineScheduler": ["base_lr", "base_lr_orig", "final_lr", "max_steps", "max_update",
                        "warmup_begin_lr", "warmup_final_lr"],
}


@st.composite
def scenarios(draw):
    cls = draw(st.sampled_from(sorted(KWARGS)))
    kwargs = {k: draw(v) for k, v in KWARGS[cls].items() if draw(st.booleans())}
    if cls != "MultiFactorScheduler" or "step" not in kwargs:
        kwargs.setdefault("step" if "Factor" in cls else "max_update",
                          [100] if cls == "MultiFactorScheduler" else 100)
    ops = []
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["call", "call", "call", "sweep", "set"]))
        if kind == "call":
            ops.append(("call", draw(updates)))
        elif kind == "sweep":
            start = draw(st.integers(0, 2000))
            ops.append(("sweep", start, start + draw(st.integers(0, 300))))
        else:
            value = draw(st.one_of(lrs, ints, odd, st.lists(ints, max_size=3)))
            ops.append(("set", draw(st.sampled_from(ATTRS[cls])), value))
    return cls, kwargs, ops


def outcome(fn):
    try:
        return ("ok", fn())
    except Exception as exc:  # noqa: BLE001 - compared between twins
        return ("raise", type(exc).__name__, str(exc))


def same(a, b):
    if isinstance(a, (list, tuple)):
        return (type(a) is type(b) and len(a) == len(b)
                and all(same(x, y) for x, y in zip(a, b)))
    if isinstance(a, complex):  # Python's ** goes complex where MXNet's Poly does
        return type(b) is complex and same(a.real, b.real) and same(a.imag, b.imag)
    if isinstance(a, (int, float)) and not isinstance(a, bool):
        return same_number(a, b) or (a != a and b != b and type(a) is type(b))
    return a == b


def replay(module, cls, kwargs, ops):
    logger = logging.getLogger("cysched.lr_scheduler")
    handler = Capture()
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    # Only this handler keeps the lines: a long jump logs a line per decay step,
    # and pytest would keep every record of all the examples.
    logger.propagate = False
    try:
        made = outcome(lambda: getattr(module, cls)(**kwargs))
        if made[0] == "raise":
            return [made], []
        sched = made[1]
        trace = []
        for op in ops:
            if op[0] == "call":
                trace.append(outcome(lambda: sched(op[1])))
            elif op[0] == "sweep":
                trace.append(outcome(lambda: [sched(n) for n in range(op[1], op[2])]))
            else:
                setattr(sched, op[1], op[2])
        state = {name: getattr(sched, name) for name in type(sched)._state}
        return trace + [("state", sorted(state.items()))], handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
        logger.propagate = True


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(scenarios())
def test_compiled_equals_pure(compiled, pure, scenario):
    cls, kwargs, ops = scenario
    got_c, logs_c = replay(compiled, cls, kwargs, ops)
    got_p, logs_p = replay(pure, cls, kwargs, ops)
    assert same(got_c, got_p), (got_c, got_p)
    assert logs_c == logs_p
