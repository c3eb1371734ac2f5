"""Loaded state is checked with the constructor's rules: load_state_dict,
__setstate__ (unpickling) and from_config refuse what the constructor would,
types included, and a refused load changes nothing."""
import copy
import math
import pickle
from decimal import Decimal

import pytest

import samples
from cysched import _state
from test_state import assert_same_future, run, snapshot

np = pytest.importorskip("numpy")

#: Values no rate of MXNet's classes may hold, and the error each gives.
BAD_RATES = [
    (float("nan"), ValueError), (float("inf"), ValueError), (None, TypeError),
    ("0.1", TypeError), ([0.1], TypeError), (Decimal("0.1"), TypeError),
    (np.array([0.1, 0.2]), TypeError), (1j, TypeError),
]

#: Rate-like attributes of each of MXNet's classes.
MXNET_RATES = {
    "FactorScheduler": ("base_lr", "warmup_begin_lr", "warmup_final_lr", "factor",
                        "stop_factor_lr", "step", "count"),
    "MultiFactorScheduler": ("base_lr", "warmup_begin_lr", "warmup_final_lr", "factor"),
    "PolyScheduler": ("base_lr", "warmup_begin_lr", "warmup_final_lr", "power",
                      "base_lr_orig", "final_lr"),
    "CosineScheduler": ("base_lr", "warmup_begin_lr", "warmup_final_lr", "base_lr_orig",
                        "final_lr"),
}
MXNET_CASES = [(name, attr, value, error) for name, attrs in sorted(MXNET_RATES.items())
               for attr in attrs for value, error in BAD_RATES]


def refused(sched, data, error, match=None):
    """``load_state_dict(data)`` raises ``error`` and leaves ``sched`` as it was."""
    before = snapshot(sched)
    twin = copy.deepcopy(sched)
    with pytest.raises(error, match=match) as info:
        sched.load_state_dict(data)
    assert snapshot(sched) == before
    assert_same_future(sched, twin)
    return str(info.value)


def edited(sched, **values):
    d = sched.state_dict()
    d["state"].update(values)
    return d


@pytest.mark.parametrize("name, attr, value, error", MXNET_CASES)
def test_mxnet_state_refuses_what_is_no_number(impl, name, attr, value, error):
    sched = run(samples.example(impl, name))
    message = refused(sched, edited(sched, **{attr: value}), error)
    assert attr in message


@pytest.mark.parametrize("name, attr, value, error", MXNET_CASES[::7])
def test_mxnet_messages_agree_across_implementations(compiled, pure, name, attr, value,
                                                     error):
    messages = []
    for ns in (compiled, pure):
        sched = run(samples.example(ns, name))
        messages.append(refused(sched, edited(sched, **{attr: value}), error))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("name, values, error, match", [
    # MXNet 1.9.1 asserts isinstance(warmup_steps, int).
    ("FactorScheduler", dict(warmup_steps=1.5), AssertionError, "warmup_steps"),
    ("FactorScheduler", dict(warmup_steps=None), AssertionError, "warmup_steps"),
    ("FactorScheduler", dict(warmup_steps=-1), ValueError, "Warmup steps"),
    ("FactorScheduler", dict(warmup_mode="cosine"), ValueError, "linear and constant"),
    ("FactorScheduler", dict(warmup_begin_lr=5.0), ValueError, "higher than warmup_begin"),
    ("FactorScheduler", dict(step=0), ValueError, "step must be greater"),
    ("FactorScheduler", dict(factor=1.5), ValueError, "Factor must be no more than 1"),
    ("FactorScheduler", dict(count=-2), ValueError, "count must be >= 0"),
    ("MultiFactorScheduler", dict(step=[]), AssertionError, "non-empty list"),
    ("MultiFactorScheduler", dict(step=[5, 3]), ValueError, "increasing"),
    ("MultiFactorScheduler", dict(cur_step_ind=4), ValueError, "cur_step_ind"),
    ("MultiFactorScheduler", dict(cur_step_ind=0.5), AssertionError, "cur_step_ind"),
    ("PolyScheduler", dict(max_update=2), ValueError, "max_update must differ"),
    ("PolyScheduler", dict(max_update=0), ValueError, "strictly positive"),
    ("PolyScheduler", dict(max_steps=1.5), AssertionError, "max_steps"),
    ("CosineScheduler", dict(max_update="20"), AssertionError, "max_update"),
])
def test_mxnet_state_follows_the_constructors_rules(impl, name, values, error, match):
    sched = run(samples.example(impl, name))
    refused(sched, edited(sched, **values), error, match)


@pytest.mark.parametrize("version", [True, 1.0, "1", None, 2])
def test_the_version_is_the_int_it_claims(impl, version):
    sched = run(samples.example(impl, "FactorScheduler"))
    d = sched.state_dict()
    d["version"] = version
    refused(sched, d, ValueError, "unsupported state_dict version")


def test_the_class_name_is_a_string(impl):
    sched = samples.example(impl, "CosineScheduler")
    d = sched.state_dict()
    d["class"] = ["CosineScheduler"]
    refused(sched, d, ValueError, "another class")


@pytest.mark.parametrize("name, values, error, match", [
    ("PiecewiseScheduler", dict(boundaries=[]), ValueError, "one more value than boundaries"),
    ("SequentialScheduler", dict(milestones=[]), ValueError, "one entry fewer"),
    ("LinearScheduler", dict(max_update=1), ValueError, "greater than warmup_steps"),
    ("ExponentialScheduler", dict(final_lr=5.0), ValueError, "final_lr must be <= base_lr"),
    ("ConstantScheduler", dict(warmup_begin_lr=9.0), ValueError, "higher than warmup_begin"),
    ("ConstantScheduler", dict(warmup_steps=2.0), TypeError, "warmup_steps"),
    ("ConstantScheduler", dict(base_lr="0.5"), TypeError, "base_lr"),
    ("ConstantScheduler", dict(base_lr=float("nan")), ValueError, "base_lr"),
    ("ConstantScheduler", dict(base_lr=Decimal(1)), TypeError, "base_lr"),
    ("OneCycleScheduler", dict(three_phase="yes"), TypeError, "three_phase"),
    ("PlateauScheduler", dict(num_bad_epochs=-1), ValueError, "num_bad_epochs"),
    ("PlateauScheduler", dict(best="low"), TypeError, "metric"),
    ("PlateauScheduler", dict(scale=None), TypeError, "scale"),
])
def test_family_state_follows_the_constructors_rules(impl, name, values, error, match):
    sched = run(samples.example(impl, name))
    refused(sched, edited(sched, **values), error, match)


def test_a_bad_part_state_changes_neither_part_nor_owner(impl):
    sched = run(samples.example(impl, "SequentialScheduler"))
    d = sched.state_dict()
    d["state"]["milestones"] = [d["state"]["milestones"][0] + 1]
    d["state"]["schedules"][1]["state"]["factor"] = float("nan")
    before = snapshot(sched), [snapshot(part) for part in sched.schedules]
    with pytest.raises(ValueError, match=r"schedules\[1\]: factor must be finite"):
        sched.load_state_dict(d)
    assert (snapshot(sched), [snapshot(part) for part in sched.schedules]) == before


def test_every_family_refuses_a_wrong_type_in_each_parameter(impl):
    for name in samples.FAMILY_NAMES:
        sched = run(samples.example(impl, name))
        for attr, value in sched.state_dict()["state"].items():
            if isinstance(value, dict) or (isinstance(value, list) and value
                                           and isinstance(value[0], dict)):
                continue    # a part: loaded in place, checked by its own class
            bad = {"text": object} if value is None else "text"
            if isinstance(value, str):
                bad = "no such option"
            with pytest.raises((TypeError, ValueError), match=attr.split("_")[0]):
                sched.load_state_dict(edited(sched, **{attr: bad}))


def test_loading_a_far_away_base_lr_does_not_rescale(impl):
    # base_lr and the other rates come from the state: no rescaling between them.
    sched = impl.LinearScheduler(max_update=10, base_lr=5e-324, final_lr=5e-324)
    source = impl.LinearScheduler(max_update=10, base_lr=1e300, final_lr=1e299)
    sched.load_state_dict(source.state_dict())
    assert (sched.base_lr, sched.final_lr) == (1e300, 1e299)
    assert_same_future(sched, source)


def test_a_failed_base_lr_load_leaves_the_rates(impl):
    sched = impl.CyclicScheduler(base_lr=0.1, max_lr=1.0, step_size_up=4)
    d = sched.state_dict()
    d["state"]["base_lr"] = 0.5
    d["state"]["gamma"] = 7.0
    refused(sched, d, ValueError, "gamma")


@pytest.mark.parametrize("name, attr, value, error", [
    ("PiecewiseScheduler", "boundaries", "text", TypeError),
    ("ConstantScheduler", "warmup_mode", "sideways", ValueError),
    ("ConstantScheduler", "base_lr", float("nan"), ValueError),
    ("LinearScheduler", "max_update", 2.5, TypeError),
])
def test_unpickling_checks_each_value_as_a_write_does(impl, name, attr, value, error):
    sched = run(samples.example(impl, name))
    state = sched.__getstate__()
    state[attr] = value
    with pytest.raises(error, match=attr.split("_")[0]):
        _state.restore(name, state)
    before = snapshot(sched)
    with pytest.raises(error):
        sched.__setstate__(state)
    assert snapshot(sched) == before


def test_a_copy_reproduces_what_attribute_writes_reached(impl):
    # Writes are checked one at a time: they can break a rule between
    # arguments, and a copy or a pickle keeps such a scheduler as it is.
    sched = impl.ExponentialScheduler(0.5, base_lr=1.0, final_lr=0.5)
    sched.final_lr = 2.0
    for twin in (copy.deepcopy(sched), pickle.loads(pickle.dumps(sched))):
        assert_same_future(twin, sched)
    with pytest.raises(ValueError, match="final_lr must be <= base_lr"):
        impl.ExponentialScheduler(0.5).load_state_dict(sched.state_dict())


def test_unpickling_a_state_with_missing_keys_is_refused(impl):
    state = samples.example(impl, "FactorScheduler").__getstate__()
    del state["count"]
    with pytest.raises(ValueError, match=r"missing keys \['count'\]"):
        _state.restore("FactorScheduler", state)


@pytest.mark.parametrize("name, values, error", [
    ("PiecewiseScheduler", dict(boundaries=[]), ValueError),
    ("SequentialScheduler", dict(milestones=[]), ValueError),
    ("FactorScheduler", dict(base_lr=float("nan")), ValueError),
    ("FactorScheduler", dict(step="3"), TypeError),
    ("CosineScheduler", dict(warmup_steps=2.5), AssertionError),
])
def test_from_config_checks_like_the_constructor(impl, name, values, error):
    cfg = samples.example(impl, name).get_config()
    cfg.update(values)
    with pytest.raises(error):
        getattr(impl, name).from_config(cfg)


def test_a_checked_load_still_continues_exactly(impl):
    for name in samples.PUBLIC:
        sched = run(samples.example(impl, name))
        other = samples.example(impl, name, 1)
        other.load_state_dict(sched.state_dict())
        assert_same_future(other, sched)
        assert math.isfinite(other(7))
