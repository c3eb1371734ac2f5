"""MXNet 1.9.1's details in the five MXNet classes, and the README's scheduler rows.

The values expected here were read from real MXNet 1.9.1 (``mxnet.lr_scheduler``
is pure Python); MXNet is not needed to run these tests.  The second half runs
the first cell of every scheduler row of the README's "Differences from MXNet
1.9.1" table on both implementations and checks it gives what the row's
cysched cell says, so the table cannot drift from the code.
"""
import builtins
import copy
import logging
import math
import pathlib
import pickle
import re

import numpy
import pytest

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"

#: MXNet 1.9.1's instance attributes, in the order its constructors set them.
MXNET_VARS = {
    "FactorScheduler": ["base_lr", "warmup_steps", "warmup_final_lr", "warmup_begin_lr",
                        "warmup_mode", "step", "factor", "stop_factor_lr", "count"],
    "MultiFactorScheduler": ["base_lr", "warmup_steps", "warmup_final_lr",
                             "warmup_begin_lr", "warmup_mode", "step", "cur_step_ind",
                             "factor", "count"],
    "PolyScheduler": ["base_lr", "warmup_steps", "warmup_final_lr", "warmup_begin_lr",
                      "warmup_mode", "power", "base_lr_orig", "max_update", "final_lr",
                      "max_steps"],
    "CosineScheduler": ["base_lr", "warmup_steps", "warmup_final_lr", "warmup_begin_lr",
                        "warmup_mode", "base_lr_orig", "max_update", "final_lr", "max_steps"],
}
ARGS = {"FactorScheduler": (5,), "MultiFactorScheduler": ([5, 9],),
        "PolyScheduler": (10,), "CosineScheduler": (10,)}


def compiled(impl):
    return impl.__name__.endswith("_c")


# -- values MXNet gives ----------------------------------------------------------

@pytest.mark.parametrize("kwargs, n, expected", [
    (dict(step=5, base_lr=True), 1, True),
    (dict(step=5, base_lr=True, factor=0.5), 7, 0.5),
    (dict(step=True, base_lr=1), 1, 1),
    (dict(step=5, base_lr=1, warmup_steps=True, warmup_begin_lr=True,
          warmup_mode="constant"), 0, True),
])
def test_bools_stay_bools_as_in_mxnet(impl, kwargs, n, expected):
    sched = impl.FactorScheduler(**kwargs)
    got = sched(n)
    assert got == expected and type(got) is type(expected)


def test_bool_parameters_read_back_as_bools(impl):
    poly = impl.PolyScheduler(True, pwr=True, warmup_steps=False)
    assert poly.max_update is True and poly.power is True and poly.warmup_steps is False
    multi = impl.MultiFactorScheduler([True, 2], factor=True)
    assert multi.step[0] is True and multi.factor is True


def test_multifactor_keeps_the_callers_list(impl):
    steps = [10, 20]
    sched = impl.MultiFactorScheduler(steps, 0.5, base_lr=1)
    assert sched.step is steps
    steps.append(30)
    assert sched(31) == 0.125       # MXNet: three halvings


def test_factor_jump_with_a_large_step_is_mxnets(impl):
    sched = impl.FactorScheduler(step=10 ** 18, factor=0.5, base_lr=1)
    assert sched(10 ** 18 + 1) == 0.5
    assert sched.count == 10 ** 18
    assert sched(3 * 10 ** 18 + 1) == 0.125 and sched.count == 3 * 10 ** 18


def test_step_below_one_set_mid_run_runs_mxnets_loop(impl):
    sched = impl.FactorScheduler(step=10, factor=0.5, base_lr=1)
    sched(5)
    sched.step = 0.5
    assert sched(7) == 0.0001220703125 and sched.count == 6.5


@pytest.mark.parametrize("bad", [0, -1])
def test_step_that_would_loop_forever_raises_naming_it(impl, bad):
    sched = impl.FactorScheduler(step=10, factor=0.5, base_lr=1)
    sched.step = bad
    with pytest.raises(ValueError, match="step must be > 0"):
        sched(30)


# -- object model -------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(MXNET_VARS))
def test_vars_lists_mxnets_attributes_in_order(impl, name):
    sched = getattr(impl, name)(*ARGS[name])
    assert list(vars(sched)) == MXNET_VARS[name]
    assert list(vars(getattr(impl, name)(*ARGS[name]))) == MXNET_VARS[name]  # a temporary
    sched(7)
    assert vars(sched) == {key: getattr(sched, key) for key in MXNET_VARS[name]}
    sched.note = "mine"
    assert vars(sched)["note"] == "mine" and list(vars(sched))[-1] == "note"


@pytest.mark.parametrize("name", sorted(MXNET_VARS))
def test_subclass_owns_every_public_name(impl, name):
    class Mine(getattr(impl, name)):
        def __init__(self, *args):
            self.fast = self.exact = self.dirty = self.mode = "mine"
            super().__init__(*args)

    sched = Mine(*ARGS[name])
    assert (sched.fast, sched.exact, sched.dirty, sched.mode) == ("mine",) * 4
    reference = getattr(impl, name)(*ARGS[name])
    assert [sched(n) for n in range(12)] == [reference(n) for n in range(12)]
    for clone in (copy.copy(sched), copy.deepcopy(sched)):
        assert clone.fast == "mine" and vars(clone) == vars(sched)


def test_user_attributes_survive_copies(impl):
    sched = impl.FactorScheduler(step=5)
    sched.note = [1]
    assert copy.copy(sched).note == [1] and copy.deepcopy(sched).note == [1]


@pytest.mark.parametrize("attribute", ["count", "base_lr", "step"])
def test_deleting_an_attribute_names_it(impl, attribute):
    # Compiled: at the del; pure, as MXNet: at the next call that needs it.
    sched = impl.FactorScheduler(step=5)
    with pytest.raises(AttributeError, match=attribute):
        delattr(sched, attribute)
        sched(30)


def test_dict_can_be_replaced_as_in_mxnet(impl):
    sched = impl.FactorScheduler(step=5)
    state = dict(vars(impl.FactorScheduler(step=2, factor=0.5, base_lr=1)), note=1)
    sched.__dict__ = state
    assert sched(5) == 0.25 and sched.note == 1


# -- the README's scheduler rows -------------------------------------------------------

OPTIMIZER = re.compile(r"`(?:SGD|NAG|Adam|Optimizer)\(")
CODE = re.compile(r"`([^`]+)`")
ERROR = re.compile(r"^[A-Z][A-Za-z]*Error$")


class _Count(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = 0

    def emit(self, record):
        self.records += 1


def lines(sched, n):
    """How many INFO lines ``sched(n)`` logs, wherever they go."""
    root = logging.getLogger()
    handler, level = _Count(), root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        sched(n)
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    return handler.records


def root_handlers_after(sched, n):
    """The root logger's handlers after ``sched(n)``, from none."""
    root = logging.getLogger()
    saved = root.handlers[:]
    root.handlers.clear()
    try:
        sched(n)
        return len(root.handlers)
    finally:
        root.handlers[:] = saved


def scheduler_rows():
    """(code, expected cysched cell) of each scheduler row of the deviations table."""
    text = README.read_text()
    section = text[text.index("## Differences from MXNet 1.9.1"):]
    section = section[:section.index("\n## ", 1)]
    rows = []
    for line in section.splitlines():
        if not line.startswith("|") or line.startswith("| ---") or line.startswith("| |"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if OPTIMIZER.search(cells[0]):
            continue
        rows.append((cells[0], cells[2]))
    return rows


def expectation(cell, is_compiled):
    """What the cysched cell says: an exception name or the repr of the value."""
    if cell.startswith("compiled:"):
        ours, pure = cell[len("compiled:"):].split("pure:", 1)
        cell = ours if is_compiled else pure
    return CODE.search(cell).group(1)


def run(code, scope):
    *statements, last = code.split("; ")
    for statement in statements:
        exec(statement, scope)
    try:
        expression = compile(last, "<README>", "eval")
    except SyntaxError:
        exec(last, scope)
        return None
    return eval(expression, scope)


ROWS = scheduler_rows() if README.exists() else []


def test_every_scheduler_row_quotes_code_first():
    if not README.exists():
        pytest.skip("README.md is not beside the tests")
    assert len(ROWS) >= 20
    for first, ours in ROWS:
        assert first.startswith("`") and CODE.match(first), first
        assert CODE.search(ours), "row %s states no outcome" % first


@pytest.mark.parametrize("row", ROWS, ids=[CODE.match(r[0]).group(1) if CODE.match(r[0])
                                           else r[0] for r in ROWS])
def test_readme_row_is_what_the_code_does(impl, row):
    first, ours = row
    code = CODE.match(first).group(1)
    expected = expectation(ours, compiled(impl))
    scope = {name: getattr(impl, name) for name in
             ("LRScheduler", "FactorScheduler", "MultiFactorScheduler", "PolyScheduler",
              "CosineScheduler")}
    scope.update(numpy=numpy, math=math, pickle=pickle, logging=logging, lines=lines,
                 root_handlers_after=root_handlers_after)
    before = {name: set(vars(cls)) for name, cls in scope.items() if isinstance(cls, type)}
    try:
        if ERROR.match(expected):
            with pytest.raises(getattr(builtins, expected)):
                run(code, scope)
        else:
            assert repr(run(code, scope)) == expected
    finally:
        for name, names in before.items():     # a row may set a class attribute
            for added in set(vars(scope[name])) - names:
                delattr(scope[name], added)


@pytest.mark.parametrize("make", [
    lambda L: L.FactorScheduler(step=1, factor=-0.5, base_lr=1.0, stop_factor_lr=-1.0),
    lambda L: L.FactorScheduler(step=3, factor=0.5, base_lr=3),
])
def test_a_decay_that_never_settles_raises_and_changes_nothing(impl, make):
    sched = make(impl)
    if sched.base_lr == 3:
        sched.factor = 2 ** 60          # MXNet's rate would grow without bound
    before = (sched.count, sched.base_lr)
    with pytest.raises(OverflowError, match="does not settle"):
        sched(10 ** 9)
    assert (sched.count, sched.base_lr) == before
