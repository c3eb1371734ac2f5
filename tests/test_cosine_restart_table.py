"""CosineRestartScheduler keeps its first cycles in a table (``_tabulate``):
every call gives the bits of the cycle search it replaces (the log's guess,
moved by one), in any order, after any parameter write, copy or pickle, and
the table shows in no state, config, repr or pickle."""
import copy
import math
import pickle
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cysched._schedule import cpow

EPS = 2.0 ** -52
MULTS = [1.0, 1.0 + EPS, 1.0 + 2 * EPS, 1.0 + 1e-12, 1.0001, 1.01, 1.1, 1.5, 2.0, 3.0, 3.7,
         10.0, 1000.0, 1e6, 1e200]
LENGTHS = [1, 3, 7, 100, 2 ** 40, 2 ** 53]


def search(first, mult, t):
    """The cycle holding ``t``: (index, start, length), as the class searched
    before the table (and still does past it)."""
    if mult == 1.0:
        i = math.floor(t / first)
        start = i * first
        if start > t:
            i -= 1.0
            start = i * first
        return i, start, first
    i = float(math.floor(math.log(t * (mult - 1.0) / first + 1.0) / math.log(mult)))
    start = first * ((cpow(mult, i) - 1.0) / (mult - 1.0))
    if start > t:
        i -= 1.0
        start = first * ((cpow(mult, i) - 1.0) / (mult - 1.0))
    else:
        following = first * ((cpow(mult, i + 1.0) - 1.0) / (mult - 1.0))
        if following <= t:
            i += 1.0
            start = following
    return i, start, first * cpow(mult, i)


def expected(s, n):
    """``s(n)`` computed from its parameters with the search, warmup aside."""
    t = max(float(n) - 1.0, 0.0) - s.warmup_steps
    assert t >= 0.0
    i, start, length = search(float(s.cycle_length), s.cycle_mult, t)
    return s.final_lr + (s.base_lr - s.final_lr) * cpow(s.peak_decay, i) \
        * (1.0 + math.cos(math.pi * (t - start) / length)) / 2.0


def starts(first, mult, count=70):
    """The first cycles' starts, with the search's arithmetic (the geometric
    sum rounded before the product, as timm and Keras do)."""
    if mult == 1.0:
        return [k * float(first) for k in range(count)]
    return [first * (cpow(mult, float(k)) - 1.0) / (mult - 1.0) for k in range(count)]


def near_restarts(first, mult, warmup=0):
    """Updates at, just before and just after the first restarts (and whole
    updates around them), within [0, 2**53]."""
    out = set()
    for start in starts(first, mult):
        if not start <= 2.0 ** 53:
            break
        for t in (start, math.nextafter(start, -1.0), math.nextafter(start, math.inf),
                  math.floor(start), math.floor(start) + 1.0, start + 0.5, start - 0.5):
            n = t + 1.0 + warmup
            if 1.0 + warmup <= n <= 2.0 ** 53:
                out.add(n)
    return sorted(out)


def _hex(x):
    return float(x).hex()


def _check(s, updates):
    got = [_hex(s(n)) for n in updates]
    assert got == [_hex(expected(s, n)) for n in updates]
    return got


@pytest.mark.parametrize("mult", MULTS)
@pytest.mark.parametrize("length", LENGTHS)
def test_every_restart_is_the_search(impl, mult, length):
    s = impl.CosineRestartScheduler(length, base_lr=1.0, final_lr=0.125, cycle_mult=mult,
                                    peak_decay=0.75)
    updates = near_restarts(length, mult) + [2.0 ** 53, 2 ** 53 - 1, 1e15 + 0.25]
    _check(s, updates)
    # evaluate, in one span and in threads, reads the same table.
    assert [_hex(x) for x in s.evaluate(np.array(updates))] == [_hex(s(n)) for n in updates]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(length=st.one_of(st.integers(1, 60), st.integers(1, 2 ** 53)),
       mult=st.one_of(st.sampled_from(MULTS), st.floats(1.0, 60.0),
                      st.floats(1.0, 1.0 + 1e-9), st.floats(1.0, 1e290)),
       decay=st.floats(0.01, 1.0), warmup=st.integers(0, 9),
       updates=st.lists(st.one_of(st.integers(0, 2 ** 53), st.floats(0.0, 2.0 ** 53),
                                  st.floats(0.0, 1e4)), max_size=40))
def test_any_cycle_any_update(impl, length, mult, decay, warmup, updates):
    s = impl.CosineRestartScheduler(length, base_lr=1.0, final_lr=0.0, cycle_mult=mult,
                                    peak_decay=decay, warmup_steps=warmup)
    updates = [n for n in updates + near_restarts(length, mult, warmup)[:60]
               if n >= 1 + warmup]
    _check(s, updates)


WRITES = [("cycle_length", 5), ("cycle_mult", 1.0), ("cycle_mult", 1.5), ("peak_decay", 0.5),
          ("cycle_length", 1), ("base_lr", 2.0), ("final_lr", 0.25), ("warmup_steps", 3),
          ("cycle_mult", 3.0), ("peak_decay", 1.0), ("cycle_length", 2 ** 30),
          ("cycle_mult", 1.0 + 1e-12)]


def _fresh(s):
    return type(s)(**s.get_config())


def test_calls_in_any_order_with_writes_copies_and_pickles(impl):
    """Random and repeated calls, parameter writes, copies and pickles
    between them: always what a fresh schedule and the search give."""
    rng = random.Random(15)
    s = impl.CosineRestartScheduler(10, base_lr=1.0, final_lr=0.01, cycle_mult=2.0,
                                    peak_decay=0.8)
    for step in range(400):
        action = rng.random()
        if action < 0.1:
            name, value = rng.choice(WRITES)
            setattr(s, name, value)
        elif action < 0.15:
            s = pickle.loads(pickle.dumps(s))
        elif action < 0.2:
            s = copy.deepcopy(s) if rng.random() < 0.5 else copy.copy(s)
        elif action < 0.25:
            other = impl.CosineRestartScheduler(3, cycle_mult=7.0, peak_decay=0.3)
            other.load_state_dict(s.state_dict())
            s = other
        low = s.warmup_steps + 1
        updates = [rng.choice([rng.randint(low, low + 3000), rng.uniform(low, 2.0 ** 53),
                               rng.randint(low, 2 ** 53)]) for _ in range(5)]
        updates += updates[:2]   # repeated
        got = _check(s, updates)
        assert got == [_hex(_fresh(s)(n)) for n in updates], step


def test_a_field_written_directly_is_tabled_again(impl):
    s = impl.CosineRestartScheduler(10, base_lr=1.0, cycle_mult=2.0, peak_decay=0.5)
    updates = list(range(1, 400, 7))
    _check(s, updates)
    s._cycle_mult = 3.0
    s._cycle_length = 4.0
    s._peak_decay = 0.25
    _check(s, updates)
    fresh = impl.CosineRestartScheduler(4, base_lr=1.0, cycle_mult=3.0, peak_decay=0.25)
    assert [_hex(s(n)) for n in updates] == [_hex(fresh(n)) for n in updates]


def test_a_subclass_reads_the_table_too(impl):
    class Mine(impl.CosineRestartScheduler):
        pass

    s = Mine(6, base_lr=1.0, cycle_mult=1.5, peak_decay=0.9)
    s.cycle_mult = 2.5
    s.extra = 3
    _check(s, list(range(1, 2000, 13)))
    assert s.__getstate__()["extra"] == 3


def test_the_table_is_in_no_state(impl):
    s = impl.CosineRestartScheduler(10, cycle_mult=2.0, peak_decay=0.5)
    fields = {"_starts", "_lengths", "_peaks", "_count", "_tabled"}
    assert set(s.__getstate__()) == set(type(s)._state)
    assert set(s.state_dict()["state"]) == set(type(s)._state)
    assert set(s.get_config()) == {arg for arg, _ in type(s)._params}
    assert not fields & set(vars(s))
    assert "_starts" not in repr(s) and "_tabled" not in repr(s)
    twin = pickle.loads(pickle.dumps(s))
    assert twin is not s and repr(twin) == repr(s)
