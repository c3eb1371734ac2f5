"""``evaluate(range)`` of the step schedules: the compiled loop finds where a
run of one rate ends from the range's start and step instead of reading each
element; it must still be the scalar loop, bit for bit, state included."""
import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from test_evaluate import check_against_loop  # noqa: E402

EXACT = 2 ** 53

starts = st.one_of(st.integers(0, 3000), st.integers(EXACT - 3000, EXACT))
steps = st.one_of(st.integers(1, 40), st.integers(-40, -1), st.integers(10 ** 3, 10 ** 12))
# Ints and floats alike: a float step or count moves the decay points off
# the integers, where the end of a run is found by division.
decay_steps = st.one_of(st.integers(1, 300), st.sampled_from([1.5, 2.5, 7.25, 3.001]))
factors = st.sampled_from([0.5, 0.9, 1, 0.999, 0.25])
warmups = st.sampled_from([0, 1, 17, 250])
modes = st.sampled_from(["linear", "constant"])


def _range(start, step, length):
    stop = start + step * length
    if step > 0:
        stop = min(stop, EXACT + 1)
    else:
        stop = max(stop, -1)
    return range(start, stop, step)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=starts, step=steps, length=st.integers(0, 2000), decay=decay_steps,
       factor=factors, stop_factor_lr=st.sampled_from([1e-8, 0.1]), warmup=warmups,
       mode=modes, calls=st.lists(st.integers(0, 5000), max_size=3))
def test_factor_range_is_the_loop(impl, start, step, length, decay, factor, stop_factor_lr,
                                  warmup, mode, calls):
    def make():
        s = impl.FactorScheduler(step=decay, factor=factor, stop_factor_lr=stop_factor_lr,
                                 base_lr=1.0, warmup_steps=warmup, warmup_begin_lr=0.25,
                                 warmup_mode=mode)
        for n in calls:         # a state from earlier calls: count off the range's grid
            s(n)
        return s
    check_against_loop(make, _range(start, step, length))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=starts, step=steps, length=st.integers(0, 2000),
       gaps=st.lists(st.integers(1, 400), min_size=1, max_size=12), factor=factors,
       warmup=warmups, mode=modes)
def test_multifactor_range_is_the_loop(impl, start, step, length, gaps, factor, warmup,
                                       mode):
    bounds = list(np.cumsum(gaps).tolist())
    if start > 10 ** 6:
        bounds = [start + b for b in bounds]
    make = lambda: impl.MultiFactorScheduler(  # noqa: E731
        step=bounds, factor=factor, base_lr=1.0, warmup_steps=warmup,
        warmup_begin_lr=0.25, warmup_mode=mode)
    check_against_loop(make, _range(start, step, length))


@pytest.mark.parametrize("out", [False, True])
def test_long_range_past_many_decays(impl, out):
    # Issue 15's benchmark case, shorter: 27 halvings, the clamp, then one
    # run to the end; with and without a caller's buffer.
    n = 300_000
    make = lambda: impl.FactorScheduler(step=250, factor=0.5, base_lr=1)  # noqa: E731
    a, b = make(), make()
    buf = np.empty(n) if out else None
    got = a.evaluate(range(1, n + 1), out=buf)
    want = np.array([b(k) for k in range(1, n + 1)], dtype=np.float64)
    assert got.view(np.int64).tolist() == want.view(np.int64).tolist()
    assert (a.base_lr, a.count) == (b.base_lr, b.count)
    assert type(a.count) is type(b.count)
