"""The schedule families against their anchors, on both implementations, over many
random parameter draws: update ``k`` runs with ``schedule(k)``, the anchor's
rate at its step ``k - 1`` (``tests/test_peers_loop.py`` runs the libraries
themselves in a training loop).

PyTorch (an optional test dependency, ``pip install torch==2.13.0``) runs live;
optax, Keras and Hugging Face formulas are re-derived below from their
documentation and source, in float64.  "Exact" means the same float64 bits;
elsewhere the rates agree to 1e-12 relative to the schedule's peak rate (the
anchor multiplies step by step, or orders its arithmetic differently).
"""
import math
import random
import warnings

import pytest

from hf_formulas import hf_inverse_sqrt, hf_wsd

DRAWS = 60
REL = 1e-12


def close(ours, theirs, peak):
    """Every pair agrees to REL relative to ``peak``."""
    bad = [(i, a, b) for i, (a, b) in enumerate(zip(ours, theirs))
           if not abs(a - b) <= REL * max(abs(a), abs(b), peak)]
    assert len(ours) == len(theirs) and not bad, bad[:5]


def exact(ours, theirs):
    bad = [(i, a, b) for i, (a, b) in enumerate(zip(ours, theirs)) if a.hex() != b.hex()]
    assert len(ours) == len(theirs) and not bad, bad[:5]


# -- PyTorch, live --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def torch():
    module = pytest.importorskip(
        "torch", reason="PyTorch is an optional test dependency: pip install torch==2.13.0")
    module.set_num_threads(1)
    return module


def torch_rates(torch, make, steps, lr0=1.0, **sgd):
    """``[lr after k calls of scheduler.step()]`` for k in 0..steps."""
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=lr0, **sgd)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sched = make(opt)
        rates = [opt.param_groups[0]["lr"]]
        for _ in range(steps):
            opt.step()
            sched.step()
            rates.append(opt.param_groups[0]["lr"])
    return [float(r) for r in rates]


def test_linear_lr(impl, torch):
    rng = random.Random(1)
    for _ in range(DRAWS):
        lr0 = rng.choice([1.0, 0.1, rng.uniform(1e-4, 2)])
        a = rng.choice([1.0, 1 / 3, rng.uniform(0.01, 1)])
        b = rng.choice([0.0, 1.0, rng.uniform(0, 1)])
        total = rng.randint(1, 200)
        theirs = torch_rates(torch, lambda o: torch.optim.lr_scheduler.LinearLR(
            o, start_factor=a, end_factor=b, total_iters=total), total + 20, lr0)
        sched = impl.LinearScheduler(total, base_lr=lr0 * a, final_lr=lr0 * b)
        ours = [sched(n + 1) for n in range(total + 21)]
        close(ours, theirs, lr0)
        # PyTorch's closed form, re-derived
        closed = [lr0 * (a + (b - a) * min(total, n) / total) for n in range(total + 21)]
        close(ours, closed, lr0)


def test_exponential_lr(impl, torch):
    rng = random.Random(2)
    for _ in range(DRAWS):
        lr0 = rng.uniform(1e-3, 2)
        gamma = rng.choice([0.5, 0.99, rng.uniform(0.5, 1)])
        theirs = torch_rates(torch, lambda o: torch.optim.lr_scheduler.ExponentialLR(
            o, gamma=gamma), 300, lr0)
        sched = impl.ExponentialScheduler(gamma, base_lr=lr0)
        ours = [sched(n + 1) for n in range(301)]
        close(ours, theirs, lr0)
        # bit for bit against the closed form ExponentialLR._get_closed_form_lr uses
        exact(ours, [lr0 * gamma ** n for n in range(301)])


def test_one_cycle_lr(impl, torch):
    rng = random.Random(3)
    done = 0
    while done < DRAWS:
        max_lr = rng.uniform(1e-3, 2)
        total = rng.randint(1, 300)
        kwargs = dict(pct_start=rng.choice([0.3, 0.25, 0.5, 1.0, 0.0, rng.random()]),
                      anneal_strategy=rng.choice(["cos", "linear"]),
                      div_factor=rng.choice([25.0, rng.uniform(1, 100)]),
                      final_div_factor=rng.choice([1e4, rng.uniform(1, 1e5)]),
                      three_phase=rng.random() < 0.5)
        try:
            theirs = torch_rates(torch, lambda o: torch.optim.lr_scheduler.OneCycleLR(
                o, max_lr=max_lr, total_steps=total, **kwargs), total - 1, momentum=0.9)
        except ZeroDivisionError:
            continue  # a phase of length 0: PyTorch divides by zero, cysched does not
        sched = impl.OneCycleScheduler(max_lr, total, **kwargs)
        exact([sched(n + 1) for n in range(total)], theirs)
        done += 1


@pytest.mark.parametrize("mode", ["triangular", "triangular2", "exp_range"])
def test_cyclic_lr(impl, torch, mode):
    rng = random.Random(4)
    for _ in range(DRAWS // 2):
        base = rng.uniform(1e-4, 0.1)
        top = base + rng.uniform(0, 1)
        up = rng.choice([rng.randint(1, 40), rng.uniform(1, 40)])
        down = rng.choice([None, rng.randint(1, 40), rng.uniform(1, 40)])
        gamma = rng.uniform(0.95, 1)
        theirs = torch_rates(torch, lambda o: torch.optim.lr_scheduler.CyclicLR(
            o, base_lr=base, max_lr=top, step_size_up=up, step_size_down=down, mode=mode,
            gamma=gamma), 400, base, momentum=0.9)
        sched = impl.CyclicScheduler(base, top, up, down, mode, gamma)
        exact([sched(n + 1) for n in range(401)], theirs)


def test_cosine_annealing_warm_restarts(impl, torch):
    rng = random.Random(5)
    for _ in range(DRAWS):
        lr0 = rng.uniform(1e-3, 2)
        t0 = rng.randint(1, 30)
        mult = rng.randint(1, 3)
        eta_min = rng.choice([0.0, lr0 * rng.random()])
        theirs = torch_rates(torch, lambda o: torch.optim.lr_scheduler.
                             CosineAnnealingWarmRestarts(o, T_0=t0, T_mult=mult,
                                                         eta_min=eta_min), 600, lr0)
        sched = impl.CosineRestartScheduler(t0, base_lr=lr0, final_lr=eta_min,
                                            cycle_mult=mult)
        exact([sched(n + 1) for n in range(601)], theirs)


def test_reduce_lr_on_plateau(impl, torch):
    rng = random.Random(6)
    for _ in range(DRAWS):
        lr0 = rng.uniform(1e-3, 2)
        kwargs = dict(mode=rng.choice(["min", "max"]), factor=rng.uniform(0.1, 0.9),
                      patience=rng.randint(0, 3), threshold=rng.choice([1e-4, 0.0, 0.05]),
                      threshold_mode=rng.choice(["rel", "abs"]), cooldown=rng.randint(0, 2))
        min_lr = rng.choice([0.0, lr0 * 1e-3, lr0 * 0.3])
        param = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([param], lr=lr0)
        theirs = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, min_lr=min_lr, eps=0.0,
                                                            **kwargs)
        ours = impl.PlateauScheduler(base_lr=lr0, final_lr=min_lr, **kwargs)
        metric = 10.0
        for _ in range(150):
            metric += rng.choice([-1.0, -0.01, 0.0, 0.5, 1e-6])
            opt.step()
            theirs.step(metric)
            ours.record(metric)
            assert ours.best == theirs.best
            assert ours.num_bad_epochs == theirs.num_bad_epochs
            assert ours.cooldown_counter == theirs.cooldown_counter
            close([ours(7)], [float(opt.param_groups[0]["lr"])], lr0)


def test_hugging_face_inverse_sqrt(impl):
    rng = random.Random(7)
    for _ in range(DRAWS):
        lr0 = rng.uniform(1e-4, 2)
        warmup = rng.choice([0, 1, rng.randint(1, 500)])
        timescale = rng.choice([None, rng.randint(1, 1000)])
        sched = impl.InverseSqrtScheduler(base_lr=lr0, warmup_steps=warmup,
                                          timescale=timescale)
        steps = list(range(0, 3000, 7)) + [10 ** 6, 2 ** 40]
        # LambdaLR: lr = base_lr * lambda(step)
        theirs = [lr0 * hf_inverse_sqrt(n, warmup, timescale) for n in steps]
        ours = [sched(n + 1) for n in steps]
        after = [i for i, n in enumerate(steps) if n >= warmup]
        exact([ours[i] for i in after], [theirs[i] for i in after])
        close(ours, theirs, lr0)


@pytest.mark.parametrize("warmup_type", ["linear", "cosine"])
@pytest.mark.parametrize("decay_type", ["linear", "cosine", "1-sqrt"])
def test_hugging_face_wsd(impl, warmup_type, decay_type):
    rng = random.Random(8)
    for _ in range(DRAWS // 3):
        lr0 = rng.uniform(1e-4, 2)
        warmup, stable, decay = rng.randint(0, 100), rng.randint(0, 300), rng.randint(0, 200)
        ratio = rng.choice([0.0, 0.0, rng.random()])
        total = warmup + stable + decay
        if total <= warmup:
            continue
        sched = impl.WarmupStableDecayScheduler(
            total, base_lr=lr0, final_lr=ratio * lr0, decay_steps=decay,
            decay_mode=decay_type, warmup_steps=warmup, warmup_begin_lr=ratio * lr0,
            warmup_mode=warmup_type)
        steps = range(total + 50)
        theirs = [lr0 * hf_wsd(n, warmup, stable, decay, warmup_type, decay_type, ratio)
                  for n in steps]
        ours = [sched(n + 1) for n in steps]
        close(ours, theirs, lr0)
        if ratio == 0.0:  # the same arithmetic after the warmup
            exact(ours[warmup:total + 1], theirs[warmup:total + 1])


# -- optax formulas (optax.schedules), re-derived ------------------------------------------

def optax_exponential_decay(count, init_value, transition_steps, decay_rate,
                            staircase=False, end_value=None):
    """``optax.exponential_decay`` with ``transition_begin=0``."""
    p = count / transition_steps
    if staircase:
        p = math.floor(p)
    decayed = init_value * decay_rate ** p
    if end_value is not None:
        decayed = max(decayed, end_value) if decay_rate < 1 else min(decayed, end_value)
    return decayed


def optax_piecewise_constant(count, init_value, boundaries_and_scales):
    """``optax.piecewise_constant_schedule``: each scale applies from its boundary on."""
    v = init_value
    for threshold, scale in sorted(boundaries_and_scales.items()):
        indicator = 1.0 if count < threshold else 0.0
        v = v * indicator + (1 - indicator) * scale * v
    return v


def optax_piecewise_interpolate(count, kind, init_value, boundaries_and_scales):
    """``optax.piecewise_interpolate_schedule`` (optax 0.2.8): bounds start at 0,
    values are the running products of the scales."""
    bounds = [0] + sorted(boundaries_and_scales)
    values = [init_value]
    for b in sorted(boundaries_and_scales):
        values.append(values[-1] * boundaries_and_scales[b])
    total = 0.0
    for i in range(len(bounds) - 1):
        if bounds[i] <= count < bounds[i + 1]:
            pct = (count - bounds[i]) / (bounds[i + 1] - bounds[i])
            start, end = values[i], values[i + 1]
            if kind == "linear":
                total += (end - start) * pct + start
            else:
                total += end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1.0)
    if bounds[-1] <= count:
        total += values[-1]
    return total


def test_optax_exponential_decay(impl):
    rng = random.Random(9)
    for _ in range(DRAWS):
        init = rng.uniform(1e-4, 2)
        steps = rng.randint(1, 50)
        rate = rng.uniform(0.3, 1)
        staircase = rng.random() < 0.5
        end = rng.choice([None, init * rng.random() * 0.5])
        sched = impl.ExponentialScheduler(rate, base_lr=init, step=steps, staircase=staircase,
                                          final_lr=0.0 if end is None else end)
        counts = list(range(600)) + [0.5, 13.25]
        exact([sched(c + 1) for c in counts],
              [optax_exponential_decay(c, init, steps, rate, staircase, end) for c in counts])


def test_optax_piecewise(impl):
    rng = random.Random(10)
    for _ in range(DRAWS):
        init = rng.uniform(1e-3, 2)
        bounds = sorted(rng.sample(range(1, 400), rng.randint(1, 5)))
        table = {b: rng.uniform(0.1, 2) for b in bounds}
        values = [init]
        for b in bounds:
            values.append(values[-1] * table[b])
        counts = list(range(450)) + [bounds[0] - 0.5, 2 ** 40]
        const = impl.PiecewiseScheduler(bounds, values)
        exact([const(c + 1) for c in counts],
              [optax_piecewise_constant(c, init, table) for c in counts])
        for kind in ("linear", "cosine"):
            interp = impl.PiecewiseScheduler([0] + bounds, values, interpolate=kind)
            exact([interp(c + 1) for c in counts],
                  [optax_piecewise_interpolate(c, kind, init, table) for c in counts])


# -- Keras formula (keras.optimizers.schedules.CosineDecayRestarts), re-derived -------------

def keras_cosine_decay_restarts(step, initial_learning_rate, first_decay_steps, t_mul=2.0,
                                m_mul=1.0, alpha=0.0):
    completed_fraction = step / first_decay_steps
    if t_mul == 1.0:
        i_restart = math.floor(completed_fraction)
        completed_fraction -= i_restart
    else:
        i_restart = math.floor(math.log(1.0 - completed_fraction * (1.0 - t_mul))
                               / math.log(t_mul))
        sum_r = (1.0 - t_mul ** i_restart) / (1.0 - t_mul)
        completed_fraction = (completed_fraction - sum_r) / t_mul ** i_restart
    m_fac = m_mul ** i_restart
    cosine_decayed = 0.5 * m_fac * (1.0 + math.cos(math.pi * completed_fraction))
    decayed = (1 - alpha) * cosine_decayed + alpha
    return initial_learning_rate * decayed


def test_keras_cosine_decay_restarts(impl):
    rng = random.Random(11)
    for _ in range(DRAWS):
        lr0 = rng.uniform(1e-3, 2)
        first = rng.randint(1, 60)
        t_mul = rng.choice([1.0, 2.0, 1.5, rng.uniform(1, 3)])
        m_mul = rng.choice([1.0, 0.5, rng.uniform(0.1, 1)])
        alpha = rng.choice([0.0, rng.uniform(0, 0.5)])
        sched = impl.CosineRestartScheduler(first, base_lr=lr0, final_lr=alpha * lr0,
                                            cycle_mult=t_mul, peak_decay=m_mul)
        steps = []
        for n in range(1500):
            # skip updates on a restart, where Keras' log() may fall either side
            f = n / first
            i = math.log(1 + f * (t_mul - 1)) / math.log(t_mul) if t_mul != 1.0 else f
            if abs(i - round(i)) > 1e-9:
                steps.append(n)
        close([sched(n + 1) for n in steps],
              [keras_cosine_decay_restarts(n, lr0, first, t_mul, m_mul, alpha)
               for n in steps], lr0)
