"""Finite in, finite out: finite arguments a constructor accepts give finite
rates for every update, and the two implementations agree on every argument
and update, errors included."""
import math

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from _isolated import isolated  # noqa: E402
from samples import REQUIRED  # noqa: E402

HUGE = 1.7976931348623157e308

#: Arguments whose rates overflowed float64 (inf, -inf or NaN), and the
#: arguments the error names.
OVERFLOWING = [
    ("OneCycleScheduler(0.1, 10, div_factor=1e-320)", ["max_lr", "div_factor"]),
    ("OneCycleScheduler(1e300, 10, div_factor=1.0, final_div_factor=1e-10)",
     ["final_div_factor"]),
    ("LinearScheduler(100, base_lr=1e308, warmup_steps=2)", ["base_lr", "warmup_steps"]),
    ("LinearScheduler(100, base_lr=1e308)", ["base_lr", "max_update"]),
    ("LinearScheduler(2 ** 52, final_lr=1e300)", ["final_lr", "max_update"]),
    ("CosineRestartScheduler(10, cycle_mult=1e308)", ["cycle_mult"]),
    ("CosineRestartScheduler(10, base_lr=1e308)", ["base_lr", "final_lr"]),
    ("ConstantScheduler(1.7e308, warmup_steps=3, warmup_begin_lr=1)", ["warmup_steps"]),
    ("ConstantScheduler(1.7e308, warmup_steps=1, warmup_mode='cosine')", ["base_lr"]),
    ("ExponentialScheduler(0.5, base_lr=4e306, warmup_steps=9, warmup_begin_lr=1e-320, "
     "warmup_mode='exponential')", ["warmup_begin_lr"]),
    ("InverseSqrtScheduler(1e300, warmup_steps=2 ** 40)", ["warmup_steps"]),
    ("WarmupStableDecayScheduler(10, base_lr=1e308, warmup_steps=5)", ["warmup_steps"]),
]


def test_overflowing_arguments_are_refused(impl):
    out = isolated(impl, '''
        for spec in %r:
            try:
                eval("L." + spec, {"L": L})
                print("accepted")
            except ValueError as exc:
                print(exc)
        ''' % [spec for spec, _ in OVERFLOWING])
    lines = out.splitlines()
    assert len(lines) == len(OVERFLOWING)
    for line, (spec, names) in zip(lines, OVERFLOWING):
        assert "would overflow float64" in line, spec
        for name in names:
            assert "%s=" % name in line, (spec, line)


def test_the_limits_still_accepted_give_finite_rates(impl):
    out = isolated(impl, '''
        import math
        for s in (L.LinearScheduler(100, base_lr=1e300, warmup_steps=2),
                  L.OneCycleScheduler(0.1, 10, div_factor=1e-300),
                  L.CosineRestartScheduler(10, cycle_mult=1e290, base_lr=8e307),
                  L.ConstantScheduler(8e307, warmup_steps=1, warmup_mode="cosine"),
                  L.ConstantScheduler(1.7e308, warmup_steps=9, warmup_mode="constant")):
            print(all(map(math.isfinite, [s(n) for n in (0, 0.5, 1, 5, 99, 2 ** 53)]
                                          + s.evaluate(range(200)).tolist())))
        ''')
    assert out.splitlines() == ["True"] * 5


def test_a_product_past_the_float_range_is_inf(impl):
    # Its parts are any callables: the limit is documented, not refused.
    s = impl.ProductScheduler(impl.ConstantScheduler(1e200), lambda n: 1e200)
    assert s(1) == float("inf")
    assert s.evaluate([1, 2]).tolist() == [float("inf")] * 2


rates = st.one_of(st.sampled_from([0.0, 5e-324, 1e-300, 0.5, 2.0, 1e300, 1e308, HUGE]),
                  st.floats(0, HUGE))
counts = st.one_of(st.sampled_from([0, 1, 2, 10, 2 ** 40, 2 ** 52, 2 ** 53]),
                   st.integers(0, 2 ** 53))
fractions = st.one_of(st.sampled_from([0.0, 1e-320, 0.5, 1.0]), st.floats(0, 1))
WARMUP = dict(base_lr=rates, warmup_steps=counts, warmup_begin_lr=rates,
              warmup_mode=st.sampled_from(["linear", "constant", "cosine", "exponential"]))
#: Finite arguments over their whole range, by class.
WIDE = {
    "ConstantScheduler": dict(WARMUP),
    "LinearScheduler": dict(max_update=counts, final_lr=rates, **WARMUP),
    "ExponentialScheduler": dict(gamma=fractions, step=counts, staircase=st.booleans(),
                                 final_lr=rates, **WARMUP),
    "InverseSqrtScheduler": dict(timescale=st.one_of(st.none(), counts), **WARMUP),
    "OneCycleScheduler": dict(max_lr=rates, total_steps=counts, pct_start=fractions,
                              anneal_strategy=st.sampled_from(["cos", "linear"]),
                              div_factor=rates, final_div_factor=rates,
                              three_phase=st.booleans()),
    "CyclicScheduler": dict(base_lr=rates, max_lr=rates, step_size_up=st.one_of(counts, rates),
                            step_size_down=st.one_of(st.none(), counts, rates),
                            mode=st.sampled_from(["triangular", "triangular2", "exp_range"]),
                            gamma=fractions),
    "CosineRestartScheduler": dict(cycle_length=counts, final_lr=rates,
                                   cycle_mult=st.one_of(rates, st.floats(1, 3)),
                                   peak_decay=fractions, **WARMUP),
    "WarmupStableDecayScheduler": dict(max_update=counts, final_lr=rates,
                                       decay_steps=st.one_of(st.none(), counts),
                                       decay_fraction=st.one_of(st.none(), fractions),
                                       decay_mode=st.sampled_from(["linear", "cosine",
                                                                   "1-sqrt"]), **WARMUP),
    "PiecewiseScheduler": dict(
        boundaries=st.lists(st.one_of(st.integers(-2 ** 53, 2 ** 53),
                                      st.floats(-HUGE, HUGE)), max_size=4).map(sorted),
        values=st.lists(rates, max_size=5),
        interpolate=st.sampled_from(["constant", "linear", "cosine"])),
}
updates = st.lists(st.one_of(counts, st.floats(0, 2 ** 53)), min_size=1, max_size=6)


ERRORS = (ValueError, TypeError, OverflowError, ZeroDivisionError)


def outcome(function, *args):
    """``function(*args)``: its result, or its error's type and message."""
    try:
        return function(*args)
    except ERRORS as exc:
        return type(exc), str(exc)


@pytest.mark.parametrize("name", sorted(WIDE))
def test_finite_arguments_give_finite_rates_in_both(compiled, pure, name):
    required = {key: WIDE[name][key] for key in REQUIRED.get(name, {})}
    optional = {key: value for key, value in WIDE[name].items() if key not in required}

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(kwargs=st.fixed_dictionaries(required, optional=optional), ns=updates)
    def check(kwargs, ns):
        c, p = (outcome(lambda: getattr(space, name)(**kwargs)) for space in (compiled, pure))
        if isinstance(c, tuple) or isinstance(p, tuple):
            assert c == p                                 # the same error
            return
        rates = [outcome(c, n) for n in ns]
        assert rates == [outcome(p, n) for n in ns]
        assert all(math.isfinite(r) for r in rates), (kwargs, ns, rates)
        assert [v.hex() for v in c.evaluate(ns).tolist()] == [r.hex() for r in rates]

    check()
