"""InverseTimeScheduler: Keras' ``InverseTimeDecay`` after MXNet's warmup.

Keras' formula is re-derived below in float64, in Keras' order of operations
(``tests/test_peers_loop.py`` runs Keras itself in a training loop); update
``k`` runs with ``schedule(k)``, Keras' rate at its step ``k - 1``.
"""
import math
import random

import pytest


def keras_inverse_time_decay(step, initial_learning_rate, decay_steps, decay_rate,
                             staircase=False):
    """``keras.optimizers.schedules.InverseTimeDecay.__call__``, in float64."""
    p = float(step) / float(decay_steps)
    if staircase:
        p = math.floor(p)
    return initial_learning_rate / (1.0 + float(decay_rate) * p)


def exact(ours, theirs):
    bad = [(i, a, b) for i, (a, b) in enumerate(zip(ours, theirs)) if a.hex() != b.hex()]
    assert len(ours) == len(theirs) and not bad, bad[:5]


def test_the_formula_bit_for_bit(impl):
    rng = random.Random(12)
    for _ in range(200):
        lr = rng.choice([1.0, 0.1, rng.uniform(1e-4, 2)])
        steps = rng.randint(1, 50)
        rate = rng.choice([0.0, 0.5, 1.0, rng.uniform(0, 10)])
        staircase = rng.random() < 0.5
        sched = impl.InverseTimeScheduler(rate, base_lr=lr, step=steps, staircase=staircase)
        counts = list(range(500)) + [rng.randint(0, 2 ** 53 - 1), 2 ** 53 - 1]
        exact([sched(c + 1) for c in counts],
              [keras_inverse_time_decay(c, lr, steps, rate, staircase) for c in counts])
        exact(sched.evaluate([c + 1 for c in counts]).tolist(), [sched(c + 1) for c in counts])


def test_values(impl):
    s = impl.InverseTimeScheduler(1.0, base_lr=1.0, step=10)
    assert [s(0), s(1), s(11), s(31), s(6)] == [1.0, 1.0, 0.5, 0.25, 1.0 / 1.5]
    assert s(2.5) == 1.0 / (1.0 + 1.5 / 10)
    st = impl.InverseTimeScheduler(1.0, base_lr=1.0, step=10, staircase=True)
    assert [st(10), st(11), st(20), st(21)] == [1.0, 0.5, 0.5, 1.0 / 3]
    assert impl.InverseTimeScheduler(0, base_lr=0.3)(10 ** 9) == 0.3
    assert impl.InverseTimeScheduler(1e300, base_lr=1.0)(2 ** 53) == 0.0


def test_the_decay_starts_after_the_warmup(impl):
    s = impl.InverseTimeScheduler(1.0, base_lr=1.0, step=2, warmup_steps=4,
                                  warmup_begin_lr=0.2)
    assert [s(k) for k in range(1, 8)] == [0.2, 0.4, 0.6000000000000001, 0.8, 1.0,
                                           1.0 / 1.5, 0.5]


def test_writing_base_lr_rescales_the_warmup(impl):
    s = impl.InverseTimeScheduler(0.5, base_lr=1.0, step=3, warmup_steps=2,
                                  warmup_begin_lr=0.5)
    s.base_lr = 2.0
    assert s.warmup_begin_lr == 1.0 and s(3) == 2.0 and s(6) == 2.0 / 1.5


def test_parameters_read_back_and_configure(impl):
    s = impl.InverseTimeScheduler(decay_rate=1, base_lr=1, step=2, staircase=1)
    assert (s.decay_rate, s.step, s.staircase) == (1.0, 2, True)
    assert type(s.decay_rate) is float and type(s.step) is int
    assert repr(s) == ("InverseTimeScheduler(decay_rate=1.0, base_lr=1.0, step=2, "
                       "staircase=True, warmup_steps=0, warmup_begin_lr=0.0, "
                       "warmup_mode='linear')")
    again = impl.InverseTimeScheduler(**s.get_config())
    assert repr(again) == repr(s)
    s.decay_rate = 3
    assert s(3) == 1.0 / (1.0 + 3.0 * 1.0)


@pytest.mark.parametrize("args, kwargs, error, message", [
    ((-0.5,), {}, ValueError, "decay_rate must be >= 0.0, got decay_rate=-0.5"),
    ((float("inf"),), {}, ValueError, "decay_rate"),
    (("fast",), {}, TypeError, "decay_rate"),
    ((0.5,), {"step": 0}, ValueError, "step must be >= 1, got step=0"),
    ((0.5,), {"step": 2.5}, TypeError, "step must be an integer"),
    ((0.5,), {"staircase": "yes"}, TypeError, "staircase must be True or False"),
    ((0.5,), {"base_lr": -1}, ValueError, "base_lr must be >= 0"),
    ((), {}, TypeError, "decay_rate"),
])
def test_bad_arguments_are_named(impl, args, kwargs, error, message):
    with pytest.raises(error) as info:
        impl.InverseTimeScheduler(*args, **kwargs)
    assert message in str(info.value)


def test_a_bad_write_is_refused_and_leaves_the_value(impl):
    s = impl.InverseTimeScheduler(0.5)
    with pytest.raises(ValueError, match="decay_rate must be >= 0.0"):
        s.decay_rate = -1.0
    assert s.decay_rate == 0.5
