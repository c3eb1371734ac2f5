"""cysched.create(<another library's name>) against that library, live, in a training loop.

Each test drives the peer's own scheduler and cysched's (through the
``cysched.torch`` bridge where the peer is a PyTorch scheduler) in the same
loop, recording the rate each update runs with, over seeded parameter draws.
``exact`` means the same float64 bits; ``ulps`` a bound on the distance in
units in the last place (the peer orders its arithmetic otherwise, or
multiplies step by step).  A test skips only when its library is not installed.
"""
import fractions
import importlib.util
import math
import random
import sys
import types
import warnings

import pytest

import cysched

DRAWS = 50


def exact(ours, theirs):
    bad = [(i, a, b) for i, (a, b) in enumerate(zip(ours, theirs)) if a.hex() != b.hex()]
    assert len(ours) == len(theirs) and not bad, bad[:5]


def ulps(ours, theirs, bound, peak=0.0):
    """Every pair within ``bound`` units in the last place of the larger one (or
    of ``peak``, where the peer's rounding is in the phase, not the rate)."""
    bad = [(i, a, b) for i, (a, b) in enumerate(zip(ours, theirs))
           if abs(a - b) > bound * math.ulp(max(abs(a), abs(b), peak))]
    assert len(ours) == len(theirs) and not bad, bad[:5]


@pytest.fixture(scope="module")
def torch():
    module = pytest.importorskip("torch", reason="pip install torch==2.13.0")
    module.set_num_threads(1)
    return module


def loop(torch, make_theirs, ours, updates, lr0=1.0, **sgd):
    """The rates the updates run with: PyTorch's scheduler, then cysched's through
    the bridge, each read from ``param_groups`` before ``optimizer.step()``."""
    import cysched.torch as bridge
    runs = []
    for make in (make_theirs, lambda opt: bridge.LRScheduler(opt, ours)):
        param = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([param], lr=lr0, **sgd)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sched = make(opt)
            rates = []
            for _ in range(updates):
                rates.append(float(opt.param_groups[0]["lr"]))
                opt.step()
                sched.step()
        runs.append(rates)
    return runs


def draw_lr(rng):
    return rng.choice([1.0, 0.1, rng.uniform(1e-4, 2)])


# -- Hugging Face transformers ------------------------------------------------------------

@pytest.fixture(scope="module")
def hf(torch):
    return pytest.importorskip("transformers.optimization",
                               reason="pip install transformers (beside torch==2.13.0)")


def hf_draws(seed):
    rng = random.Random(seed)
    for _ in range(DRAWS):
        total = rng.randint(2, 400)
        yield rng, draw_lr(rng), rng.choice([0, 1, rng.randint(0, total - 1)]), total


def test_hf_linear_cosine_constant(torch, hf):
    for rng, lr, warmup, total in hf_draws(1):
        cases = [
            (hf.get_linear_schedule_with_warmup, "linear",
             dict(num_warmup_steps=warmup, num_training_steps=total)),
            (hf.get_cosine_schedule_with_warmup, "cosine",
             dict(num_warmup_steps=warmup, num_training_steps=total)),
            (hf.get_constant_schedule_with_warmup, "constant_with_warmup",
             dict(num_warmup_steps=warmup)),
            (hf.get_constant_schedule, "constant", {}),
            (hf.get_inverse_sqrt_schedule, "inverse_sqrt",
             dict(num_warmup_steps=warmup, timescale=rng.choice([None, rng.randint(1, 999)]))),
        ]
        for get, name, kwargs in cases:
            theirs, ours = loop(torch, lambda o: get(o, **kwargs),
                                cysched.create(name, lr=lr, **kwargs), total, lr)
            exact(ours, theirs)


def test_the_readmes_first_example(torch, hf):
    """README: Warmup around a cosine is get_cosine_schedule_with_warmup, bit for bit."""
    from cysched import lr_scheduler as L
    schedule = L.Warmup(L.WarmupStableDecayScheduler(9_500, base_lr=0.1, decay_steps=9_500),
                        warmup_steps=500)
    theirs, ours = loop(torch, lambda o: hf.get_cosine_schedule_with_warmup(
        o, num_warmup_steps=500, num_training_steps=10_000), schedule, 10_000, 0.1)
    exact(ours, theirs)
    made = cysched.create("cosine", lr=0.1, num_warmup_steps=500, num_training_steps=10_000)
    assert repr(made) == repr(schedule)


def test_hf_cosine_with_restarts(torch, hf):
    for rng, lr, warmup, total in hf_draws(2):
        cycles = rng.randint(1, 4)
        total = warmup + cycles * rng.randint(1, 60)
        kwargs = dict(num_warmup_steps=warmup, num_training_steps=total, num_cycles=cycles)
        theirs, ours = loop(torch, lambda o: hf.get_cosine_with_hard_restarts_schedule_with_warmup(
            o, **kwargs), cysched.create("cosine_with_restarts", lr=lr, **kwargs), total + 5, lr)
        # Hugging Face rounds the phase, (cycles * progress) % 1: 4 ulp of the peak.
        ulps(ours, theirs, 4, lr)


def test_hf_cosine_with_min_lr(torch, hf):
    for rng, lr, warmup, total in hf_draws(3):
        rate = rng.random()
        kwargs = dict(num_warmup_steps=warmup, num_training_steps=total,
                      **rng.choice([dict(min_lr_rate=rate), dict(min_lr=lr * rate)]))
        theirs, ours = loop(torch, lambda o: hf.get_cosine_with_min_lr_schedule_with_warmup(
            o, **kwargs), cysched.create("cosine_with_min_lr", lr=lr, **kwargs), total, lr)
        # Hugging Face: lr * (factor * (1 - rate) + rate); here final + (lr - final) * factor.
        ulps(ours, theirs, 4)


def test_hf_polynomial(torch, hf):
    for rng, lr, warmup, total in hf_draws(11):
        kwargs = dict(num_warmup_steps=warmup, num_training_steps=total,
                      lr_end=lr * rng.choice([0.0, 1e-3, rng.random()]),
                      power=rng.choice([1.0, 2.0, rng.uniform(0.1, 4)]))
        theirs, ours = loop(torch, lambda o: hf.get_polynomial_decay_schedule_with_warmup(
            o, **kwargs), cysched.create("polynomial", lr=lr, **kwargs), total + 5, lr)
        # Hugging Face divides by lr and LambdaLR multiplies back: 4 ulp of lr
        ulps(ours, theirs, 4, lr)


def test_hf_wsd(torch, hf):
    rng = random.Random(4)
    for _ in range(DRAWS):
        lr = draw_lr(rng)
        warmup, stable, decay = rng.randint(0, 60), rng.randint(0, 200), rng.randint(1, 100)
        kwargs = dict(num_warmup_steps=warmup, num_stable_steps=stable, num_decay_steps=decay,
                      warmup_type=rng.choice(["linear", "cosine"]),
                      decay_type=rng.choice(["linear", "cosine", "1-sqrt"]))
        theirs, ours = loop(torch, lambda o: hf.get_wsd_schedule(o, **kwargs),
                            cysched.create("warmup_stable_decay", lr=lr, **kwargs),
                            warmup + stable + decay, lr)
        ulps(ours, theirs, 4)


def test_hf_reduce_lr_on_plateau(torch, hf):
    """Hugging Face's Trainer calls the scheduler's step(metric) after each
    evaluation and no step() otherwise; cysched's through the bridge takes
    step(metric) after an evaluation, step() after the other updates."""
    import cysched.torch as bridge
    for lr, kwargs, every, metrics in plateau_draws(14):

        def run(opt, ours, rates):
            if ours:
                sched = bridge.LRScheduler(
                    opt, cysched.create("reduce_lr_on_plateau", lr=lr, **kwargs))
            else:
                sched = hf.get_scheduler("reduce_lr_on_plateau", opt,
                                         scheduler_specific_kwargs=kwargs)
            for k in range(1, 301):
                rates.append(float(opt.param_groups[0]["lr"]))
                opt.step()
                metric = metrics[k // every] if k % every == 0 else None
                if ours or metric is not None:
                    sched.step(metric)

        reductions_bounded(*reversed(both(torch, lr, run)))


# -- PyTorch -----------------------------------------------------------------------------

def test_torch_closed_forms(torch):
    rng = random.Random(5)
    S = torch.optim.lr_scheduler
    for _ in range(DRAWS):
        lr = draw_lr(rng)
        total = rng.randint(2, 300)
        one = dict(max_lr=lr, total_steps=total, pct_start=rng.choice([0.3, rng.random()]),
                   anneal_strategy=rng.choice(["cos", "linear"]),
                   div_factor=rng.uniform(1, 100), final_div_factor=rng.uniform(1, 1e4),
                   three_phase=rng.random() < 0.5)
        try:
            theirs, ours = loop(torch, lambda o: S.OneCycleLR(o, **one),
                                cysched.create("OneCycleLR", **one), total, lr, momentum=0.9)
        except ZeroDivisionError:
            pass        # a phase of length 0: PyTorch divides by zero, cysched does not
        else:
            exact(ours, theirs)
        cyc = dict(base_lr=lr / 10, max_lr=lr, step_size_up=rng.randint(1, 40),
                   step_size_down=rng.choice([None, rng.randint(1, 40)]),
                   mode=rng.choice(["triangular", "triangular2", "exp_range"]),
                   gamma=rng.uniform(0.95, 1))
        theirs, ours = loop(torch, lambda o: S.CyclicLR(o, **cyc),
                            cysched.create("CyclicLR", **cyc), 300, lr, momentum=0.9)
        exact(ours, theirs)
        warm = dict(T_0=rng.randint(1, 30), T_mult=rng.randint(1, 3),
                    eta_min=rng.choice([0.0, lr * rng.random()]))
        theirs, ours = loop(torch, lambda o: S.CosineAnnealingWarmRestarts(o, **warm),
                            cysched.create("CosineAnnealingWarmRestarts", lr=lr, **warm),
                            400, lr)
        exact(ours, theirs)


def drift_bounded(ours, theirs, exact, bound, peak=0.0):
    """``ours`` within ``bound`` ulp of the exact rates, and within PyTorch's own
    distance from them plus ``bound`` ulp of PyTorch's loop values."""
    ulps(ours, exact, bound, peak)
    bad = [(i, a, b, e) for i, (a, b, e) in enumerate(zip(ours, theirs, exact))
           if abs(a - b) > abs(b - e) + bound * math.ulp(max(abs(a), peak))]
    assert not bad, bad[:5]


def test_torch_recurrences(torch):
    """PyTorch multiplies the rate step by step, so its loop values drift from the
    closed form (thousands of ulp after 10^5 LinearLR updates); cysched's are
    within 4 ulp of the exact rates (numpy.longdouble), so within PyTorch's own
    drift plus 4 ulp of PyTorch's."""
    np = pytest.importorskip("numpy")
    ld = np.longdouble
    rng = random.Random(6)
    S = torch.optim.lr_scheduler
    for i in range(DRAWS):
        lr = draw_lr(rng)
        updates = 100_000 if i == 0 else 2000
        total = rng.randint(1, updates)
        t = np.minimum(np.arange(updates, dtype=ld), ld(total))
        g = rng.uniform(0.9999, 1) if i == 0 else rng.uniform(0.99, 1)
        theirs, ours = loop(torch, lambda o: S.ExponentialLR(o, gamma=g),
                            cysched.create("ExponentialLR", lr=lr, gamma=g), updates, lr)
        exp = [float(x) for x in ld(lr) * np.power(ld(g), np.arange(updates, dtype=ld))]
        drift_bounded(ours, theirs, exp, 4)
        a, b = rng.uniform(0.01, 1), rng.uniform(0.01, 1)
        theirs, ours = loop(torch, lambda o: S.LinearLR(o, start_factor=a, end_factor=b,
                                                        total_iters=total),
                            cysched.create("LinearLR", lr=lr, start_factor=a, end_factor=b,
                                           total_iters=total), updates, lr)
        lin = [float(x) for x in ld(lr * a) + (ld(lr * b) - ld(lr * a)) * t / ld(total)]
        drift_bounded(ours, theirs, lin, 4, lr)
        m = rng.choice([0.0, lr * rng.random()])
        theirs, ours = loop(torch, lambda o: S.CosineAnnealingLR(o, T_max=total, eta_min=m),
                            cysched.create("CosineAnnealingLR", lr=lr, T_max=total,
                                           eta_min=m), total + 1, lr)
        pi = ld(np.pi) + ld(1.2246467991473532e-16)
        cos = [float(x) for x in ld(m) + (ld(lr) - ld(m)) * (1 + np.cos(
            pi * t[:total + 1] / ld(total))) / 2]
        drift_bounded(ours, theirs, cos, 4, lr)
        power = rng.choice([1.0, 2.0, rng.uniform(0.1, 4)])
        theirs, ours = loop(torch, lambda o: S.PolynomialLR(o, total_iters=total, power=power),
                            cysched.create("PolynomialLR", lr=lr, total_iters=total,
                                           power=power), updates, lr)
        # PyTorch's own closed form (_get_closed_form_lr), which cysched computes exactly
        closed = [lr * (1.0 - min(total, k) / total) ** power for k in range(updates)]
        exact(ours, closed)
        drift_bounded(ours, theirs, closed, 4, lr)


def test_torch_steps(torch):
    """StepLR, MultiStepLR, ConstantLR (and LinearLR, PolynomialLR with
    ``total_iters=0``): PyTorch multiplies its rate at each step
    (ConstantLR divides it back), cysched computes PyTorch's closed form
    (``_get_closed_form_lr``), bit for bit, which is within PyTorch's own drift
    plus 4 ulp of its loop values.  ConstantLR's closed form is the exact rate,
    ``lr * factor`` then ``lr`` (PyTorch's ``factor + (1 - factor)`` may round)."""
    from bisect import bisect_right
    rng = random.Random(15)
    S = torch.optim.lr_scheduler
    updates = 300
    for _ in range(DRAWS):
        lr = draw_lr(rng)
        gamma = rng.choice([0.1, 0.5, rng.uniform(0.01, 1)])
        size = rng.randint(1, 60)
        theirs, ours = loop(torch, lambda o: S.StepLR(o, step_size=size, gamma=gamma),
                            cysched.create("StepLR", lr=lr, step_size=size, gamma=gamma),
                            updates, lr)
        closed = [lr * gamma ** (e // size) for e in range(updates)]
        exact(ours, closed)
        drift_bounded(ours, theirs, closed, 4, lr)
        milestones = [rng.randint(0, 250) for _ in range(rng.randint(1, 5))]
        theirs, ours = loop(torch, lambda o: S.MultiStepLR(o, milestones, gamma=gamma),
                            cysched.create("MultiStepLR", lr=lr, milestones=milestones,
                                           gamma=gamma), updates, lr)
        ordered = sorted(milestones)
        closed = [lr * gamma ** bisect_right(ordered, e) for e in range(updates)]
        exact(ours, closed)
        drift_bounded(ours, theirs, closed, 4, lr)
        factor, total = rng.uniform(0.01, 1), rng.choice([0, rng.randint(1, 250)])
        theirs, ours = loop(torch, lambda o: S.ConstantLR(o, factor=factor, total_iters=total),
                            cysched.create("ConstantLR", lr=lr, factor=factor,
                                           total_iters=total), updates, lr)
        # total_iters=0: PyTorch's loop keeps lr * factor for ever (its closed form
        # says lr), and so does cysched
        closed = [lr * factor if e < total or not total else lr for e in range(updates)]
        exact(ours, closed)
        drift_bounded(ours, theirs, closed, 4, lr)
        start = rng.uniform(0.01, 1)
        for name, kwargs, first in (("LinearLR", dict(start_factor=start), lr * start),
                                    ("PolynomialLR", {}, lr)):
            theirs, ours = loop(torch, lambda o: getattr(S, name)(o, total_iters=0, **kwargs),
                                cysched.create(name, lr=lr, total_iters=0, **kwargs), 20, lr)
            exact(ours, theirs)
            exact(ours, [first] * 20)


def plateau_metrics(rng, count):
    """A validation metric that improves, stalls and worsens by turns."""
    metrics = [10.0]
    for _ in range(count):
        metrics.append(metrics[-1] + rng.choice([-1.0, -0.01, 0.0, 0.5, 1e-6]))
    return metrics


def plateau_draws(seed):
    """ReduceLROnPlateau's arguments (``eps=0``: README's differences), an
    evaluation every few updates and its metrics."""
    rng = random.Random(seed)
    for _ in range(DRAWS):
        lr = rng.uniform(1e-3, 2)
        kwargs = dict(mode=rng.choice(["min", "max"]), factor=rng.uniform(0.1, 0.9),
                      patience=rng.randint(0, 3), threshold=rng.choice([1e-4, 0.0, 0.05]),
                      threshold_mode=rng.choice(["rel", "abs"]), cooldown=rng.randint(0, 2),
                      min_lr=rng.choice([0.0, lr * 1e-3]), eps=0.0)
        every = rng.randint(1, 5)
        yield lr, kwargs, every, plateau_metrics(rng, 300 // every + 1)


def reductions_bounded(ours, theirs, peak_until=0, peak=0.0):
    """Both round once per reduction, in another association: within 4 ulp plus one
    per reduction so far (of ``peak`` before update ``peak_until``, a warmup)."""
    cuts = [sum(1 for i in range(1, k + 1) if theirs[i] < theirs[i - 1])
            for k in range(len(theirs))]
    bad = [(k, a, b) for k, (a, b) in enumerate(zip(ours, theirs))
           if abs(a - b) > (4 + cuts[k]) * math.ulp(max(a, b, peak if k < peak_until else 0))]
    assert len(ours) == len(theirs) and not bad and cuts[-1] > 0, bad[:5]


def both(torch, lr, run):
    """The rates ``run(optimizer, ours, rates)`` records with the peer's scheduler,
    then with cysched's."""
    runs = []
    for ours in (False, True):
        param = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([param], lr=lr)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            runs.append([])
            run(opt, ours, runs[-1])
    return runs


def test_torch_reduce_lr_on_plateau(torch):
    """A validation loss recorded every few updates; PyTorch multiplies its rate in
    place, cysched the schedule by a scale it multiplies: the same reductions, at
    the same updates, each rounded on both sides."""
    import cysched.torch as bridge
    for lr, kwargs, every, losses in plateau_draws(10):

        def run(opt, ours, rates):
            if ours:
                plateau = cysched.create("ReduceLROnPlateau", lr=lr, **kwargs)
                sched = bridge.LRScheduler(opt, plateau)
            else:
                sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **kwargs)
            for k in range(1, 301):
                rates.append(float(opt.param_groups[0]["lr"]))
                opt.step()
                if k % every == 0:     # an evaluation after update k
                    if ours:
                        plateau.record(losses[k // every])
                    else:
                        sched.step(losses[k // every])
                if ours:
                    sched.step()

        reductions_bounded(*reversed(both(torch, lr, run)))


def _sequential_parts(rng, lr, length):
    """One PyTorch scheduler running ``length`` steps, as (name, kwargs)."""
    name = rng.choice(["CosineAnnealingLR", "ExponentialLR", "StepLR", "MultiStepLR",
                       "PolynomialLR", "CosineAnnealingWarmRestarts", "LinearLR",
                       "ConstantLR", "OneCycleLR", "CyclicLR"])
    kwargs = {
        # a cosine that runs past T_max rises again in PyTorch (README's differences)
        "CosineAnnealingLR": lambda: dict(T_max=length + rng.randint(0, 20),
                                          eta_min=rng.choice([0.0, lr * rng.random()])),
        "ExponentialLR": lambda: dict(gamma=rng.uniform(0.9, 1)),
        "StepLR": lambda: dict(step_size=rng.randint(1, 30), gamma=rng.uniform(0.1, 1)),
        "MultiStepLR": lambda: dict(milestones=sorted(rng.sample(range(1, 80), 2)),
                                    gamma=rng.uniform(0.1, 1)),
        "PolynomialLR": lambda: dict(total_iters=rng.randint(1, 60),
                                     power=rng.choice([1.0, 2.0, rng.uniform(0.1, 4)])),
        "CosineAnnealingWarmRestarts": lambda: dict(T_0=rng.randint(1, 30),
                                                    T_mult=rng.randint(1, 2)),
        "LinearLR": lambda: dict(start_factor=rng.uniform(0.01, 1),
                                 end_factor=rng.uniform(0.01, 1),
                                 total_iters=rng.randint(1, 40)),
        "ConstantLR": lambda: dict(factor=rng.uniform(0.01, 1), total_iters=rng.randint(1, 40)),
        # OneCycleLR refuses to step past total_steps
        "OneCycleLR": lambda: dict(max_lr=lr * rng.uniform(1, 5),
                                   total_steps=length + rng.randint(2, 20)),
        "CyclicLR": lambda: dict(base_lr=lr / 10, max_lr=lr, step_size_up=rng.randint(1, 20)),
    }[name]()
    return name, kwargs


def _spelled(rng, name, kwargs):
    """A part as the factory takes it: (name, kwargs), a dict, or a bare name."""
    form = rng.choice(["pair", "list", "dict"] + ["name"] * (not kwargs))
    return {"pair": (name, kwargs), "list": [name, kwargs], "dict": dict(kwargs, name=name),
            "name": name}[form]


def test_torch_sequential(torch):
    """SequentialLR of a LinearLR or ConstantLR warmup and one or two PyTorch
    schedulers, against cysched.create("SequentialLR", ...) in the same loop.

    PyTorch's quirks, reproduced: each part's base rate is the optimizer's
    ``initial_lr`` when the part is made (a OneCycleLR rewrites it, as does a
    CyclicLR made first); the constructor resets the rate to the last
    ``initial_lr`` and restarts the first part from it; a milestone at 0 skips
    the parts before it; at a milestone the part restarts with ``_update_lr(0)``
    (its closed form at step 0, then its recurrence).  The reference for the
    bound is PyTorch's own closed form of each part (``_get_closed_form_lr``)
    where it has one, else its loop value."""
    from bisect import bisect_right
    S = torch.optim.lr_scheduler
    rng = random.Random(12)
    updates = 150
    for draw in range(DRAWS * 2):
        lr = draw_lr(rng)
        milestones = sorted(rng.sample(range(1, 100), rng.randint(1, 2)))
        if rng.random() < 0.1:
            milestones[0] = 0
        ends = milestones + [updates]
        lengths = [ends[0]] + [b - a for a, b in zip(ends, ends[1:])]
        if rng.random() < 0.8:
            first = rng.choice([
                ("LinearLR", dict(start_factor=rng.uniform(0.01, 1),
                                  total_iters=rng.randint(1, 30))),
                ("ConstantLR", dict(factor=rng.uniform(0.01, 1),
                                    total_iters=rng.randint(1, 30)))])
        else:
            first = _sequential_parts(rng, lr, lengths[0] + 1)
        parts = [first] + [_sequential_parts(rng, lr, n + 1) for n in lengths[1:]]
        made = []

        def theirs(opt):
            made[:] = [getattr(S, name)(opt, **kwargs) for name, kwargs in parts]
            return S.SequentialLR(opt, made, milestones)

        ours = cysched.create("SequentialLR", lr=lr, milestones=milestones,
                              schedulers=[_spelled(rng, *p) for p in parts])
        loop_rates, our_rates = loop(torch, theirs, ours, updates, lr, momentum=0.9)
        initial = made[0].optimizer.param_groups[0]["initial_lr"]
        start = bisect_right(milestones, 0)
        if hasattr(made[start], "_get_closed_form_lr") and not isinstance(
                made[start], S.CosineAnnealingWarmRestarts):
            made[start].base_lrs = [initial]
        closed = []
        for epoch, rate in enumerate(loop_rates):
            i = bisect_right(milestones, epoch)
            part = made[i]
            if hasattr(part, "_get_closed_form_lr"):
                part.last_epoch = epoch - (milestones[i - 1] if i else 0)
                rate = float(part._get_closed_form_lr()[0])
            closed.append(rate)
        drift_bounded(our_rates, loop_rates, closed, 4, lr)


# -- optax -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def optax():
    pytest.importorskip("jax", reason="pip install jax optax")
    import jax
    jax.config.update("jax_enable_x64", True)
    module = pytest.importorskip("optax", reason="pip install jax optax")
    yield module
    jax.config.update("jax_enable_x64", False)


def optax_loop(optax, schedule, ours, updates):
    """optax's schedule at the counts 0..updates-1, as float64 (the count of a real
    update is an int32, which JAX divides in float32; and XLA's compiled
    division may differ from the closed form in the last bit), and cysched's
    rates for updates 1..updates.  The float32 loop itself:
    ``test_optax_training_loop``."""
    import jax
    import jax.numpy as jnp
    # One shape for every call: XLA compiles each operation once per shape.
    assert updates <= 400
    import numpy
    # vmap: a schedule is a function of one count (piecewise_interpolate_schedule
    # takes no array of them)
    counts = jnp.arange(400, dtype=jnp.float64)
    theirs = numpy.asarray(jax.vmap(schedule)(counts))[:updates].tolist()
    return theirs, [ours(k) for k in range(1, updates + 1)]


def off_stairs(runs, begin, steps):
    """The counts of ``runs`` but the stairs of an optax staircase decay from
    ``begin``: XLA divides by multiplying with the reciprocal, so at some
    multiples of ``steps`` (``49 / 49 < 1``) optax's stair comes one count late."""
    keep = [c for c in range(len(runs[0])) if c <= begin or (c - begin) % steps]
    return [[run[c] for c in keep] for run in runs]


def test_optax_training_loop(optax):
    """The learning rate of optax's jitted update (inject_hyperparams), count by
    count, against cysched's through cysched.jax: the same sequence, in float32."""
    import jax
    import jax.numpy as jnp
    import cysched.jax as bridge
    kwargs = dict(init_value=0.0, peak_value=0.1, warmup_steps=50, decay_steps=1000)
    runs = []
    for sched in (optax.warmup_cosine_decay_schedule(**kwargs),
                  bridge.schedule(cysched.create("warmup_cosine_decay_schedule", **kwargs),
                                  1000)):
        opt = optax.inject_hyperparams(optax.sgd)(learning_rate=sched)
        params = jnp.zeros(1, dtype=jnp.float32)
        state = opt.init(params)
        step = jax.jit(lambda s, p: opt.update(jnp.ones(1, dtype=jnp.float32), s, p))
        rates = []
        for _ in range(1000):
            _, state = step(state, params)
            # the rate this update ran with (schedule at the count before it)
            rates.append(float(state.hyperparams["learning_rate"]))
        runs.append(rates)
    theirs, ours = runs
    # float32 rates; a shift by one update would be 0.002 off
    assert ours[0] == theirs[0] == 0.0 and abs(theirs[50] - 0.1) < 1e-8
    assert max(abs(a - b) for a, b in zip(ours, theirs)) <= 1e-8


def optax_polynomial(optax, kwargs, updates):
    """optax's polynomial_schedule against cysched's: 4 ulp of init_value (XLA's
    pow), plus what one ulp of 1 in optax's ``1 - count / transition_steps``
    makes of ``frac ** power`` (XLA multiplies by the reciprocal: at the end, for
    transition_steps 49, 98, 103, ..., optax's frac is 2**-53, not 0)."""
    theirs, ours = optax_loop(optax, optax.polynomial_schedule(**kwargs),
                              cysched.create("polynomial_schedule", **kwargs), updates)
    init, end, power = kwargs["init_value"], kwargs["end_value"], kwargs["power"]
    steps, begin = kwargs["transition_steps"], kwargs["transition_begin"]
    bad = []
    for c, (a, b) in enumerate(zip(ours, theirs)):
        frac = 1.0 - min(max(c - begin, 0), steps) / steps
        moved = max(abs(f ** power - frac ** power)
                    for f in (max(frac - 2 ** -52, 0.0), frac + 2 ** -52))
        bad += [(c, a, b)] if abs(a - b) > 4 * math.ulp(init) + abs(init - end) * moved else []
    assert len(ours) == len(theirs) and not bad, (kwargs, bad[:5])


def test_optax(optax):
    rng = random.Random(7)
    for _ in range(DRAWS):
        init = draw_lr(rng)
        steps = rng.randint(1, 60)
        kwargs = dict(init_value=init, transition_steps=steps,
                      decay_rate=rng.uniform(0.3, 1), staircase=rng.random() < 0.5,
                      transition_begin=rng.choice([0, rng.randint(0, 30)]))
        theirs, ours = optax_loop(optax, optax.exponential_decay(**kwargs),
                                  cysched.create("exponential_decay", **kwargs), 150)
        if kwargs["staircase"]:
            theirs, ours = off_stairs((theirs, ours), kwargs["transition_begin"], steps)
        # XLA's pow is not C's: 4 ulp of the initial rate
        ulps(ours, theirs, 4, init)
        table = {b: rng.uniform(0.1, 2) for b in sorted(rng.sample(range(1, 100), 3))}
        theirs, ours = optax_loop(optax, optax.piecewise_constant_schedule(init, table),
                                  cysched.create("piecewise_constant_schedule",
                                                 init_value=init,
                                                 boundaries_and_scales=table), 120)
        exact(ours, theirs)
        warm = dict(init_value=init * rng.random(), peak_value=init,
                    warmup_steps=rng.randint(0, 30), end_value=init * rng.random() * 0.1)
        warm["decay_steps"] = warm["warmup_steps"] + rng.randint(1, 100)
        theirs, ours = optax_loop(optax, optax.warmup_cosine_decay_schedule(**warm),
                                  cysched.create("warmup_cosine_decay_schedule", **warm),
                                  warm["decay_steps"] + 5)
        # optax: (init - peak) * (1 - c / w) + peak and peak * ((1 - a) * cos + a)
        ulps(ours, theirs, 4, init)
        poly = dict(init_value=init, end_value=init * rng.random(),
                    power=rng.choice([1.0, 2.0, rng.uniform(0.1, 4)]),
                    transition_steps=rng.randint(1, 100),
                    transition_begin=rng.choice([0, rng.randint(0, 30)]))
        optax_polynomial(optax, poly, poly["transition_steps"] + poly["transition_begin"] + 5)
        lin = dict(init_value=init, end_value=init * rng.random(),
                   transition_steps=rng.randint(1, 100))
        theirs, ours = optax_loop(optax, optax.linear_schedule(**lin),
                                  cysched.create("linear_schedule", **lin),
                                  lin["transition_steps"] + 5)
        ulps(ours, theirs, 4, init)


def test_optax_cosine_linear_exponential_sgdr(optax):
    rng = random.Random(13)
    for _ in range(DRAWS):
        init = draw_lr(rng)
        cos = dict(init_value=init, decay_steps=rng.randint(1, 300),
                   alpha=rng.choice([0.0, rng.random() * 0.5]))
        theirs, ours = optax_loop(optax, optax.cosine_decay_schedule(**cos),
                                  cysched.create("cosine_decay_schedule", **cos),
                                  min(cos["decay_steps"] + 5, 400))
        # optax: init * ((1 - alpha) * cos + alpha), pi * count / T
        ulps(ours, theirs, 4, init)
        lin = dict(init_value=init, end_value=init * rng.random(),
                   transition_steps=rng.randint(1, 100), transition_begin=rng.randint(1, 30))
        theirs, ours = optax_loop(optax, optax.linear_schedule(**lin),
                                  cysched.create("linear_schedule", **lin),
                                  lin["transition_steps"] + lin["transition_begin"] + 5)
        ulps(ours, theirs, 4, init)
        steps = rng.randint(1, 40)
        exp = dict(init_value=init * rng.random(), peak_value=init,
                   warmup_steps=rng.choice([0, 1, rng.randint(0, 50)]),
                   transition_steps=steps, decay_rate=rng.uniform(0.3, 1),
                   transition_begin=rng.choice([0, rng.randint(0, 30)]),
                   staircase=rng.random() < 0.5,
                   end_value=rng.choice([None, init * rng.random() * 0.5]))
        runs = optax_loop(optax, optax.warmup_exponential_decay_schedule(**exp),
                          cysched.create("warmup_exponential_decay_schedule", **exp), 300)
        if exp["staircase"]:
            runs = off_stairs(runs, exp["warmup_steps"] + exp["transition_begin"], steps)
        # optax's ramp and XLA's pow: 4 ulp of the peak
        ulps(*runs[::-1], 4, init)
        cycles = [dict(init_value=init * rng.random() * 0.1, peak_value=init * rng.random(),
                       warmup_steps=rng.randint(0, 20),
                       end_value=rng.choice([0.0, init * rng.random() * 0.01]))
                  for _ in range(rng.randint(1, 4))]
        for cycle in cycles:
            cycle["decay_steps"] = cycle["warmup_steps"] + rng.randint(1, 60)
        total = sum(cycle["decay_steps"] for cycle in cycles)
        theirs, ours = optax_loop(optax, optax.sgdr_schedule(cycles),
                                  cysched.create("sgdr_schedule", cosine_kwargs=cycles),
                                  min(total + 5, 400))
        ulps(ours, theirs, 4, init)


def test_optax_polynomial_end(optax):
    """transition_steps where XLA's count / transition_steps stays under 1, and
    powers below 1, which make the most of it."""
    rng = random.Random(16)
    for _ in range(DRAWS):
        init = draw_lr(rng)
        poly = dict(init_value=init, end_value=init * rng.random(),
                    power=rng.choice([0.5, rng.uniform(0.05, 1), rng.uniform(1, 4)]),
                    transition_steps=rng.choice([49, 98, 103, 107, rng.randint(1, 200)]),
                    transition_begin=rng.choice([0, rng.randint(0, 30)]))
        optax_polynomial(optax, poly, min(poly["transition_steps"] + poly["transition_begin"]
                                          + 20, 400))


def test_optax_onecycle_and_interpolate(optax):
    """optax builds all three with piecewise_interpolate_schedule: a
    PiecewiseScheduler through the same points.  XLA divides by an interval's
    length as a multiplication by its reciprocal: within 4 ulp of the peak."""
    rng = random.Random(14)
    for _ in range(DRAWS):
        peak = draw_lr(rng)
        start = rng.choice([0.3, 0.0, 1.0, rng.random(), 0.004])
        cos = dict(transition_steps=rng.choice([1, 2, rng.randint(1, 390)]), peak_value=peak,
                   pct_start=start, div_factor=rng.choice([25.0, rng.uniform(1, 100)]),
                   final_div_factor=rng.choice([1e4, rng.uniform(0.5, 1e4)]))
        updates = min(cos["transition_steps"] + 10, 400)
        theirs, ours = optax_loop(optax, optax.cosine_onecycle_schedule(**cos),
                                  cysched.create("cosine_onecycle_schedule", **cos), updates)
        ulps(ours, theirs, 4, peak)
        lin = dict(cos, pct_final=rng.choice([0.85, start, 1.0, rng.uniform(start, 1)]))
        theirs, ours = optax_loop(optax, optax.linear_onecycle_schedule(**lin),
                                  cysched.create("linear_onecycle_schedule", **lin), updates)
        ulps(ours, theirs, 4, peak)
        kind = rng.choice(["linear", "cosine"])
        table = {b: rng.uniform(0.1, 2) for b in rng.sample(range(-3, 300), rng.randint(0, 4))}
        theirs, ours = optax_loop(
            optax, optax.piecewise_interpolate_schedule(kind, peak, table),
            cysched.create("piecewise_interpolate_schedule", interpolate_type=kind,
                           init_value=peak, boundaries_and_scales=table), 320)
        ulps(ours, theirs, 4, peak * 16)    # the scales' products reach 2 ** 4 times it


def test_optax_onecycle_arguments():
    """(Without optax.)  A bad argument is named; optax's table is kept as optax
    builds it: a key given twice keeps its last scale, a ramp ending at count 0
    is left out."""
    with pytest.raises(ValueError, match="transition_steps must be >= 1, got transition_steps=0"):
        cysched.create("cosine_onecycle_schedule", transition_steps=0, peak_value=1.0)
    with pytest.raises(ValueError, match="div_factor must be > 0, got div_factor=0.0"):
        cysched.create("linear_onecycle_schedule", transition_steps=9, peak_value=1.0,
                       div_factor=0)
    with pytest.raises(TypeError, match="'cosine_onecycle_schedule' needs peak_value"):
        cysched.create("cosine_onecycle_schedule", transition_steps=9)
    with pytest.raises(ValueError, match="interpolate_type must be one of 'linear', 'cosine'"):
        cysched.create("piecewise_interpolate_schedule", interpolate_type="constant",
                       init_value=1.0)
    s = cysched.create("linear_onecycle_schedule", transition_steps=2, peak_value=1.0,
                       pct_start=0.1, pct_final=0.2)      # {0: 25, 0: 1 / 25, 2: 1e-4}
    low = 1.0 / 25.0 * (1.0 / 25.0)
    assert (s.boundaries, s.values, s.interpolate) == ((0, 2), (low, low * 1e-4), "linear")
    c = cysched.create("cosine_onecycle_schedule", transition_steps=10, peak_value=1.0)
    assert (c.boundaries, c.values, c.interpolate) == ((0, 3, 10), (0.04, 1.0, 4e-6), "cosine")


# -- Keras 3 ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def keras_schedules():
    import os
    if importlib.util.find_spec("keras") is None:
        pytest.skip("pip install keras (with KERAS_BACKEND=torch or jax)")
    os.environ.setdefault("KERAS_BACKEND", "torch")
    pytest.importorskip(os.environ["KERAS_BACKEND"])
    import keras
    return keras


@pytest.fixture
def keras(keras_schedules):
    """Keras computing in float64 (its schedules cast to the initial rate's type)."""
    keras_schedules.backend.set_floatx("float64")
    yield keras_schedules
    keras_schedules.backend.set_floatx("float32")


def keras_loop(keras, schedule, ours, updates):
    """The optimizer's learning rate at each ``iterations``, float64 variables."""
    import numpy
    opt = keras.optimizers.SGD(learning_rate=schedule)
    var = keras.Variable(numpy.zeros(1), dtype="float64")
    opt.build([var])
    theirs = []
    for _ in range(updates):
        theirs.append(float(schedule(opt.iterations)))
        opt.apply_gradients([(keras.ops.ones(1, dtype="float64"), var)])
    return theirs, [ours(k) for k in range(1, updates + 1)]


def test_keras(keras):
    S = keras.optimizers.schedules
    rng = random.Random(8)
    for _ in range(DRAWS):
        init = draw_lr(rng)
        first = rng.randint(1, 40)
        exp = dict(initial_learning_rate=init, decay_steps=first,
                   decay_rate=rng.uniform(0.3, 1), staircase=rng.random() < 0.5)
        exact(*keras_loop(keras, S.ExponentialDecay(**exp),
                          cysched.create("ExponentialDecay", **exp), 100))
        bounds = sorted(rng.sample(range(1, 80), 2))
        values = [init, init / 2, init / 4]
        exact(*keras_loop(keras, S.PiecewiseConstantDecay(bounds, values),
                          cysched.create("PiecewiseConstantDecay", boundaries=bounds,
                                         values=values), 100))
        poly = dict(initial_learning_rate=init, decay_steps=first,
                    end_learning_rate=init * rng.random(),
                    power=rng.choice([1.0, 2.0, rng.uniform(0.1, 4)]))
        ulps(*keras_loop(keras, S.PolynomialDecay(**poly),
                         cysched.create("PolynomialDecay", **poly), first + 5), 4, init)
        cos = dict(initial_learning_rate=init * rng.random(), decay_steps=first,
                   alpha=rng.choice([0.0, rng.random() * 0.5]), warmup_target=init,
                   warmup_steps=rng.randint(0, 20))
        ulps(*keras_loop(keras, S.CosineDecay(**cos),
                         cysched.create("CosineDecay", **cos),
                         first + cos["warmup_steps"] + 5), 4, init)


def restart_at(step, first, t_mul):
    """The cycle of Keras' ``CosineDecayRestarts`` that starts at ``step`` (to
    1e-9; the starts ``first * (t_mul**i - 1) / (t_mul - 1)`` in rationals), or None."""
    m, start, length = fractions.Fraction(t_mul), fractions.Fraction(0), fractions.Fraction(first)
    cycle = 0
    while start <= step + 1:
        if abs(step - start) <= 1e-9 * max(start, 1):
            return cycle
        start, length, cycle = start + length, length * m, cycle + 1
    return None


def restarts_bounded(ours, theirs, t_of, first, mul, top, bottom, decay, bound):
    """``ours`` and ``theirs`` (rates by update index ``k``) within ``bound(k)``,
    except where ``t_of(k)`` starts a cycle (``cycle_mult`` not a whole number):
    there the peer's ``floor(log(...) / log(mul))`` and cysched's rounded cycle
    starts may each take the update for the end of the cycle before, so each
    side is the floor or the new cycle's peak."""
    bad = []
    for k, (a, b) in enumerate(zip(ours, theirs)):
        t = t_of(k)
        cycle = None if t is None else restart_at(t, first, mul)
        if cycle is None:
            bad += [(k, a, b)] if abs(a - b) > bound(k) else []
            continue
        ends = (bottom, bottom + (top - bottom) * decay ** cycle)
        bad += [(k, a, b, ends) for x in (a, b) if min(abs(x - e) for e in ends) > bound(k)]
    assert not bad, bad[:5]


def test_keras_inverse_time_and_restarts(keras):
    S = keras.optimizers.schedules
    rng = random.Random(15)
    for _ in range(DRAWS):
        init = draw_lr(rng)
        inv = dict(initial_learning_rate=init, decay_steps=rng.randint(1, 40),
                   decay_rate=rng.choice([0.5, 1.0, rng.uniform(0, 5)]),
                   staircase=rng.random() < 0.5)
        exact(*keras_loop(keras, S.InverseTimeDecay(**inv),
                          cysched.create("InverseTimeDecay", **inv), 100))
        first = rng.randint(1, 40)
        sgdr = dict(initial_learning_rate=init, first_decay_steps=first,
                    t_mul=rng.choice([1.0, 2.0, 3.0, 1.5, rng.uniform(1, 3)]),
                    m_mul=rng.choice([1.0, 0.5, rng.uniform(0.1, 1)]),
                    alpha=rng.choice([0.0, rng.uniform(0, 0.5)]))
        theirs, ours = keras_loop(keras, S.CosineDecayRestarts(**sgdr),
                                  cysched.create("CosineDecayRestarts", **sgdr), 200)
        # Keras rounds the phase at the size of step / first_decay_steps
        restarts_bounded(ours, theirs, lambda k: k, first, sgdr["t_mul"], init,
                         init * sgdr["alpha"], sgdr["m_mul"],
                         lambda k: 4 * math.ulp(init * max(1.0, k / first)))
        cos = dict(initial_learning_rate=init, decay_steps=rng.randint(1, 150),
                   alpha=rng.choice([0.0, rng.random() * 0.5]))
        ulps(*keras_loop(keras, S.CosineDecay(**cos), cysched.create("CosineDecay", **cos),
                         cos["decay_steps"] + 5), 4, init)


# -- timm ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def timm_scheduler(torch):
    """timm.scheduler alone: timm's own __init__ imports its models (and torchvision)."""
    spec = importlib.util.find_spec("timm")
    if spec is None:
        pytest.skip("pip install --no-deps timm")
    if "timm" not in sys.modules:
        stand_in = types.ModuleType("timm")
        stand_in.__path__ = list(spec.submodule_search_locations)
        sys.modules["timm"] = stand_in
    import timm.scheduler
    return timm.scheduler


class PerUpdate(object):
    """A timm scheduler stepped after every update, as timm's train loop does
    (``step_update(num_updates)``), behind PyTorch's ``step()``."""

    def __init__(self, scheduler):
        self.scheduler = scheduler
        self.updates = 0

    def step(self):
        self.updates += 1
        self.scheduler.step_update(self.updates)


def timm_loop(torch, make, ours, updates, lr):
    """timm's rates and cysched's through the bridge, as ``loop`` reads them."""
    return loop(torch, lambda opt: PerUpdate(make(opt)), ours, updates, lr)


def test_timm(torch, timm_scheduler):
    T = timm_scheduler
    rng = random.Random(9)
    for _ in range(DRAWS):
        lr = draw_lr(rng)
        warm = dict(warmup_t=rng.choice([0, rng.randint(1, 20)]),
                    warmup_lr_init=lr * rng.random(), warmup_prefix=rng.random() < 0.5)
        step = dict(decay_t=rng.randint(1, 40), decay_rate=rng.uniform(0.1, 1), **warm)
        ulps(*timm_loop(torch, lambda o: T.StepLRScheduler(o, t_in_epochs=False, **step),
                        cysched.create("step", lr=lr, **step), 200, lr), 4)
        # (a milestone at 1: timm's formula decays at t = 0, but its first update runs
        # at the optimizer's rate, set before any step_update; README's differences)
        multi = dict(decay_t=sorted(rng.sample(range(2, 150), 3)),
                     decay_rate=rng.uniform(0.1, 1), **warm)
        ulps(*timm_loop(torch, lambda o: T.MultiStepLRScheduler(o, t_in_epochs=False, **multi),
                        cysched.create("multistep", lr=lr, **multi), 200, lr), 4)
        cos = dict(t_initial=rng.randint(1, 100), lr_min=rng.choice([0.0, lr * 0.01]),
                   **warm)
        # timm: pi * t / T, here pi * (t / T): the phase rounds otherwise (4 ulp of lr).
        ulps(*timm_loop(torch, lambda o: T.CosineLRScheduler(o, t_in_epochs=False, **cos),
                        cysched.create("cosine", lr=lr, **cos), 150, lr), 4, lr)
        poly = dict(t_initial=rng.randint(1, 100), lr_min=rng.choice([0.0, lr * 0.01]),
                    power=rng.choice([0.5, 1.0, rng.uniform(0.1, 4)]), **warm)
        ulps(*timm_loop(torch, lambda o: T.PolyLRScheduler(o, t_in_epochs=False, **poly),
                        cysched.create("poly", lr=lr, **poly), 150, lr), 4, lr)
        cyc = dict(t_initial=rng.randint(1, 30),
                   cycle_mul=rng.choice([1.0, 2.0, 3.0, round(rng.uniform(1.0, 3.0), 2)]),
                   cycle_decay=rng.uniform(0.3, 1), cycle_limit=rng.randint(1, 4), **warm)
        theirs, ours = timm_loop(torch, lambda o: T.CosineLRScheduler(
            o, t_in_epochs=False, **cyc), cysched.create("cosine", lr=lr, **cyc), 300, lr)
        w = warm["warmup_t"]
        restarts_bounded(ours, theirs, lambda k: None if k < w else k - w * cyc["warmup_prefix"],
                         cyc["t_initial"], cyc["cycle_mul"], lr, 0.0, cyc["cycle_decay"],
                         lambda k: 4 * math.ulp(lr))


def test_timm_plateau(torch, timm_scheduler):
    """timm's PlateauLRScheduler steps once per epoch with the epoch's metric:
    cysched's through the bridge takes ``step(metric)`` there (``step()`` in the
    warmup epochs, whose metrics timm ignores), and both hold the rate through
    the epoch's updates."""
    import cysched.torch as bridge
    rng = random.Random(13)
    for _ in range(DRAWS):
        lr = rng.uniform(0.01, 2)
        # lr_min > 0: timm keeps ReduceLROnPlateau's eps=1e-8 (README's differences)
        kwargs = dict(mode=rng.choice(["min", "max"]), decay_rate=rng.uniform(0.1, 0.9),
                      patience_t=rng.randint(0, 3), threshold=rng.choice([1e-4, 0.0, 0.05]),
                      cooldown_t=rng.randint(0, 2), lr_min=lr * rng.choice([1e-3, 0.1]),
                      warmup_t=rng.choice([0, rng.randint(1, 10)]),
                      warmup_lr_init=lr * rng.random())
        warmup, per_epoch = kwargs["warmup_t"], rng.randint(1, 3)
        metrics = plateau_metrics(rng, 60)

        def run(opt, ours, rates):
            if ours:
                sched = bridge.LRScheduler(opt, cysched.create("plateau", lr=lr, **kwargs))
            else:
                sched = timm_scheduler.PlateauLRScheduler(opt, **kwargs)
            for epoch in range(60):
                for _ in range(per_epoch):
                    rates.append(float(opt.param_groups[0]["lr"]))
                    opt.step()
                if not ours:
                    sched.step(epoch + 1, metrics[epoch])
                elif epoch + 1 > warmup:
                    sched.step(metrics[epoch])
                else:
                    sched.step()

        theirs, ours = both(torch, lr, run)
        # timm's ramp: init + epoch * ((lr - init) / warmup_t), to 4 ulp of lr
        reductions_bounded(ours, theirs, (warmup + 1) * per_epoch, lr)
