"""Pickle, copy, deepcopy and repr on both twins; pickles load in either one."""
import copy
import pickle

import pytest

import cysched.lr_scheduler
from _scenarios import same_number

KWARGS = {
    "FactorScheduler": dict(base_lr=1, step=3, factor=0.5, stop_factor_lr=0.01, warmup_steps=2),
    "MultiFactorScheduler": dict(base_lr=1, step=[3, 7, 12], factor=0.5, warmup_steps=2),
    "PolyScheduler": dict(base_lr=1, max_update=20, pwr=2, final_lr=0.01, warmup_steps=2),
    "CosineScheduler": dict(base_lr=1, max_update=20, final_lr=0.001, warmup_steps=2),
}
NAMES = sorted(KWARGS)


def started(module, name):
    sched = getattr(module, name)(**KWARGS[name])
    for n in (1, 5, 9):
        sched(n)
    return sched


def assert_continues_like(a, b):
    """Same state, and the same answers from here on."""
    for attr in type(a)._state:
        x, y = getattr(a, attr), getattr(b, attr)
        assert same_number(x, y) if isinstance(x, (int, float)) else x == y, attr
    for n in [10, 4, 13, 25, 11, 40]:
        assert same_number(a(n), b(n)), n


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("protocol", range(0, pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_round_trip_continues_exactly(impl, name, protocol):
    sched = started(impl, name)
    loaded = pickle.loads(pickle.dumps(sched, protocol))
    # A pickle names the public class: it loads as the active implementation.
    assert type(loaded) is getattr(cysched.lr_scheduler, name)
    assert_continues_like(loaded, sched)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("how", [copy.copy, copy.deepcopy])
def test_copies_stay_in_their_implementation(impl, name, how):
    sched = started(impl, name)
    twin = how(sched)
    assert type(twin) is type(sched) and twin is not sched
    assert_continues_like(twin, sched)


def test_deepcopy_does_not_share_the_step_list(impl):
    sched = impl.MultiFactorScheduler(step=[3, 6])
    twin = copy.deepcopy(sched)
    twin.step.append(9)
    assert sched.step == [3, 6]


@pytest.mark.parametrize("name", NAMES)
def test_pickles_name_the_public_class(impl, name):
    data = pickle.dumps(started(impl, name))
    assert name.encode() in data and b"cysched._state" in data
    assert b"_lr_scheduler_c" not in data and b"_lr_scheduler_py" not in data


@pytest.mark.parametrize("name", NAMES)
def test_a_pickle_loads_in_the_other_implementation(compiled, pure, name, monkeypatch):
    for made, other in ((compiled, pure), (pure, compiled)):
        data = pickle.dumps(started(made, name))
        monkeypatch.setattr(cysched.lr_scheduler, name, getattr(other, name))
        loaded = pickle.loads(data)
        assert type(loaded) is getattr(other, name)
        assert_continues_like(loaded, started(made, name))


@pytest.mark.parametrize("name", NAMES)
def test_repr_shows_the_class_and_its_parameters(impl, name):
    sched = getattr(impl, name)(**KWARGS[name])
    text = repr(sched)
    assert text.startswith(name + "(")
    rebuilt = eval(text, {name: getattr(impl, name)})
    assert repr(rebuilt) == text
    for key, value in KWARGS[name].items():
        assert "%s=%r" % (key, value) in text
