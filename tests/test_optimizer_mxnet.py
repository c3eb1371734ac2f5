"""cysched.optimizer against real MXNet 1.9.1, bit for bit.

The records come from ``data/record_mxnet_optimizer.py`` run with the
``mxnet==1.9.1`` wheel; MXNet is not needed here.  Weights and every state
array are compared as bytes after every update.
"""
import inspect
import math
import pathlib
import pickle
import re
import warnings
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

import _custom_optimizer
import _mxnet_optimizer_data as recorded
from cysched import lr_scheduler, optimizer
from cysched.optimizer import NAG, SGD, Adam, Optimizer

CLASSES = {"sgd": SGD, "nag": NAG, "adam": Adam,
           "momentumsgd": _custom_optimizer.MomentumSGD}
README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


def _check_run(setting, schedulers):
    n_updates = recorded.data()["n_updates"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")      # float16 without multi_precision warns
        layouts, digest, steps = recorded.run(setting, CLASSES, schedulers, n_updates)
    assert digest == setting["grads_sha256"], "the gradients are not the recorded ones"
    assert layouts == setting["layout"]
    expected = recorded.unb64(setting["trajectory"])
    got = b"".join(steps)
    assert len(got) == len(expected)
    if got != expected:
        update, offset = recorded.first_mismatch(expected, got, [len(s) for s in steps])
        pytest.fail("differs from MXNet from update %d on (byte %d of that update's "
                    "weights and states)" % (update, offset))


# -- drawn trajectories -------------------------------------------------------------

TRAJECTORIES = recorded.data()["trajectories"]


def _setting_id(setting):
    kw = setting["kwargs"]
    return "%s-%s%s-%s" % (setting["optimizer"], setting["dtype"][5:],
                           "-mp" if kw.get("multi_precision") else "",
                           setting["driver"])


@pytest.mark.parametrize("setting", TRAJECTORIES,
                         ids=["%03d-%s" % (k, _setting_id(s))
                              for k, s in enumerate(TRAJECTORIES)])
def test_trajectory_is_mxnets(impl, setting):
    _check_run(setting, impl)


def test_trajectories_cover_the_acceptance_grid():
    seen = {(s["optimizer"], s["dtype"], bool(s["kwargs"]["multi_precision"]))
            for s in TRAJECTORIES}
    assert seen == {(o, d, mp) for o in ("sgd", "nag", "adam")
                    for d in ("float16", "float32", "float64") for mp in (False, True)}
    assert len(TRAJECTORIES) >= 100 and recorded.data()["n_updates"] >= 200

    def count(predicate):
        return sum(1 for s in TRAJECTORIES if predicate(s))

    assert count(lambda s: s["kwargs"]["wd"] > 0) >= 30
    assert count(lambda s: s["kwargs"]["clip_gradient"]) >= 30
    assert count(lambda s: s["kwargs"]["rescale_grad"] != 1) >= 30
    assert count(lambda s: s["kwargs"].get("momentum", 0) > 0) >= 30
    assert count(lambda s: "set_learning_rate" in s["schedule"]) >= 10
    for name in ("FactorScheduler", "MultiFactorScheduler", "PolyScheduler",
                 "CosineScheduler"):
        assert count(lambda s: s["schedule"].get("class") == name) >= 10, name


# -- MXNet's own unit tests: the option grid, learning rates, multipliers -----------------

@pytest.mark.parametrize("name", ["sgd", "nag", "adam"])
def test_mxnet_unit_test_grid(name):
    cases = [c for c in recorded.data()["grid"] if c["optimizer"] == name]
    assert len(cases) == (252 if name == "adam" else 504)
    wrong = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for case in cases:
            layout, result = recorded.run_grid(case, CLASSES)
            if layout != case["layout"] or result != recorded.unb64(case["result"]):
                wrong.append((case["dtype"], case["kwargs"]))
    assert wrong == []


def test_mxnet_learning_rate_facts():
    facts = recorded.data()["learning_rate_facts"]
    o1 = Optimizer(learning_rate=0.01)
    o1.set_learning_rate(0.2)
    assert o1.learning_rate == facts["set_learning_rate"]
    o2 = Optimizer(lr_scheduler=lr_scheduler.FactorScheduler(step=1), learning_rate=0.3)
    assert o2.learning_rate == facts["learning_rate_overwrites_base_lr"]
    o2.lr_scheduler.base_lr = 0.4
    assert o2.learning_rate == facts["base_lr_write_is_seen"]
    o3 = Optimizer(lr_scheduler=lr_scheduler.FactorScheduler(step=1, base_lr=1024))
    assert o3.learning_rate == facts["scheduler_base_lr_kept"]
    with pytest.raises(UserWarning) as info:
        o2.set_learning_rate(0.5)
    assert "UserWarning: " + str(info.value) == facts["set_learning_rate_with_scheduler"]


def test_mxnet_lr_wd_mult_facts():
    facts = recorded.data()["learning_rate_facts"]
    names = {0: "fc1_weight", 1: "fc1_bias", 2: "fc2_weight", 3: "fc2_bias"}
    opt = SGD(learning_rate=1.0, wd=0.1, param_idx2name=names)
    opt.set_lr_mult({"fc1_weight": 0.0, "fc1_bias": 1.0})
    opt.set_wd_mult({"fc2_bias": 0.5, "fc2_weight": 0.5})
    assert [list(kv) for kv in sorted(opt.lr_mult.items())] == facts["lr_mult"]
    assert [list(kv) for kv in sorted(opt.wd_mult.items())] == facts["wd_mult"]
    before = np.frombuffer(bytes.fromhex(facts["lr_wd_mult_before"]), np.float32)
    grads = np.frombuffer(bytes.fromhex(facts["lr_wd_mult_grads"]), np.float32)
    weights = [w.copy() for w in before.reshape(4, 3)]
    optimizer.get_updater(opt)(list(names), [g.copy() for g in grads.reshape(4, 3)],
                               weights)
    assert b"".join(w.tobytes() for w in weights).hex() == facts["lr_wd_mult_after"]
    assert weights[0].tobytes() == before[:3].tobytes()      # lr_mult 0: frozen


# -- The update()-only subclass -----------------------------------------------------------

def test_custom_optimizer_is_the_class_mxnet_ran():
    assert inspect.getsource(_custom_optimizer.MomentumSGD) == \
        recorded.data()["custom_source"]
    assert "update_multi_precision" not in vars(_custom_optimizer.MomentumSGD)


@pytest.mark.parametrize("setting", recorded.data()["custom"],
                         ids=[_setting_id(s) for s in recorded.data()["custom"]])
def test_update_only_subclass_trains_as_in_mxnet(impl, setting):
    """get_updater -> update_multi_precision -> the subclass's update(), with
    the float32 master copy for float16 weights and a pickle round trip of
    the updater (optimizer included) half way through."""
    _check_run(setting, impl)


def test_update_only_subclass_through_update_multi_precision():
    opt = _custom_optimizer.MomentumSGD(learning_rate=0.5, multi_precision=True)
    w16 = np.array([1.0, -1.0], dtype=np.float16)
    state = opt.create_state_multi_precision(0, w16)
    assert isinstance(state, tuple) and state[0].dtype == np.float32
    opt.update_multi_precision(0, w16, np.array([1.0, 2.0], dtype=np.float16), state)
    assert state[0].tolist() == [0.5, -2.0] and w16.tolist() == [0.5, -2.0]
    clone = pickle.loads(pickle.dumps(optimizer.get_updater(opt)))
    assert type(clone.optimizer) is _custom_optimizer.MomentumSGD


# -- API cases and the README's deviation rows --------------------------------------------

API = recorded.data()["api"]
SCOPE = dict(vars(optimizer), lr_scheduler=lr_scheduler, array=np.array, np=np,
             Decimal=Decimal, Fraction=Fraction)


def _ours(expression):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return recorded.run_api(expression, SCOPE)


EXAMPLE = re.compile(r"`((?:SGD|NAG|Adam|Optimizer)\(.*?\)(?:\.update\(.*?\))?)`")
EXCEPTION = re.compile(r"`([A-Z][A-Za-z]*Error)`")


def _deviation_rows():
    """The optimizer rows of the README's deviations table: (examples, exceptions)."""
    if not README.exists():
        pytest.skip("README.md is not beside the tests")
    text = README.read_text()
    section = text[text.index("## Differences from MXNet 1.9.1"):]
    rows = []
    for line in section.splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        examples = EXAMPLE.findall(cells[0])
        if examples:
            rows.append((examples, set(EXCEPTION.findall(cells[2]))))
    return rows


@pytest.mark.parametrize("case", API, ids=[c["expression"] for c in API])
def test_api_case_behaves_as_mxnet_or_is_a_listed_deviation(case):
    ours = _ours(case["expression"])
    listed = {e: exc for examples, exc in _deviation_rows() for e in examples}
    if case["expression"] in listed:
        assert not recorded.same_outcome(case, ours)
        assert ours["phase"] == "construct", "a listed deviation fails when built"
        assert ours["error"] in listed[case["expression"]], ours
        assert ours["message"]
    else:
        assert recorded.same_outcome(case, ours), (case, ours)


def test_readme_rows_list_exactly_the_api_cases_that_differ():
    examples = [e for row, _ in _deviation_rows() for e in row]
    assert len(examples) == len(set(examples))
    differing = [c["expression"] for c in API
                 if not recorded.same_outcome(c, _ours(c["expression"]))]
    assert sorted(examples) == sorted(differing)
    for examples, exceptions in _deviation_rows():
        assert exceptions, "row %s names no exception" % examples[0]


# -- How hyperparameters reach MXNet's kernels ----------------------------------------------

@pytest.mark.parametrize("text, bits", [
    ("0.1", "0x1.99999ap-4"),
    ("1e-05", "0x1.4f8b58p-17"),
    # dmlc-core adds 1.0f and float(0.23456789012345670) in float32, then divides by
    # 1e5f: real MXNet's NAG steps by this rate, not by the nearest float32
    ("1.2345678901234567e-05", "0x1.9e4092p-17"),
    ("0.0003162277660168381", "0x1.4b96bep-12"),
    ("1e-37", "0x1.1039d4p-123"),
])
def test_dmlc_parser_matches_what_mxnet_applied(text, bits):
    assert float(optimizer._dmlc_f32(text)) == float.fromhex(bits)


@pytest.mark.parametrize("text", ["1e-50", "1e-38", "1e+50", "nonsense", "0.5x", "True"])
def test_dmlc_parser_refuses_what_mxnet_refuses(text):
    with pytest.raises(ValueError):
        optimizer._dmlc_f32(text)


def test_list_parser_rounds_the_decimal_string_not_the_double():
    # 1 + 2**-24 lies exactly half way between two float32 values; its repr is a
    # little above it, so strtof rounds up where float32(1 + 2**-24) ties to even.
    x = 1 + 2.0 ** -24
    assert repr(x) == "1.0000000596046448" and float(np.float32(x)) == 1.0
    assert float(optimizer._tuple_f32(repr(x))) == 1 + 2.0 ** -23
    assert float(optimizer._tuple_f32("1e-50")) == 0.0
    with pytest.raises(ValueError):
        optimizer._tuple_f32("1e+50")


def test_list_parser_is_correctly_rounded():
    rng = np.random.default_rng(5)
    for x in rng.lognormal(-3, 3, size=2000).tolist():
        got = float(optimizer._tuple_f32(repr(x)))
        exact = Fraction(repr(x))
        below, above = np.nextafter(np.float32(got), np.float32(0)), \
            np.nextafter(np.float32(got), np.float32(math.inf))
        assert abs(Fraction(got) - exact) <= abs(Fraction(float(below)) - exact)
        assert abs(Fraction(got) - exact) <= abs(Fraction(float(above)) - exact)
