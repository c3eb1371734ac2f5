"""Warmup around any schedule, SequentialScheduler, ProductScheduler and
PlateauScheduler: semantics, Python parts, nesting, pickling, and the C path."""
import math
import os
import pickle
import sys

import pytest

import cysched
from cysched.cli import TutorialCosineScheduler


def hexes(values):
    return [float(v).hex() for v in values]


def inverse(n):
    """A plain Python schedule (module level, so it pickles)."""
    return 1.0 / (n + 1)


class Counting(object):
    """A Python schedule that counts its calls."""

    def __init__(self, rate):
        self.base_lr = rate
        self.calls = 0

    def __call__(self, num_update):
        self.calls += 1
        return self.base_lr


# -- Warmup ---------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["linear", "constant", "cosine", "exponential"])
def test_warmup_ramps_to_the_wrapped_value(impl, mode):
    inner = impl.CosineRestartScheduler(30, base_lr=0.5, final_lr=0.01)
    s = impl.Warmup(inner, 20, warmup_begin_lr=0.02, warmup_mode=mode)
    target = inner(1)
    ramp = {
        "linear": lambda n: 0.02 + (target - 0.02) * (n / 20),
        "constant": lambda n: 0.02,
        "cosine": lambda n: 0.02 + (target - 0.02) * (1.0 - math.cos(math.pi * n / 20)) / 2.0,
        "exponential": lambda n: 0.02 * math.pow(target / 0.02, n / 20),
    }[mode]
    # A prefix: updates 1..20 ramp (after 0..19 updates), then the schedule from 1.
    assert hexes(s(k) for k in range(1, 21)) == hexes(ramp(k - 1) for k in range(1, 21))
    assert hexes(s(k) for k in range(21, 200)) == hexes(inner(k - 20) for k in range(21, 200))
    if mode != "constant":  # no jump: the ramp ends where the schedule starts
        assert abs(ramp(20) - s(21)) < 1e-15
    # timm's overlay: the ramp replaces the schedule's first 20 updates
    over = impl.Warmup(inner, 20, warmup_begin_lr=0.02, warmup_mode=mode, prefix=False)
    assert hexes(over(k) for k in range(1, 21)) == hexes(s(k) for k in range(1, 21))
    assert hexes(over(k) for k in range(21, 200)) == hexes(inner(k) for k in range(21, 200))


@pytest.mark.parametrize("wrapped", ["lambda", "tutorial", "mxnet", "callable_class"])
def test_warmup_wraps_python_callables(impl, wrapped):
    from cysched import lr_scheduler
    part = {"lambda": lambda n: 0.1 / (1 + n / 100),
            "tutorial": TutorialCosineScheduler(base_lr=0.3, final_lr=0.01, max_update=500),
            "mxnet": lr_scheduler.CosineScheduler(max_update=500, base_lr=0.3, final_lr=0.01),
            "callable_class": Counting(0.25)}[wrapped]
    s = impl.Warmup(part, 50)
    target = float(part(1))
    assert s(1) == 0.0 and s(26) == 0.0 + (target - 0.0) * (25 / 50)
    assert s(51) == target and s(450) == float(part(400))
    assert all(type(s(n)) is float for n in range(0, 500, 7))


def test_warmup_rejects_bad_arguments(impl):
    with pytest.raises(TypeError, match="schedule must be callable"):
        impl.Warmup(0.1, 10)
    with pytest.raises(ValueError, match="an exponential warmup needs warmup_begin_lr > 0"):
        impl.Warmup(inverse, 10, warmup_mode="exponential")
    with pytest.raises(TypeError, match="warmup_steps must be an integer"):
        impl.Warmup(inverse, 1.5)


class Unfinished(object):
    """Returns None past its horizon, as a hand-written schedule easily does."""

    def __call__(self, num_update):
        if num_update <= 10:
            return 0.5


def test_python_part_must_return_a_number(impl):
    s = impl.Warmup(Unfinished(), 2)
    assert s(12) == 0.5
    with pytest.raises(TypeError) as info:
        s(13)
    assert str(info.value) == ("Unfinished returned None for num_update=11: "
                               "a schedule must return a real number")
    with pytest.raises(TypeError, match="<lambda> returned 'x'"):
        impl.ProductScheduler(lambda n: "x")(3)


# -- SequentialScheduler --------------------------------------------------------------------

def test_sequential_rebases_num_update(impl):
    seen = []

    def first(n):
        seen.append(("first", n))
        return 1.0

    def second(n):
        seen.append(("second", n))
        return 2.0

    def third(n):
        seen.append(("third", n))
        return 3.0

    s = impl.SequentialScheduler([first, second, third], milestones=[10, 25])
    assert [s(n) for n in (0, 1, 10, 11, 25, 26, 1000)] == [1.0, 1.0, 1.0, 2.0, 2.0, 3.0, 3.0]
    assert seen == [("first", 0), ("first", 1), ("first", 10), ("second", 1), ("second", 15),
                    ("third", 1), ("third", 975)]
    assert type(seen[0][1]) is int  # whole updates reach Python parts as ints
    seen.clear()
    s(10.5)
    assert seen == [("second", 0.5)]


def test_sequential_warmup_then_decay_meets_at_the_milestone(impl):
    warm = impl.LinearScheduler(100, base_lr=0.0, final_lr=0.4)
    decay = impl.CosineRestartScheduler(900, base_lr=0.4, final_lr=0.0)
    s = impl.SequentialScheduler([warm, decay], [100])
    # update 101 is the decay's first: the rate warm would reach there
    assert s(100) == warm(100) and s(101) == decay(1) == warm(101) == 0.4
    assert s(50) == warm(50) and s(1000) == decay(900)


def test_sequential_nests(impl):
    inner = impl.SequentialScheduler([impl.ConstantScheduler(base_lr=0.3),
                                      impl.ConstantScheduler(base_lr=0.2)], [5])
    outer = impl.SequentialScheduler([impl.ConstantScheduler(base_lr=0.5), inner], [10])
    assert [outer(n) for n in (10, 11, 15, 16, 10 ** 6)] == [0.5, 0.3, 0.3, 0.2, 0.2]
    assert impl.SequentialScheduler([inverse], [])(4) == 0.2


@pytest.mark.parametrize("schedules, milestones, error, text", [
    ([], [], ValueError, "schedules must hold at least one schedule"),
    ([inverse, inverse], [0], ValueError, "milestones[0] must be >= 1, got milestones[0]=0"),
    ([inverse, inverse, inverse], [5, 5], ValueError, "milestones must be strictly increasing"),
    ([inverse, inverse], [], ValueError, "milestones must have one entry fewer than schedules"),
    ([inverse], [3], ValueError, "milestones must have one entry fewer than schedules"),
    ([inverse, 3], [3], TypeError, "schedules[1] must be callable"),
    ([inverse, inverse], [2.5], TypeError, "milestones[0] must be an integer"),
    (inverse, [], TypeError, "schedules must be a list of schedules"),
])
def test_sequential_rejects_bad_arguments(impl, schedules, milestones, error, text):
    with pytest.raises(error) as info:
        impl.SequentialScheduler(schedules, milestones)
    assert text in str(info.value)


def test_sequential_base_lr_rescales_every_part(impl):
    warm = impl.LinearScheduler(10, base_lr=0.0, final_lr=0.2)
    decay = impl.ExponentialScheduler(0.9, base_lr=0.2, final_lr=0.01)
    s = impl.SequentialScheduler([warm, decay], [10])
    before = [s(n) for n in range(100)]
    assert s.base_lr == 0.2
    s.base_lr = 0.4
    assert (warm.final_lr, decay.base_lr, decay.final_lr) == (0.4, 0.4, 0.02)
    assert hexes(s(n) for n in range(100)) == hexes(2 * x for x in before)
    zero = impl.SequentialScheduler([impl.ConstantScheduler(base_lr=0)], [])
    with pytest.raises(ValueError, match="base_lr are all 0"):
        zero.base_lr = 1.0
    with pytest.raises(AttributeError, match="inverse has no base_lr"):
        impl.SequentialScheduler([inverse], []).base_lr = 1.0


# -- ProductScheduler -----------------------------------------------------------------------

def test_product_multiplies(impl):
    a = impl.CyclicScheduler(0.5, 1.0, step_size_up=5)
    b = impl.ExponentialScheduler(0.9, base_lr=1.0)
    s = impl.ProductScheduler(a, b, inverse)
    assert hexes(s(n) for n in range(50)) == hexes(a(n) * b(n) * inverse(n) for n in range(50))
    assert impl.ProductScheduler(schedules=[a, b])(7) == a(7) * b(7)
    with pytest.raises(ValueError, match="schedules must hold at least one schedule"):
        impl.ProductScheduler()
    with pytest.raises(TypeError, match="not both"):
        impl.ProductScheduler(a, schedules=[b])
    s.base_lr = 1.0
    assert a.base_lr == 1.0 and a.max_lr == 2.0


def test_product_with_a_plateau_factor(impl):
    factor = impl.PlateauScheduler(base_lr=1.0, factor=0.5, patience=0)
    s = impl.ProductScheduler(impl.LinearScheduler(100, base_lr=0.1, final_lr=0.0), factor)
    before = s(30)
    factor.record(1.0)
    factor.record(2.0)  # no improvement, patience 0: halve
    assert s(30) == before * 0.5


# -- PlateauScheduler ----------------------------------------------------------------------

def test_plateau_patience_cooldown_floor(impl):
    s = impl.PlateauScheduler(base_lr=1.0, factor=0.5, patience=2, cooldown=1, final_lr=0.2)
    reduced = [s.record(m) for m in (5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5)]
    assert reduced == [False, False, False, True, False, False, False, True, False, False,
                       False, True, False]
    assert s(0) == 0.2 and s.scale == 0.125  # the floor holds the rate
    assert (s.num_bad_epochs, s.cooldown_counter, s.num_records) == (0, 0, 13)


@pytest.mark.parametrize("mode, threshold_mode, good, bad", [
    ("min", "rel", 0.98, 0.999), ("min", "abs", 0.89, 0.95),
    ("max", "rel", 1.02, 1.001), ("max", "abs", 1.11, 1.05)])
def test_plateau_threshold_modes(impl, mode, threshold_mode, good, bad):
    threshold = 0.01 if threshold_mode == "rel" else 0.1
    s = impl.PlateauScheduler(base_lr=1.0, mode=mode, threshold=threshold,
                              threshold_mode=threshold_mode, patience=0)
    s.record(1.0)
    assert s.record(good) is False and s.best == good
    assert s.record(good * bad) is True and s.best == good


def test_plateau_multiplies_an_inner_schedule(impl):
    inner = impl.LinearScheduler(100, base_lr=1.0, final_lr=0.0)
    s = impl.PlateauScheduler(inner, factor=0.5, patience=0, final_lr=0.1)
    s.record(1)
    s.record(1)
    assert s(1) == 0.5 and s(51) == 0.25
    assert s(86) == 0.1  # 0.15 * 0.5 would be below final_lr
    assert s(96) == inner(96)  # the floor never raises the inner schedule
    s.base_lr = 2.0
    assert inner.base_lr == 2.0 and s.final_lr == 0.2
    with pytest.raises(ValueError, match="give schedule or base_lr, not both"):
        impl.PlateauScheduler(inner, base_lr=0.1)
    with pytest.raises(TypeError, match="metric must be a real number, got metric='x'"):
        s.record("x")


def test_plateau_state_survives_pickling(impl):
    s = impl.PlateauScheduler(impl.CosineRestartScheduler(50, base_lr=0.3), factor=0.3,
                              patience=1, cooldown=2, mode="max")
    for m in (1, 2, 2, 1.5, 1.9, 1.8, 1.7):
        s.record(m)
    clone = pickle.loads(pickle.dumps(s))
    names = type(s)._state
    assert {n: repr(getattr(clone, n)) for n in names} == {n: repr(getattr(s, n)) for n in names}
    for m in (1.0, 3.0, 2.0, 2.5, 1.0, 1.0, 1.0):
        assert clone.record(m) == s.record(m)
        assert hexes(clone(n) for n in range(0, 200, 9)) == hexes(s(n) for n in range(0, 200, 9))


# -- composites run in C when every part is compiled ------------------------------------------

#: The installed package's folder: Python code run from it is cysched's.
PACKAGE = os.path.join(os.path.dirname(os.path.abspath(cysched.__file__)), "")


def count_python_calls(fn):
    calls = []

    def profile(frame, event, arg):
        if event == "call" and frame.f_code.co_filename.startswith(PACKAGE):
            calls.append(frame.f_code.co_name)
    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return calls


def nested(L, extra=None):
    parts = [L.Warmup(L.OneCycleScheduler(0.5, 300), 30, 0.01, "cosine"),
             L.PlateauScheduler(L.PiecewiseScheduler([10, 20], [0.3, 0.2, 0.1]))]
    if extra is not None:
        parts.append(extra)
    return L.ProductScheduler(L.SequentialScheduler(parts, [100, 200][:len(parts) - 1]),
                              L.CyclicScheduler(0.5, 1.0, 9))


def test_compiled_composites_make_no_python_call_per_update(compiled):
    pytest.importorskip("numpy")
    s = nested(compiled)
    assert count_python_calls(lambda: [s(n) for n in range(200)]) == []
    small = count_python_calls(lambda: s.evaluate(range(10)))
    large = count_python_calls(lambda: s.evaluate(range(10000)))
    assert len(small) == len(large)  # only the input check, whatever the length
    part = Counting(1.0)
    with_python = nested(compiled, part)
    with_python.evaluate(range(1000))
    assert part.calls == 799  # updates 201..999 reach the Python part
    assert hexes(with_python.evaluate(range(300))) == hexes(with_python(n) for n in range(300))


def test_compiled_and_pure_composites_agree(compiled, pure):
    for extra in (None, inverse):
        a, b = nested(compiled, extra), nested(pure, extra)
        assert hexes(a(n) for n in range(0, 2000, 3)) == hexes(b(n) for n in range(0, 2000, 3))
    c = compiled.Warmup(pure.ConstantScheduler(base_lr=0.2), 10)  # mixing twins works too
    assert c(6) == pure.Warmup(pure.ConstantScheduler(base_lr=0.2), 10)(6) == 0.1


def test_a_subclass_is_called_through_python(impl):
    class Doubled(impl.ConstantScheduler):
        def __call__(self, num_update):
            return 2 * super().__call__(num_update)
    s = impl.Warmup(Doubled(base_lr=0.1), 4)
    assert s(3) == 0.1 and s(8) == 0.2


def test_composites_pickle_and_repr(impl):
    s = nested(impl, inverse)
    clone = pickle.loads(pickle.dumps(s))
    assert hexes(clone(n) for n in range(0, 1000, 7)) == hexes(s(n) for n in range(0, 1000, 7))
    assert repr(clone) == repr(s)
    assert repr(s).startswith("ProductScheduler(schedules=(SequentialScheduler(schedules=(Warmup(")
    assert "inverse" in repr(s)
    names = vars(impl).copy()
    names["inverse"] = inverse
    rebuilt = eval(repr(nested(impl)), names)
    assert hexes(rebuilt(n) for n in range(500)) == hexes(nested(impl)(n) for n in range(500))


def test_composite_specs_on_the_command_line(tmp_path):
    from cysched._spec import build
    s = build("Warmup(ConstantScheduler(base_lr=1.0), warmup_steps=10)")
    assert s(6) == 0.5 and s(11) == 1.0
    seq = build("SequentialScheduler([LinearScheduler(10, base_lr=0.0, final_lr=1.0), "
                "ExponentialScheduler(0.5, base_lr=1.0)], [10])")
    assert seq(11) == 1.0 and seq(13) == 0.25
    prod = build("ProductScheduler(ConstantScheduler(base_lr=0.5), "
                 "PiecewiseScheduler([5], [1.0, 0.5]))")
    assert prod(6) == 0.25
