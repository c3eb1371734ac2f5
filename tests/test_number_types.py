"""Every exact real number type is the Python number it holds.

A NumPy integer (or any ``__index__`` integer, a 0-d integer array, an int
subclass) gives what the ``int`` gives, and ``numpy.float64`` (a float
subclass) what the ``float`` gives: same values, same types, same state after.
The families take NumPy's float32 and float16 as the float they hold; MXNet's
classes keep MXNet 1.9.1's float32 arithmetic (compared with the pure twin in
test_differential).
"""
import numpy as np
import pytest

from conftest import _namespace, _pure_modules
from samples import FAMILY_NAMES, PUBLIC, example

UPDATES = [0, 1, 2, 3, 5, 8, 13, 21, 40, 2 ** 40, 7, 2 ** 53]
FLOATS = [0.0, 0.5, 2.25, 7.0, 19.75, 1e9 + 0.5, 3.0]


class Count(int):
    """An int subclass, as a framework's step counter may be."""


def _integers():
    return [np.int64, np.int32, np.uint64, Count, np.array, bool]


def _answers(sched, args):
    out = []
    for arg in args:
        value = sched(arg)
        out.append((type(value), value.hex() if isinstance(value, float) else value))
    return out


def _state(sched):
    return repr(sched.state_dict())


@pytest.mark.parametrize("name", PUBLIC)
@pytest.mark.parametrize("convert", _integers(), ids=lambda c: c.__name__)
def test_integer_types_are_the_int(impl, name, convert):
    updates = [0, 1] if convert is bool else UPDATES
    if convert in (np.int32,):
        updates = [n for n in updates if n < 2 ** 31]
    for variant in (0, 1):
        plain, typed = example(impl, name, variant), example(impl, name, variant)
        assert _answers(typed, [convert(n) for n in updates]) == _answers(plain, updates)
        assert _state(typed) == _state(plain)


@pytest.mark.parametrize("name", PUBLIC)
def test_float64_is_the_float(impl, name):
    for variant in (0, 1):
        plain, typed = example(impl, name, variant), example(impl, name, variant)
        assert _answers(typed, [np.float64(x) for x in FLOATS]) == _answers(plain, FLOATS)
        assert _state(typed) == _state(plain)


@pytest.mark.parametrize("name", FAMILY_NAMES)
@pytest.mark.parametrize("narrow", [np.float32, np.float16], ids=lambda c: c.__name__)
def test_narrow_floats_are_the_float_in_the_families(impl, name, narrow):
    values = [narrow(x) for x in [0.0, 0.5, 2.25, 7.0, 19.75, 1024.5, 3.0]]
    plain, typed = example(impl, name), example(impl, name)
    assert _answers(typed, values) == _answers(plain, [float(x) for x in values])


@pytest.mark.parametrize("bad", [np.int64(-1), np.uint64(2 ** 53 + 1), np.array(-3),
                                 np.float64("nan"), np.array(2.5)])
@pytest.mark.parametrize("name", PUBLIC)
def test_outside_the_c_path_the_errors_and_values_are_the_twins(impl, name, bad):
    ours, theirs = example(impl, name), example(_namespace(_pure_modules()), name)
    assert _outcome(ours, bad) == _outcome(theirs, bad)


def _outcome(sched, arg):
    """What ``sched(arg)`` does: its value, or its exception's type and text."""
    try:
        value = sched(arg)
    except (TypeError, ValueError, OverflowError) as exc:
        return type(exc), str(exc)
    return type(value), float(value).hex()
