"""cysched.jax's closed forms (cysched/_closed.py) against the scalar calls, and
the table's end: continued by the closed form, or refused at construction."""
import copy
import math

import pytest

jax = pytest.importorskip("jax", reason="JAX is not installed (pip install 'cysched[jax]')")
optax = pytest.importorskip("optax", reason="optax is not installed (pip install optax)")
np = pytest.importorskip("numpy")
import jax.numpy as jnp  # noqa: E402

import cysched.jax  # noqa: E402
from hypothesis import HealthCheck, assume, given, settings, strategies as st  # noqa: E402
from cysched._closed import FORMS, closed_form  # noqa: E402

import samples  # noqa: E402

#: The largest error, in float64 ulps of the run's largest rate (README,
#: "Use with JAX"): 1, and 2 where XLA computes 1 / sqrt(x) as rsqrt(x).
TOLERANCE = {"InverseSqrtScheduler": 2}

#: Rates below this come out as 0 under XLA, which flushes subnormal numbers.
SMALLEST_NORMAL = 2.2250738585072014e-308

UPDATES = np.unique(np.concatenate([np.arange(1, 3000),
                                    np.geomspace(3000, 1e7, 200).round()]))


def peak_ulps(got, want):
    """``|got - want|`` in ulps of the largest ``|want|`` (0 where equal)."""
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    scale = np.spacing(np.nanmax(np.abs(want))) if np.any(want != 0) else 5e-324
    both_nan = np.isnan(got) & np.isnan(want)
    return np.where((got == want) | both_nan, 0.0, np.abs(got - want) / scale)


def scalar_calls(schedule, updates):
    fresh = copy.deepcopy(schedule)           # a stateful MXNet class moves on
    return np.array([float(fresh(int(n))) for n in updates])


@pytest.fixture
def x64():
    with jax.enable_x64(True):
        yield


def test_every_class_has_a_closed_form():
    assert sorted(FORMS) == sorted(samples.PUBLIC)


@pytest.mark.parametrize("variant", [0, 1])
@pytest.mark.parametrize("name", samples.PUBLIC)
def test_closed_form_equals_the_scalar_calls(impl, x64, name, variant):
    schedule = samples.example(impl, name, variant)
    form = closed_form(schedule)
    got = jax.jit(form)(jnp.asarray(UPDATES))
    assert got.dtype == jnp.float64
    want = scalar_calls(schedule, UPDATES)
    assert peak_ulps(got, want).max() <= TOLERANCE.get(name, 1)
    assert variant == 1 or len(set(want.tolist())) > 1     # the check sees rates move


def tolerance(schedule):
    """``TOLERANCE``; for Factor and MultiFactor one ulp more per factor applied:
    MXNet multiplies one factor at a time, the closed form takes a power."""
    name = type(schedule).__name__
    if name == "FactorScheduler":
        return 1 + UPDATES[-1] / schedule.step
    if name == "MultiFactorScheduler":
        return 1 + len(schedule.step)
    mult = getattr(schedule, "cycle_mult", 1)
    if name == "CosineRestartScheduler" and mult != int(mult):
        # XLA's pow: exp(i * log(m)), i * log(m) ulps off, over m - 1 in the start
        t = UPDATES[-1] * (mult - 1) / schedule.cycle_length + 1
        return 2 + 2 * math.log(t) / (mult - 1)
    return TOLERANCE.get(name, 1)


def normal(value):
    if isinstance(value, (list, tuple)):
        return all(normal(item) for item in value)
    return not isinstance(value, float) or value == 0.0 or abs(value) >= 1e-200


DRAWN = [name for name in samples.PUBLIC if name not in samples.COMPOSITES]


@pytest.mark.parametrize("name", DRAWN)
def test_closed_form_of_drawn_parameters(impl, x64, name):
    """Drawn from tests/samples.py's strategies (rates 0 or >= 1e-200: XLA
    flushes subnormal numbers to zero, and tiny rates get there)."""
    cls = getattr(impl, name)

    @settings(max_examples=8, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries({}, optional=samples.STRATEGIES[name]))
    def check(drawn):
        args = dict(samples.REQUIRED.get(name, {}), **drawn)
        assume(normal(list(args.values())))
        try:
            schedule = cls(**args)
            want = scalar_calls(schedule, UPDATES)
        except (ValueError, TypeError, AssertionError, OverflowError, ZeroDivisionError,
                ArithmeticError):
            assume(False)
        got = jax.jit(closed_form(schedule))(jnp.asarray(UPDATES))
        mask = np.abs(want) >= SMALLEST_NORMAL * 2 ** 60
        assert peak_ulps(np.asarray(got)[mask], want[mask]).max(initial=0) \
            <= tolerance(schedule), repr(schedule)
    check()


@pytest.mark.parametrize("name", ["CosineScheduler", "OneCycleScheduler", "Warmup"])
def test_without_x64_the_closed_form_is_float32(impl, name):
    schedule = samples.example(impl, name, 0)
    with jax.enable_x64(False):
        lr = cysched.jax.schedule(schedule)
        got = np.asarray([lr(c) for c in range(300)])
    assert got.dtype == np.float32
    want = scalar_calls(schedule, range(1, 301))
    assert np.max(np.abs(got - want)) <= 8 * np.spacing(np.float32(np.max(want)))


def test_a_table_never_holds_silently(impl, x64):
    """The issue's case: Warmup(CosineRestart...) with a 150-step table, at 200."""
    schedule = impl.Warmup(impl.CosineRestartScheduler(40, base_lr=0.1, final_lr=1e-4), 20)
    lr = cysched.jax.schedule(schedule, 150, exact=True)
    assert lr.closed and lr.num_steps == 150
    assert [float(lr(c)).hex() for c in range(150)] == \
        [float(schedule(n)).hex() for n in range(1, 151)]          # the table: bit for bit
    for count in (150, 199, 10 ** 6):
        assert float(lr(count)) == pytest.approx(schedule(count + 1), rel=0, abs=1e-17)
    assert float(lr(199)) != float(lr(149))


def test_no_closed_form_is_refused_unless_told(x64):
    with pytest.raises(ValueError, match="has no closed form.*past_end='nan'"):
        cysched.jax.schedule(lambda n: 1.0 / n, 4)
    with pytest.raises(TypeError, match="a table needs num_steps"):
        cysched.jax.schedule(lambda n: 1.0 / n)
    with pytest.raises(ValueError, match="got past_end='x'"):
        cysched.jax.schedule(lambda n: 1.0 / n, 4, past_end="x")
    lr = cysched.jax.schedule(lambda n: 1.0 / n, 4, past_end="nan")
    assert not lr.closed
    assert [float(lr(c)) for c in range(4)] == [1.0, 0.5, 1 / 3, 0.25]
    assert math.isnan(float(lr(4))) and math.isnan(float(jax.jit(lr)(10 ** 6)))


def test_a_subclass_goes_through_the_table(impl):
    class Mine(impl.ConstantScheduler):
        pass
    assert closed_form(Mine(base_lr=0.5)) is None
    assert closed_form(impl.Warmup(Mine(base_lr=0.5), 3)) is None


def test_plateau_is_taken_with_its_scale_now(impl, x64):
    schedule = impl.PlateauScheduler(base_lr=1.0, factor=0.5, patience=0)
    for loss in (3, 4, 5):
        schedule.record(loss)
    assert float(cysched.jax.schedule(schedule)(10)) == schedule(11) == 0.25


@pytest.mark.parametrize("x64_mode", [False, True], ids=["x32", "x64"])
def test_inject_hyperparams_sees_the_schedule(impl, x64_mode):
    schedule = impl.Warmup(impl.CosineRestartScheduler(30, base_lr=0.1), 10)
    with jax.enable_x64(x64_mode):
        lr = cysched.jax.schedule(schedule)
        opt = optax.inject_hyperparams(optax.sgd)(learning_rate=lr, momentum=0.9)
        params = {"w": jnp.zeros(3)}
        state = opt.init(params)

        @jax.jit
        def step(state):
            updates, state = opt.update({"w": jnp.ones(3)}, state, params)
            return state

        seen = []
        for _ in range(60):
            state = step(state)
            seen.append(float(state.hyperparams["learning_rate"]))
    dtype = np.float64 if x64_mode else np.float32
    # After update k the state holds the rate that update used: lr(count=k - 1),
    # which is schedule(k).
    want = [float(dtype(schedule(k))) for k in range(1, 61)]
    assert seen == pytest.approx(want, rel=0, abs=float(4 * np.spacing(dtype(0.1))))
    assert len(set(seen)) > 20
