"""The C API: a Cython consumer compiled against the *installed* .pxd.

Building it proves the wheel ships ``cysched/_lr_scheduler_c.pxd``; running it
proves ``lr_at`` returns what ``float(s(n))`` returns and leaves the scheduler
in the same state, with or without the GIL.
"""
import importlib.util
import logging
import pathlib
import shlex
import shutil
import subprocess
import sys
import sysconfig

import pytest

import cysched
from _scenarios import Capture, same_number

CONSUMER = '''
# cython: language_level=3
from cysched._lr_scheduler_c cimport LRScheduler

def rates(LRScheduler sched, list updates):
    """[sched.lr_at(n) for n in updates], each call made without the GIL."""
    cdef Py_ssize_t i, count = len(updates)
    cdef long long n
    out = []
    for i in range(count):
        n = updates[i]
        with nogil:
            value = sched.lr_at(n)
        out.append(value)
    return out

def sweep(LRScheduler sched, long long start, long long stop):
    """The sum of sched.lr_at(n) over range(start, stop), in one nogil loop."""
    cdef double total = 0
    cdef long long n
    with nogil:
        for n in range(start, stop):
            total += sched.lr_at(n)
    return total

def fast(LRScheduler sched):
    return sched._fast
'''

PACKAGE = pathlib.Path(cysched.__file__).resolve().parent


@pytest.fixture(scope="module")
def consumer(tmp_path_factory):
    if not cysched.COMPILED:
        pytest.skip("the compiled extension is not installed")
    assert (PACKAGE / "_lr_scheduler_c.pxd").exists(), "the .pxd is not installed"
    ldshared = sysconfig.get_config_var("LDSHARED")
    if not ldshared or shutil.which(shlex.split(ldshared)[0]) is None:
        pytest.skip("no C compiler (%r)" % ldshared)
    if importlib.util.find_spec("Cython") is None:
        pytest.skip("Cython is not installed in the test environment")
    work = tmp_path_factory.mktemp("capi")
    (work / "cysched_capi_consumer.pyx").write_text(CONSUMER)
    c_file = work / "cysched_capi_consumer.c"
    so = work / ("cysched_capi_consumer" + sysconfig.get_config_var("EXT_SUFFIX"))
    subprocess.run([sys.executable, "-m", "cython", "-3", "-I", str(PACKAGE.parent),
                    str(work / "cysched_capi_consumer.pyx"), "-o", str(c_file)],
                   check=True, capture_output=True)
    subprocess.run(shlex.split(ldshared) + ["-O2", "-fPIC", "-I" + sysconfig.get_paths()["include"],
                                            str(c_file), "-o", str(so)],
                   check=True, capture_output=True)
    spec = importlib.util.spec_from_file_location("cysched_capi_consumer", so)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


KWARGS = {
    "FactorScheduler": dict(base_lr=1, step=250, factor=0.5),
    "MultiFactorScheduler": dict(base_lr=1, step=[250, 750, 900], factor=0.5),
    "PolyScheduler": dict(base_lr=1, final_lr=1e-3, max_update=800, pwr=2),
    "CosineScheduler": dict(base_lr=1, final_lr=1e-3, max_update=800, warmup_steps=100),
}
UPDATES = list(range(0, 1200, 7)) + [5, 300, 2000, 0, 10 ** 6, 799, 800, 801]


def state(sched):
    return {name: getattr(sched, name) for name in type(sched)._state}


def assert_same_state(a, b):
    sa, sb = state(a), state(b)
    for name, value in sa.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            assert same_number(value, sb[name]), (name, value, sb[name])
        else:
            assert value == sb[name], name


@pytest.mark.parametrize("name", sorted(KWARGS))
@pytest.mark.parametrize("warmup", ["none", "linear", "constant"])
def test_lr_at_is_the_call(consumer, compiled, name, warmup):
    kwargs = dict(KWARGS[name])
    if warmup != "none":
        kwargs.update(warmup_steps=40, warmup_begin_lr=0.25, warmup_mode=warmup)
    a, b = getattr(compiled, name)(**kwargs), getattr(compiled, name)(**kwargs)
    assert consumer.fast(a)
    got = consumer.rates(a, UPDATES)
    want = [float(b(n)) for n in UPDATES]
    assert [x.hex() for x in got] == [x.hex() for x in want]
    assert_same_state(a, b)
    # The attribute objects are right after C-only stores: same types, same values.
    assert type(a.base_lr) is type(b.base_lr)
    assert same_number(a(5000), b(5000))


@pytest.mark.parametrize("name", sorted(KWARGS))
def test_nogil_loop_and_state(consumer, compiled, name):
    a, b = getattr(compiled, name)(**KWARGS[name]), getattr(compiled, name)(**KWARGS[name])
    total = consumer.sweep(a, 1, 1001)
    want = 0.0
    for n in range(1, 1001):    # not sum(): Python 3.12+ sums floats with compensation
        want += float(b(n))
    assert total == want
    assert_same_state(a, b)
    a.warmup_begin_lr = b.warmup_begin_lr = 0   # a write after C-only stores keeps them
    assert_same_state(a, b)
    assert same_number(a(1), b(1))


def test_int_base_lr_stays_int_and_objects_are_rebuilt(consumer, compiled):
    s = compiled.PolyScheduler(max_update=10, base_lr=2, final_lr=0)
    assert consumer.rates(s, [11]) == [2.0]
    assert type(s.base_lr) is int
    consumer.rates(s, [3])
    assert s.base_lr == 2 * (1 - 3 / 10) ** 2 and type(s.base_lr) is float
    assert same_number(s(11), s.base_lr)
    m = compiled.MultiFactorScheduler(step=[5], base_lr=3, factor=1)
    consumer.rates(m, [1, 6, 7])
    assert type(m.base_lr) is int and m.cur_step_ind == 1 and m.count == 5


def test_decays_log_like_calls(consumer, compiled):
    logger = logging.getLogger("cysched.lr_scheduler")
    logs = []
    for use_capi in (True, False):
        handler = Capture()
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        try:
            s = compiled.FactorScheduler(step=10, factor=0.5, base_lr=1e-6)
            if use_capi:
                consumer.rates(s, list(range(1, 200)))
            else:
                [s(n) for n in range(1, 200)]
        finally:
            logger.removeHandler(handler)
            logger.setLevel(logging.NOTSET)
        logs.append(handler.messages)
    assert logs[0] == logs[1] and logs[0]


def test_python_subclass_and_odd_states_take_the_call(consumer, compiled):
    class Floored(compiled.FactorScheduler):
        def __call__(self, num_update):
            return max(super().__call__(num_update), 0.2)

    assert consumer.rates(Floored(step=2, factor=0.5, base_lr=1), [1, 3, 5, 7]) == [
        1.0, 0.5, 0.25, 0.2]
    s = compiled.FactorScheduler(step=2, factor=0.5, base_lr=1)
    s.base_lr = 2 ** 60          # beyond 2**53: not ``fast``, the twin's code runs
    assert not consumer.fast(s)
    assert consumer.rates(s, [1, 3]) == [float(2 ** 60), float(2 ** 59)]


def test_errors_propagate(consumer, compiled):
    with pytest.raises(ValueError, match="num_update must be >= 0"):
        consumer.rates(compiled.CosineScheduler(max_update=10), [-1])
    s = compiled.PolyScheduler(max_update=10, base_lr=1, pwr=-1)
    with pytest.raises(ZeroDivisionError):
        consumer.rates(s, [1, 10])
    s = compiled.FactorScheduler(step=5, base_lr=1, warmup_steps=3)
    s.warmup_mode = "cosine"
    with pytest.raises(ValueError, match="Invalid warmup mode cosine"):
        consumer.rates(s, [1])


def test_step_list_edits_are_seen_after_a_call(consumer, compiled):
    s = compiled.MultiFactorScheduler(step=[10, 20], factor=0.5, base_lr=1)
    s.step[0] = 5                # in place: Python-level calls see it at once
    assert s(6) == 0.5
    s2 = compiled.MultiFactorScheduler(step=[10, 20], factor=0.5, base_lr=1)
    s2.step = [5, 20]            # an assignment: lr_at sees it too
    assert consumer.rates(s2, [6]) == [0.5]


def test_call_protocol_is_kept(impl):
    """``s(n)`` has a vectorcall entry in the compiled classes; every other way
    of calling goes through the type's ``__call__`` as before."""
    s = impl.FactorScheduler(step=2, factor=0.5, base_lr=1)
    assert s(num_update=3) == 0.5 and s(3) == 0.5
    assert type(s).__call__(s, 5) == 0.25 and s.__call__(num_update=7) == 0.125
    with pytest.raises(TypeError):
        s()
    with pytest.raises(TypeError):
        s(1, 2)
    with pytest.raises(TypeError):
        s(1, bogus=2)
    args = (9,)
    assert s(*args) == 0.0625 and s(**{"num_update": 9}) == 0.0625
    for name, kwargs in KWARGS.items():
        a, b = getattr(impl, name)(**kwargs), getattr(impl, name)(**kwargs)
        for n in (1, 2 ** 40, 0.5, True, 2 ** 53, 10 ** 30):
            try:
                want = ("ok", b(n))
            except Exception as exc:  # noqa: BLE001 - compared
                want = ("raise", type(exc), str(exc))
            try:
                got = ("ok", a(n))
            except Exception as exc:  # noqa: BLE001
                got = ("raise", type(exc), str(exc))
            assert got[0] == want[0] and (got[1:] == want[1:] if got[0] == "raise"
                                          else same_number(got[1], want[1]))


def test_subclass_calls_its_own_call(impl):
    class Doubled(impl.CosineScheduler):
        def __call__(self, num_update):
            return 2 * super().__call__(num_update)

    class Plain(impl.CosineScheduler):
        pass

    assert Doubled(max_update=10, base_lr=1)(0) == 2
    assert Plain(max_update=10, base_lr=1)(0) == 1
    Plain.__call__ = lambda self, n: "replaced"
    assert Plain(max_update=10, base_lr=1)(0) == "replaced"


def test_vectorcall_is_on(compiled):
    from cysched import _lr_scheduler_c
    if sys.implementation.name == "cpython":
        assert _lr_scheduler_c.VECTORCALL


@pytest.mark.parametrize("name", ["PolyScheduler", "CosineScheduler"])
def test_returned_rates_never_change(impl, name):
    """The compiled call reuses its stored float only when nobody else holds it."""
    s = getattr(impl, name)(**KWARGS[name])
    ref = getattr(impl, name)(**KWARGS[name])
    held = [s(n) for n in range(100, 200)]
    base = s.base_lr
    state = s.__getstate__()
    last = s(300)
    s(301)
    assert [x.hex() for x in held] == [float(ref(n)).hex() for n in range(100, 200)]
    assert base == held[-1] and state["base_lr"] == held[-1]
    assert last == float(ref(300)) and last != s.base_lr
