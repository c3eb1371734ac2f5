"""cysched.jax.schedule drives optax inside jax.jit, with the scalar calls' rates."""
import os
import subprocess
import sys

import pytest

jax = pytest.importorskip("jax", reason="JAX is not installed (pip install 'cysched[jax]')")
optax = pytest.importorskip("optax", reason="optax is not installed (pip install optax)")
np = pytest.importorskip("numpy")
import jax.numpy as jnp  # noqa: E402

import cysched.jax  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def makers(impl):
    return {
        "factor": lambda: impl.FactorScheduler(step=3, factor=0.7, base_lr=0.3,
                                               warmup_steps=4, warmup_begin_lr=0.01),
        "multifactor": lambda: impl.MultiFactorScheduler(step=[5, 9, 20], factor=0.3,
                                                         base_lr=0.1),
        "poly": lambda: impl.PolyScheduler(max_update=30, base_lr=0.1, pwr=3,
                                           final_lr=1e-4, warmup_steps=5),
        "cosine": lambda: impl.CosineScheduler(max_update=30, base_lr=0.1, final_lr=1e-3,
                                               warmup_steps=5, warmup_mode="constant",
                                               warmup_begin_lr=0.001),
    }


def scalar_rates(make, count):
    """``schedule(1) .. schedule(count)`` asked one by one of a fresh scheduler."""
    s = make()
    return [float(s(n)) for n in range(1, count + 1)]


def expected(rates, counts, x64):
    """The rate optax's ``count`` gets: update ``count + 1``, clamped at the end."""
    out = [rates[min(max(c, 0), len(rates) - 1)] for c in counts]
    return [float(np.float64(r) if x64 else np.float32(r)) for r in out]


def bits(values):
    return [float(v).hex() for v in values]


@pytest.fixture(params=[False, True], ids=["x32", "x64"])
def x64(request):
    with jax.enable_x64(request.param):
        yield request.param


@pytest.mark.parametrize("kind", ["factor", "multifactor", "poly", "cosine"])
def test_rates_equal_the_scalar_calls(impl, kind, x64):
    make = makers(impl)[kind]
    num_steps = 30
    lr = cysched.jax.schedule(make(), num_steps, exact=True)
    counts = list(range(-2, num_steps))
    want = expected(scalar_rates(make, num_steps), counts, x64)
    got = [lr(c) for c in counts]
    assert {g.dtype for g in got} == {jnp.dtype("float64" if x64 else "float32")}
    assert bits(got) == bits(want)
    jitted = jax.jit(lr)
    assert bits(jitted(jnp.asarray(c)) for c in counts) == bits(want)


@pytest.mark.parametrize("kind", ["factor", "cosine"])
def test_optax_sgd_under_jit_uses_the_scalar_rates(impl, kind, x64):
    make = makers(impl)[kind]
    num_steps = 25
    opt = optax.sgd(learning_rate=cysched.jax.schedule(make(), num_steps, exact=True))
    dtype = jnp.float64 if x64 else jnp.float32
    params = {"w": jnp.zeros(3, dtype)}
    grads = {"w": jnp.ones(3, dtype)}

    @jax.jit
    def step(state):
        updates, state = opt.update(grads, state, params)
        return optax.apply_updates(params, updates), state

    state = opt.init(params)
    used = []
    for _ in range(num_steps):
        new, state = step(state)            # from w = 0 with grad 1: w = -lr
        assert new["w"].dtype == dtype
        used.append(-float(new["w"][0]))
    want = expected(scalar_rates(make, num_steps), range(num_steps), x64)
    assert bits(used) == bits(want)
    assert len(set(used)) > 5


def test_a_table_made_without_x64_serves_x64_too(impl):
    make = makers(impl)["poly"]
    with jax.enable_x64(False):
        lr = cysched.jax.schedule(make(), 30, exact=True)
        assert lr(7).dtype == jnp.float32
    with jax.enable_x64(True):
        assert lr(7).dtype == jnp.float64
        assert float(lr(7)).hex() == float(make()(8)).hex()


def test_the_schedule_itself_is_not_advanced(impl):
    s = impl.FactorScheduler(step=2, factor=0.5, base_lr=1.0)
    lr = cysched.jax.schedule(s, 20, exact=True)
    assert s.base_lr == 1.0 and s.count == 0
    assert float(lr(19)) == 2.0 ** -9
    # A scheduler already advanced is tabulated from where it stands.
    s(11)
    for lr in (cysched.jax.schedule(s, 4, exact=True), cysched.jax.schedule(s)):
        assert [float(lr(c)) for c in range(4)] == [2.0 ** -5] * 4


def test_a_plain_callable_is_a_schedule():
    lr = cysched.jax.schedule(lambda n: 1.0 / n, 4, past_end="hold")
    assert [float(lr(c)) for c in range(6)] == [1.0, 0.5, float(np.float32(1 / 3)), 0.25,
                                                0.25, 0.25]
    assert lr.num_steps == 4 and lr.rates.tolist() == [1.0, 0.5, 1 / 3, 0.25]


def test_bad_arguments_are_named(impl):
    s = impl.CosineScheduler(max_update=10)
    with pytest.raises(ValueError, match="got num_steps=0"):
        cysched.jax.schedule(s, 0, exact=True)
    with pytest.raises(AssertionError, match="got num_steps=1.5"):
        cysched.jax.schedule(s, 1.5, exact=True)
    with pytest.raises(TypeError, match="got schedule=0.1"):
        cysched.jax.schedule(0.1, 10)


def test_importing_cysched_does_not_import_jax():
    code = ("import sys, cysched, cysched.jax, cysched.lr_scheduler\n"
            "assert 'jax' not in sys.modules and 'numpy' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=HERE)


def test_without_jax_the_error_says_what_to_install():
    code = ("import sys; sys.modules['jax'] = None\n"
            "import cysched.jax\n"
            "try:\n"
            "    cysched.jax.schedule(lambda n: 0.1, 3, past_end='nan')\n"
            "except ImportError as exc:\n"
            "    print(exc)\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, cwd=HERE,
                         capture_output=True, text=True).stdout
    assert 'pip install "cysched[jax]"' in out


def test_the_readme_example_trains():
    root = os.path.dirname(HERE)
    out = subprocess.run([sys.executable, os.path.join(root, "examples", "jax_optax.py")],
                         check=True, capture_output=True, text=True, cwd=HERE).stdout
    lines = out.splitlines()
    schedule = cysched.lr_scheduler.CosineScheduler(max_update=300, base_lr=0.1,
                                                    final_lr=1e-3, warmup_steps=30)
    for line in lines[:-1]:
        update, lr = int(line.split()[1]), float(line.split()[3])
        assert lr == pytest.approx(schedule(update), abs=5e-7), line
    first = float(lines[0].rsplit(" ", 1)[1])
    final = float(lines[-1].rsplit(" ", 1)[1])
    assert lines[-1].startswith("final loss") and final < first / 4
