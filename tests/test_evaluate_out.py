"""``evaluate`` reads its input where it is and writes where it is told.

Every input kind the compiled loops read in place (a range, integer, bool and
float arrays of any stride) gives the scalar calls' bits and leaves the state
they leave; ``out=`` follows NumPy's convention, checked the same way on both
implementations, and nothing is written when an element is bad.
"""
import numpy as np
import pytest

from conftest import _namespace, _pure_modules
from samples import PUBLIC, example

UPDATES = [0, 1, 2, 3, 4, 5, 7, 9, 12, 20, 31, 50, 1000, 2, 6, 40, 2 ** 40, 8]


def _inputs():
    """``(name, input, the Python numbers a loop would call with)``."""
    ints = np.array(UPDATES, dtype=np.int64)
    wide = np.zeros(2 * len(UPDATES), dtype=np.int64)
    wide[::2] = ints
    small = [n for n in UPDATES if n < 2 ** 15]
    floats = [n + 0.5 for n in small]
    strided = np.zeros(2 * len(floats))
    strided[1::2] = floats
    return [
        ("range", range(0, 60, 3), list(range(0, 60, 3))),
        ("range down", range(61, 0, -4), list(range(61, 0, -4))),
        ("int64", ints, UPDATES),
        ("int64 strided", wide[::2], UPDATES),
        ("uint64", ints.astype(np.uint64), UPDATES),
        ("int32", np.array(small, dtype=np.int32), small),
        ("uint16", np.array(small, dtype=np.uint16), small),
        ("int8", np.array([n for n in small if n < 128], dtype=np.int8),
         [n for n in small if n < 128]),
        ("bool", np.array([True, False, True]), [1, 0, 1]),
        ("float32", np.array(floats, dtype=np.float32), floats),
        ("float64 strided", strided[1::2], floats),
        ("float64", np.array(floats), floats),
        ("big-endian int", np.array(small, dtype=">i4"), small),
        ("float16", np.array([0.5, 3.0, 7.25], dtype=np.float16), [0.5, 3.0, 7.25]),
        ("list", list(UPDATES), UPDATES),
        ("empty range", range(0), []),
    ]


INPUTS = _inputs()


def _hex(values):
    return [float(x).hex() for x in values]


@pytest.mark.parametrize("name", PUBLIC)
@pytest.mark.parametrize("kind,given,numbers", INPUTS, ids=[i[0] for i in INPUTS])
def test_every_input_kind_is_the_scalar_loop(impl, name, kind, given, numbers):
    looped, evaluated = example(impl, name), example(impl, name)
    expected = [looped(n) for n in numbers]
    got = evaluated.evaluate(given)
    assert got.dtype == np.float64 and got.shape == (len(numbers),)
    assert _hex(got) == _hex(expected)
    assert repr(evaluated.state_dict()) == repr(looped.state_dict())


@pytest.mark.parametrize("name", PUBLIC)
@pytest.mark.parametrize("given", [range(1, 30), np.arange(1, 30), np.arange(1.0, 30.0)],
                         ids=["range", "int64", "float64"])
def test_out_is_written_and_returned(impl, name, given):
    plain, into = example(impl, name), example(impl, name)
    expected = plain.evaluate(given)
    out = np.full(len(given), np.nan)
    assert into.evaluate(given, out=out) is out
    assert _hex(out) == _hex(expected)
    assert repr(into.state_dict()) == repr(plain.state_dict())


def _bad_outs():
    x = np.arange(1.0, 9.0)
    frozen = np.zeros(8)
    frozen.flags.writeable = False
    return [
        ("list", [0.0] * 8, TypeError, "out must be a NumPy array"),
        ("float32", np.zeros(8, dtype=np.float32), TypeError,
         "out must be a float64 array, got out.dtype=float32"),
        ("short", np.zeros(7), ValueError, "out must have the shape of num_updates, (8,)"),
        ("2-D", np.zeros((8, 1)), ValueError, "out must have the shape of num_updates"),
        ("strided", np.zeros(16)[::2], ValueError, "out must be C-contiguous"),
        ("read-only", frozen, ValueError, "out must be writable"),
        ("the input", x, ValueError, "out must not overlap num_updates"),
    ], x


@pytest.mark.parametrize("name", PUBLIC)
def test_a_bad_out_raises_the_same_error_on_both(impl, name):
    bad_outs, x = _bad_outs()
    pure = _namespace(_pure_modules())
    for label, out, error, text in bad_outs:
        for sched in (example(impl, name), example(pure, name)):
            with pytest.raises(error) as info:
                sched.evaluate(x, out=out)
            assert str(info.value).startswith(text), (label, str(info.value))


@pytest.mark.parametrize("name", PUBLIC)
@pytest.mark.parametrize("bad", [np.array([3, 5, -1, 7]), np.array([3.0, np.nan, 1.0]),
                                 np.array([1, 2 ** 53 + 1], dtype=np.uint64)],
                         ids=["negative", "nan", "too big"])
def test_a_bad_element_writes_nothing_and_changes_nothing(impl, name, bad):
    sched, fresh = example(impl, name), example(impl, name)
    out = np.full(len(bad), 42.0)
    with pytest.raises((ValueError, OverflowError)) as info:
        sched.evaluate(bad, out=out)
    assert "num_updates[" in str(info.value)
    assert (out == 42.0).all()
    assert repr(sched.state_dict()) == repr(fresh.state_dict())


@pytest.mark.parametrize("name", PUBLIC)
def test_the_evaluate_function_passes_out_on(impl, name):
    from cysched import evaluate
    sched, plain = example(impl, name), example(impl, name)
    out = np.empty(5)
    assert evaluate(sched, range(3, 8), out=out) is out
    assert _hex(out) == _hex(plain.evaluate(range(3, 8)))
    calls = np.empty(3)
    assert evaluate(lambda n: n / 2, [1, 2, 3], out=calls) is calls
    assert calls.tolist() == [0.5, 1.0, 1.5]
