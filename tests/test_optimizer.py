"""cysched.optimizer: MXNet 1.9.1's Optimizer, SGD, NAG and Adam on NumPy arrays.

Bit-for-bit agreement with real MXNet is in test_optimizer_mxnet.py; here the
API, and the update rules checked on inputs where every operation is exact.
"""
import copy
import math
import pickle
import warnings

import numpy as np
import pytest

from cysched import lr_scheduler, optimizer
from cysched.optimizer import NAG, SGD, Adam, Optimizer

OVERWRITE = ("learning rate from ``lr_scheduler`` has been overwritten by "
             "``learning_rate`` in optimizer.\n")


def schedulers(module):
    """One instance of every scheduler class, with warmup where it applies."""
    return {
        "factor": module.FactorScheduler(step=7, factor=0.5, base_lr=1, warmup_steps=5,
                                         warmup_begin_lr=0.1),
        "multifactor": module.MultiFactorScheduler(step=[10, 20, 25], factor=0.3,
                                                   base_lr=2),
        "poly": module.PolyScheduler(max_update=30, base_lr=1, pwr=2, final_lr=1e-3,
                                     warmup_steps=4, warmup_mode="constant",
                                     warmup_begin_lr=0.5),
        "cosine": module.CosineScheduler(max_update=30, base_lr=1, final_lr=1e-3,
                                         warmup_steps=6),
    }


# -- Optimizer.__init__ and the learning rate ---------------------------------------

def test_default_learning_rate_without_scheduler():
    opt = Optimizer()
    assert opt.lr == 0.01 and opt.learning_rate == 0.01 and opt.lr_scheduler is None


def test_learning_rate_overwrites_base_lr_and_prints_mxnet_message(capsys):
    sched = lr_scheduler.FactorScheduler(step=10, base_lr=1)
    opt = SGD(learning_rate=0.1, lr_scheduler=sched)
    assert capsys.readouterr().out == OVERWRITE
    assert sched.base_lr == 0.1 and opt.lr_scheduler is sched
    assert opt.learning_rate == 0.1


def test_equal_or_missing_learning_rate_keeps_base_lr_silently(capsys):
    sched = lr_scheduler.FactorScheduler(step=10, base_lr=0.5)
    SGD(learning_rate=0.5, lr_scheduler=sched)
    opt = SGD(lr_scheduler=sched)
    assert capsys.readouterr().out == ""
    assert sched.base_lr == 0.5 and opt.lr is None


def test_learning_rate_property_asks_scheduler_at_num_update():
    opt = SGD(lr_scheduler=lr_scheduler.FactorScheduler(step=2, factor=0.5, base_lr=1))
    w, g = np.zeros(3), np.ones(3)
    seen = []
    for _ in range(5):
        opt.update(0, w, g, None)
        seen.append((opt.num_update, opt.learning_rate))
    assert seen == [(1, 1), (2, 1), (3, 0.5), (4, 0.5), (5, 0.25)]


def test_set_learning_rate_raises_userwarning_with_scheduler():
    opt = SGD(lr_scheduler=lr_scheduler.FactorScheduler(step=2))
    with pytest.raises(UserWarning, match="LRScheduler of the optimizer has already"):
        opt.set_learning_rate(0.5)
    plain = SGD(learning_rate=0.2)
    plain.set_learning_rate(0.5)
    assert plain.learning_rate == 0.5


def test_set_lr_scale_is_deprecated():
    with pytest.raises(DeprecationWarning):
        SGD().set_lr_scale({0: 2.0})


@pytest.mark.parametrize("kwargs, exc, text", [
    ({"momentum": -1}, ValueError, "momentum must be >= 0 (MXNet 1.9.1 ignores a negative "
                                   "momentum and trains without it), got momentum=-1"),
    ({"momentum": "0.9"}, TypeError, "momentum must be a real number, got momentum='0.9'"),
    ({"wd": float("nan")}, ValueError, "wd must be finite, got wd=nan"),
    ({"wd": None}, TypeError, "wd must be a real number, got wd=None"),
    ({"learning_rate": "fast"}, TypeError, "learning_rate must be a real number"),
    ({"learning_rate": True}, TypeError, "learning_rate must be a real number"),
    ({"learning_rate": 1e50}, ValueError, "learning_rate=1e+50 cannot be passed to MXNet's "
                                          "float32 kernel argument"),
    ({"sym": object()}, TypeError, "sym must be None"),
    ({"param_idx2name": [(0, "w")]}, AssertionError, "param_idx2name should be a dict"),
    ({"begin_num_update": None}, TypeError, "begin_num_update must be a number"),
    ({"lr_scheduler": 0.1}, TypeError, "lr_scheduler must be callable"),
    ({"clip_gradient": "big"}, TypeError, "clip_gradient must be a real number"),
    ({"rescale_grad": None}, TypeError, "rescale_grad must be a real number"),
])
def test_bad_arguments_name_the_parameter_and_value(kwargs, exc, text):
    with pytest.raises(exc) as info:
        SGD(**kwargs)
    assert text in str(info.value)


@pytest.mark.parametrize("kwargs", [
    {"momentum": 1.5}, {"learning_rate": -0.1}, {"learning_rate": 0}, {"wd": -0.1},
    {"rescale_grad": 0}, {"clip_gradient": -1.0}, {"begin_num_update": 1.5},
    {"begin_num_update": -2}, {"begin_num_update": True}, {"learning_rate": 1e-50},
])
def test_arguments_mxnet_trains_with_are_accepted(kwargs):
    w = np.ones(2, dtype=np.float32)
    SGD(**kwargs).update(0, w, np.ones(2, dtype=np.float32), None)
    assert w.dtype == np.float32


def test_nag_parses_single_arguments_as_mxnet_does():
    # SGD's wd goes through MXNet's list parser (1e-50 -> 0.0); NAG's through
    # dmlc-core's, which refuses an exponent below -38 at the first update.
    SGD(wd=1e-50)
    with pytest.raises(ValueError, match="wd=1e-50 cannot be passed"):
        NAG(wd=1e-50)


@pytest.mark.parametrize("kwargs, text", [
    ({"beta1": 1.0}, "beta1 must be in (-1, 1)"),
    ({"beta1": -1.0}, "beta1 must be in (-1, 1)"),
    ({"beta2": 1.5}, "beta2 must be in [-1, 1]"),
    ({"beta2": -1.5}, "beta2 must be in [-1, 1]"),
    ({"begin_num_update": -1}, "begin_num_update must be > -1 for Adam"),
    ({"begin_num_update": float("nan")}, "begin_num_update must be finite for Adam"),
    ({"beta2": -0.5, "begin_num_update": 0.5}, "needs an integral begin_num_update"),
])
def test_adam_bad_arguments(kwargs, text):
    with pytest.raises(ValueError) as info:
        Adam(**kwargs)
    assert text in str(info.value)


@pytest.mark.parametrize("kwargs", [
    {"beta2": 1.0}, {"beta2": -0.1}, {"beta1": -0.5}, {"epsilon": -1e-8}, {"epsilon": 0},
    {"begin_num_update": -0.5}, {"begin_num_update": 2.5},
])
def test_adam_arguments_mxnet_trains_with_are_accepted(kwargs):
    w = np.ones(2, dtype=np.float32)
    opt = Adam(**kwargs)
    opt.update(0, w, np.ones(2, dtype=np.float32), opt.create_state(0, w))


def test_adam_default_learning_rate_overwrites_scheduler_as_in_mxnet(capsys):
    sched = lr_scheduler.CosineScheduler(max_update=10, base_lr=0.1)
    Adam(lr_scheduler=sched)
    assert capsys.readouterr().out == OVERWRITE and sched.base_lr == 0.001
    Adam(learning_rate=None, lr_scheduler=sched)
    assert capsys.readouterr().out == "" and sched.base_lr == 0.001


def test_callable_without_base_lr_cannot_take_learning_rate():
    with pytest.raises(AttributeError, match="base_lr"):
        SGD(learning_rate=0.1, lr_scheduler=lambda n: 0.5)
    opt = SGD(lr_scheduler=lambda n: 1.0 / (n + 1))
    assert opt.learning_rate == 1.0


@pytest.mark.parametrize("weight, grad, exc, text", [
    ([1.0, 2.0], [1.0, 1.0], AssertionError, "weight must be a numpy.ndarray"),
    (np.zeros(2), [1.0, 1.0], AssertionError, "grad must be a numpy.ndarray"),
    (np.array([1, 2]), np.array([1, 1]), TypeError, "float16, float32 or float64"),
    (np.zeros(2, np.float32), np.zeros(2), TypeError, "grad must have the weight's dtype"),
    (np.zeros(3), np.zeros(2), ValueError, "grad must have the weight's shape (3,)"),
])
def test_update_checks_arrays(weight, grad, exc, text):
    with pytest.raises(exc) as info:
        SGD().update(0, weight, grad, None)
    assert text in str(info.value)


def test_base_optimizer_update_is_abstract():
    with pytest.raises(NotImplementedError):
        Optimizer().update(0, np.zeros(2), np.zeros(2), None)


# -- update counts ---------------------------------------------------------------------

def test_update_counts_per_index_and_num_update_is_their_max():
    opt = SGD(learning_rate=0.1)
    w, g = np.zeros(2), np.zeros(2)
    for index in (0, 0, 0, 1, 2, 2):
        opt.update(index, w, g, None)
    assert opt._index_update_count == {0: 3, 1: 1, 2: 2}
    assert opt.num_update == 3


def test_begin_num_update_offsets_every_index():
    opt = SGD(learning_rate=0.1, begin_num_update=10)
    assert opt.num_update == 10
    opt.update(4, np.zeros(2), np.zeros(2), None)
    assert opt._index_update_count == {4: 11} and opt.num_update == 11


def test_list_update_counts_every_index_once_then_reads_one_rate():
    sched = lr_scheduler.FactorScheduler(step=1, factor=0.5, base_lr=1)
    opt = SGD(lr_scheduler=sched)
    weights = [np.zeros(2), np.zeros(3)]
    grads = [np.ones(2), np.ones(3)]
    opt.update([0, 1], weights, grads, [None, None])
    assert opt._index_update_count == {0: 1, 1: 1} and opt.num_update == 1
    opt.update([0, 1], weights, grads, [None, None])
    assert opt.num_update == 2
    assert weights[0].tolist() == [-1.5, -1.5] and weights[1].tolist() == [-1.5] * 3


def test_list_update_length_mismatch():
    with pytest.raises(ValueError, match="same length"):
        SGD().update([0, 1], [np.zeros(1)], [np.zeros(1)], [None])


def test_device_contexts_keep_separate_counts():
    opt = SGD(learning_rate=0.1)
    opt.update(0, np.zeros(1), np.zeros(1), None)
    opt._set_current_context(1)
    opt.update(0, np.zeros(1), np.zeros(1), None)
    assert opt._all_index_update_counts == {0: {0: 1}, 1: {0: 1}}
    assert opt.num_update == 1


# -- the applied learning rate is the scheduler's --------------------------------------

def _applied_lr(opt, index):
    """Run one SGD update from w=0 with grad=1 and read back the step: -lr, as the
    float32 MXNet's kernel receives."""
    w = np.zeros(1)
    opt.update(index, w, np.ones(1), None)
    return -w[0]


def _f32(x):
    return float(np.float32(x))


@pytest.mark.parametrize("name", ["factor", "multifactor", "poly", "cosine"])
def test_each_update_applies_the_scheduler_rate(impl, name):
    sched = schedulers(impl)[name]
    twin = copy.deepcopy(sched)
    opt = SGD(lr_scheduler=sched)
    for step in range(1, 41):
        applied = _applied_lr(opt, 0)
        expected = _f32(twin(step))
        assert opt.num_update == step
        assert float(applied).hex() == float(expected).hex(), (name, step)


@pytest.mark.parametrize("name", ["factor", "multifactor", "poly", "cosine"])
def test_lr_mult_scales_the_scheduler_rate(name):
    sched = schedulers(lr_scheduler)[name]
    twin = copy.deepcopy(sched)
    opt = SGD(lr_scheduler=sched, param_idx2name={2: "fc_weight"})
    opt.set_lr_mult({1: 0.25, "fc_weight": 3.0})
    for step in range(1, 31):
        index = step % 3
        applied = _applied_lr(opt, index)
        mult = {0: 1.0, 1: 0.25, 2: 3.0}[index]
        expected = _f32(twin(opt.num_update) * mult)
        assert float(applied).hex() == float(expected).hex(), (name, step)


def test_param_dict_multipliers_win_and_are_not_pickled():
    class Param(object):
        lr_mult, wd_mult = 2.0, 0.0

    opt = SGD(learning_rate=0.5, wd=0.1, param_dict={0: Param()})
    opt.set_lr_mult({0: 10.0})
    assert opt._get_lr(0) == 1.0 and opt._get_wd(0) == 0.0
    clone = pickle.loads(pickle.dumps(opt))
    assert clone.param_dict == {} and clone._get_lr(0) == 5.0


def test_wd_mult_is_zero_for_names_not_weight_or_gamma():
    opt = SGD(wd=0.1, param_idx2name={0: "fc_weight", 1: "fc_bias", 2: "bn_gamma"})
    assert [opt._get_wd(i) for i in range(3)] == [0.1, 0.0, 0.1]
    opt.set_wd_mult({"fc_bias": 0.5})
    assert opt._get_wd(1) == 0.05


def test_callable_schedule_is_used_directly():
    opt = SGD(lr_scheduler=lambda n: 1.0 / n)
    assert [_applied_lr(opt, 0) for _ in range(4)] == [1.0, 0.5, _f32(1.0 / 3), 0.25]


# -- update rules -------------------------------------------------------------------------
#
# MXNet's kernels take every hyperparameter as a float32 (parsed from the
# string of the Python value) and compute in the weight's dtype, one C++
# operation at a time.  For float64 weights that is plain Python float
# arithmetic, element by element, on the float32-rounded hyperparameters.

def _single(x):
    """A single float argument as MXNet's kernel receives it (dmlc-core's parser)."""
    return float(optimizer._dmlc_f32(str(x)))


def _listed(x):
    """An element of a list argument (SGD's lrs and wds): correctly rounded."""
    return float(optimizer._tuple_f32(str(x)))


def _clip(x, c):
    return c if x > c else (-c if x < -c else x)


@pytest.fixture
def arrays():
    rng = np.random.default_rng(20240601)
    return rng.normal(size=(6, 5)), [rng.normal(scale=3, size=(6, 5)) for _ in range(6)]


@pytest.mark.parametrize("clip", [None, 0.7])
@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_sgd_kernel_formula_float64(arrays, clip, momentum):
    w0, grads = arrays
    lrs, rescale, wd = [0.3, 0.2, 0.1, 0.05, 0.05, 0.01], 0.5, 0.01
    opt = SGD(momentum=momentum, wd=wd, rescale_grad=rescale, clip_gradient=clip,
              lr_scheduler=lambda n: lrs[n - 1])
    w = w0.copy()
    state = opt.create_state(0, w)
    assert (state is None) == (momentum == 0.0)
    r, c = _single(rescale), _single(clip) if clip else -1.0
    mo = _single(momentum) if momentum else 0.0
    expected, mom = w0.ravel().tolist(), [0.0] * w0.size
    for g in grads:
        opt.update(0, w, g, state)
        lr, wdf = _listed(lrs[opt.num_update - 1]), _listed(wd)
        for i, gi in enumerate(g.ravel().tolist()):
            step = lr * _clip(r * gi, c) if c >= 0 else (lr * r) * gi
            mom[i] = mo * mom[i] - lr * wdf * expected[i] - step
            expected[i] = expected[i] + mom[i]
        assert w.ravel().tolist() == expected
        if momentum:
            assert state.ravel().tolist() == mom


@pytest.mark.parametrize("clip", [None, 1.5])
@pytest.mark.parametrize("momentum", [0.0, 0.8])
def test_nag_kernel_formula_float64(arrays, clip, momentum):
    w0, grads = arrays
    lrs, rescale, wd = [0.05, 0.04, 0.03, 0.02, 0.01, 0.01], 2.0, 0.001
    opt = NAG(momentum=momentum, wd=wd, rescale_grad=rescale, clip_gradient=clip,
              lr_scheduler=lambda n: lrs[n - 1])
    w = w0.copy()
    state = opt.create_state(0, w)
    r, c, wdf = _single(rescale), _single(clip) if clip else -1.0, _single(wd)
    mo = _single(momentum)
    expected, mom = w0.ravel().tolist(), [0.0] * w0.size
    for g in grads:
        opt.update(0, w, g, state)
        lr = _single(lrs[opt.num_update - 1])
        for i, gi in enumerate(g.ravel().tolist()):
            gi = _clip(r * gi, c) if c >= 0 else r * gi
            old = expected[i]
            if momentum:
                m = mo * mom[i]
                expected[i] = old - m + (mo + 1) * (m - lr * (gi + wdf * old))
                mom[i] = m - lr * (gi + wdf * expected[i])   # reads the new weight
            else:
                expected[i] = (1 - lr * wdf) * old - lr * gi
        assert w.ravel().tolist() == expected
        if momentum:
            assert state.ravel().tolist() == mom


@pytest.mark.parametrize("clip", [None, 2.0])
def test_adam_kernel_formula_float64_with_bias_correction_on_lr(arrays, clip):
    w0, grads = arrays
    lr, beta1, beta2, eps, wd, rescale = 0.01, 0.8, 0.95, 1e-6, 0.02, 0.5
    opt = Adam(learning_rate=lr, beta1=beta1, beta2=beta2, epsilon=eps, wd=wd,
               rescale_grad=rescale, clip_gradient=clip, begin_num_update=3)
    w = w0.copy()
    state = opt.create_state(0, w)
    b1, b2, e, wdf, r = (_single(beta1), _single(beta2), _single(eps), _single(wd),
                         _single(rescale))
    c = _single(clip) if clip else -1.0
    expected, m, v = w0.ravel().tolist(), [0.0] * w0.size, [0.0] * w0.size
    for t, g in enumerate(grads, start=4):
        opt.update(0, w, g, state)
        assert opt._index_update_count[0] == t
        lr_t = lr
        lr_t *= math.sqrt(1. - beta2 ** t) / (1. - beta1 ** t)    # in Python, as MXNet
        lr_t = _single(lr_t)
        for i, gi in enumerate(g.ravel().tolist()):
            gi = gi * r + expected[i] * wdf
            if c >= 0:
                gi = _clip(gi, c)
            m[i] = b1 * m[i] + (1 - b1) * gi
            v[i] = b2 * v[i] + (1 - b2) * gi * gi
            expected[i] = expected[i] - lr_t * m[i] / (math.sqrt(v[i]) + e)
        assert w.ravel().tolist() == expected
        assert state[0].ravel().tolist() == m and state[1].ravel().tolist() == v


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_sgd_state_is_mxnets_negated_scaled_velocity(dtype):
    # dyadic numbers: every operation is exact in every dtype
    opt = SGD(momentum=0.5, wd=0.25, learning_rate=0.5)
    w = np.array([1.0, -2.0], dtype=dtype)
    state = opt.create_state(0, w)
    opt.update(0, w, np.array([1.0, 0.5], dtype=dtype), state)
    # state = 0.5 * 0 - 0.5 * 0.25 * w - 0.5 * g; w += state
    assert state.tolist() == [-0.625, 0.0] and w.tolist() == [0.375, -2.0]
    opt.update(0, w, np.array([1.0, 0.5], dtype=dtype), state)
    assert state.tolist() == [-0.859375, 0.0] and w.tolist() == [-0.484375, -2.0]


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_nag_keeps_momentum_scaled_by_the_rate(dtype):
    # rates 0.5 then 0.25, momentum 0.5, gradients of 1 (exact in every dtype):
    # MXNet's kernel gives -1.25; the textbook formula with an unscaled
    # momentum (state = m * state + g; w -= lr * (g + m * state)) -1.1875.
    opt = NAG(momentum=0.5, learning_rate=0.5)
    w = np.zeros(1, dtype=dtype)
    state = opt.create_state(0, w)
    opt.update(0, w, np.ones(1, dtype=dtype), state)
    assert w.tolist() == [-0.75] and state.tolist() == [-0.5]
    opt.set_learning_rate(0.25)
    opt.update(0, w, np.ones(1, dtype=dtype), state)
    assert w.tolist() == [-1.25] and state.tolist() == [-0.5]


def test_nag_issue_example_is_mxnets_number():
    # momentum 0.9, rates 1.0 then 0.5, gradients of 1, float32 (MXNet's default):
    # real MXNet 1.9.1 ends at -3.6599998 with the state at -1.4.
    opt = NAG(momentum=0.9, learning_rate=1.0)
    w = np.zeros(1, dtype=np.float32)
    state = opt.create_state(0, w)
    for lr in (1.0, 0.5):
        opt.set_learning_rate(lr)
        opt.update(0, w, np.ones(1, dtype=np.float32), state)
    assert w[0] == np.float32(-3.6599998474121094)
    assert state[0] == np.float32(-1.399999976158142)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_adam_one_exact_step(dtype):
    # beta2 = 0.75: v = g * g / 4, sqrt(v) = |g| / 2; bias correction sqrt(0.25) / 0.5 = 1
    opt = Adam(learning_rate=0.5, beta1=0.5, beta2=0.75, epsilon=0)
    w = np.array([1.0, -1.0, 0.5], dtype=dtype)
    state = opt.create_state(0, w)
    opt.update(0, w, np.array([2.0, -0.5, 4.0], dtype=dtype), state)
    assert state[0].tolist() == [1.0, -0.25, 2.0]
    assert state[1].tolist() == [1.0, 0.0625, 4.0]
    assert w.tolist() == [0.5, -0.5, 0.0]


@pytest.mark.parametrize("clip", [None, 0, -1.0])
def test_clip_gradient_none_zero_or_negative_is_off(clip):
    w = np.zeros(3)
    SGD(learning_rate=1.0, clip_gradient=clip).update(0, w, np.array([5.0, -7.0, 0.5]), None)
    assert w.tolist() == [-5.0, 7.0, -0.5]


def test_clip_applies_to_the_rescaled_gradient():
    w = np.zeros(2)
    SGD(learning_rate=1.0, rescale_grad=0.25, clip_gradient=1.5).update(
        0, w, np.array([2.0, 10.0]), None)
    assert w.tolist() == [-0.5, -1.5]


@pytest.mark.parametrize("cls", [SGD, NAG, Adam])
def test_updates_in_place_and_keep_dtype(cls):
    w = np.linspace(-1, 1, 8, dtype=np.float32)
    before = w.copy()
    address = w.__array_interface__["data"][0]
    opt = cls(learning_rate=0.1, momentum=0.9) if cls is not Adam else cls(learning_rate=0.1)
    state = opt.create_state(0, w)
    opt.update(0, w, np.ones(8, dtype=np.float32), state)
    assert w.dtype == np.float32 and w.__array_interface__["data"][0] == address
    assert not np.array_equal(w, before)


def test_nag_and_adam_take_one_index_per_update_as_in_mxnet():
    w = [np.zeros(2), np.zeros(2)]
    with pytest.raises(AssertionError, match="weight must be a numpy.ndarray"):
        NAG().update([0, 1], w, [np.ones(2)] * 2, [None, None])


@pytest.mark.parametrize("cls", [SGD, NAG])
def test_multi_precision_keeps_float32_master_copy(cls):
    w16 = np.array([1.0, 0.5, -0.25, 3.0], dtype=np.float16)
    opt = cls(learning_rate=1e-3, momentum=0.9, multi_precision=True)
    state = opt.create_state_multi_precision(0, w16)
    mom, w32 = state
    assert mom.dtype == np.float32 and w32.dtype == np.float32
    grad = np.full(4, 0.1, dtype=np.float16)
    for _ in range(3):
        opt.update_multi_precision(0, w16, grad, state)
    assert w16.dtype == np.float16
    assert np.array_equal(w16, w32.astype(np.float16))
    plain = cls(learning_rate=1e-3, momentum=0.9)
    ref32 = np.array([1.0, 0.5, -0.25, 3.0], dtype=np.float32)
    ref_state = plain.create_state(0, ref32)
    for _ in range(3):
        plain.update(0, ref32, grad.astype(np.float32), ref_state)
    assert np.array_equal(w32, ref32)
    assert not np.array_equal(w32, w32.astype(np.float16).astype(np.float32))


def test_adam_multi_precision_state_is_weight32_then_moments():
    w16 = np.ones(3, dtype=np.float16)
    opt = Adam(learning_rate=1e-4, multi_precision=True)
    w32, (m, v) = opt.create_state_multi_precision(0, w16)
    assert w32.dtype == m.dtype == v.dtype == np.float32
    opt.update_multi_precision(0, w16, np.ones(3, dtype=np.float16), (w32, (m, v)))
    assert np.array_equal(w16, w32.astype(np.float16)) and w32[0] < 1.0


def test_float16_without_multi_precision_warns():
    with pytest.warns(UserWarning, match="multi_precision=True option of the SGD"):
        SGD(momentum=0.9).create_state_multi_precision(0, np.ones(2, dtype=np.float16))


# -- registry, pickling, updater ---------------------------------------------------------

@pytest.mark.parametrize("name, cls", [("sgd", SGD), ("SGD", SGD), ("nAg", NAG),
                                       ("Adam", Adam)])
def test_create_by_case_insensitive_name(name, cls):
    opt = optimizer.create(name, learning_rate=0.3)
    assert type(opt) is cls and opt.lr == 0.3
    assert type(Optimizer.create_optimizer(name)) is cls


def test_create_unknown_name_raises_valueerror():
    with pytest.raises(ValueError, match="Cannot find optimizer rmsprop_x"):
        optimizer.create("rmsprop_x")


def test_register_adds_and_warns_on_override(monkeypatch):
    monkeypatch.setattr(Optimizer, "opt_registry", dict(Optimizer.opt_registry))

    @optimizer.register
    class Halver(Optimizer):
        def update(self, index, weight, grad, state):
            weight *= 0.5

    opt = optimizer.create("HALVER")
    w = np.ones(2)
    opt.update(0, w, w, None)
    assert type(opt) is Halver and w.tolist() == [0.5, 0.5]
    with pytest.warns(UserWarning, match="is overriding existing optimizer"):
        Optimizer.register(type("Halver", (Optimizer,), {}))
    with pytest.raises(AssertionError, match="needs a class"):
        optimizer.register(opt)


def test_pickle_round_trip_continues_identically():
    sched = lr_scheduler.FactorScheduler(step=3, factor=0.5, base_lr=1)
    opt = SGD(momentum=0.9, lr_scheduler=sched, wd=1e-3)
    w = np.linspace(0, 1, 4)
    state = opt.create_state(0, w)
    for _ in range(5):
        opt.update(0, w, np.ones(4), state)
    clone = pickle.loads(pickle.dumps(opt))
    assert clone.num_update == 5 and clone._index_update_count == {0: 5}
    assert clone.lr_scheduler.base_lr == sched.base_lr
    assert clone.lr_scheduler.count == sched.count
    w2, state2 = w.copy(), state.copy()
    for _ in range(6):
        opt.update(0, w, np.ones(4), state)
        clone.update(0, w2, np.ones(4), state2)
    assert np.array_equal(w, w2) and clone.learning_rate == opt.learning_rate


def test_updater_keeps_states_and_round_trips():
    opt = SGD(learning_rate=0.1, momentum=0.5)
    updater = optimizer.get_updater(opt)
    w = np.ones(3)
    updater(0, np.ones(3), w)
    updater(0, np.ones(3), w)
    assert np.allclose(w, 1 - 0.1 - 0.15)
    blob = updater.get_states(dump_optimizer=True)
    other = optimizer.get_updater(SGD())
    other.set_states(blob)
    assert other.optimizer.num_update == 2 and np.array_equal(other.states[0],
                                                              updater.states[0])


# -- training runs -----------------------------------------------------------------------

def test_least_squares_converges_with_momentum_and_cosine_warmup():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(256, 8))
    w_true = rng.normal(size=8)
    y = x @ w_true + 0.01 * rng.normal(size=256)
    w_best = np.linalg.lstsq(x, y, rcond=None)[0]
    sched = lr_scheduler.CosineScheduler(max_update=400, base_lr=0.1, final_lr=1e-4,
                                         warmup_steps=40)
    opt = SGD(momentum=0.9, lr_scheduler=sched)
    w = np.zeros(8)
    state = opt.create_state(0, w)

    def loss(v):
        return 0.5 * np.mean((x @ v - y) ** 2)

    start = loss(w)
    for step in range(400):
        batch = rng.choice(256, size=32, replace=False)
        grad = x[batch].T @ (x[batch] @ w - y[batch]) / 32
        opt.update(0, w, grad, state)
    assert opt.num_update == 400
    assert loss(w) < 1e-3 * start
    assert np.max(np.abs(w - w_best)) < 2e-3


def test_logistic_regression_converges_with_adam_and_nag():
    rng = np.random.default_rng(11)
    x = rng.normal(size=(400, 3))
    w_true = np.array([2.0, -3.0, 1.0])
    labels = (x @ w_true + 0.5 > 0).astype(float)
    for opt in (Adam(learning_rate=None, lr_scheduler=lr_scheduler.FactorScheduler(
                    step=100, factor=0.5, base_lr=0.1)),
                NAG(momentum=0.9, lr_scheduler=lr_scheduler.PolyScheduler(
                    max_update=300, base_lr=0.5, final_lr=0.01))):
        w, b = np.zeros(3), np.zeros(1)
        updater = optimizer.get_updater(opt)    # NAG and Adam update one index a call
        for _ in range(300):
            p = 1 / (1 + np.exp(-(x @ w + b)))
            updater([0, 1], [x.T @ (p - labels) / 400, np.array([np.mean(p - labels)])],
                    [w, b])
        accuracy = np.mean(((x @ w + b) > 0) == (labels > 0.5))
        assert accuracy > 0.97, type(opt).__name__
        cosine = w @ w_true / np.linalg.norm(w) / np.linalg.norm(w_true)
        assert cosine > 0.98, type(opt).__name__


def test_no_warning_for_float32_or_float64():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for dtype in (np.float32, np.float64):
            SGD(momentum=0.9).create_state_multi_precision(0, np.ones(2, dtype=dtype))
