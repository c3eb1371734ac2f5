"""num_update: ints, NumPy integers, bools and floats accepted; bad values named."""
from decimal import Decimal
from fractions import Fraction

import math

import pytest

from _scenarios import same_number

MAKERS = {
    "FactorScheduler": dict(base_lr=1, step=3, factor=0.5, warmup_steps=2),
    "MultiFactorScheduler": dict(base_lr=1, step=[3, 7, 12], factor=0.5, warmup_steps=2),
    "PolyScheduler": dict(base_lr=1, max_update=20, pwr=2, warmup_steps=2),
    "CosineScheduler": dict(base_lr=1, max_update=20, final_lr=0.001, warmup_steps=2),
}
NAMES = sorted(MAKERS)


def make(impl, name):
    return getattr(impl, name)(**MAKERS[name])


@pytest.mark.parametrize("name", NAMES)
def test_numpy_integers_bools_and_integral_floats_match_ints(impl, name):
    np = pytest.importorskip("numpy")
    converters = [int, np.int64, np.int32, np.uint16, float, np.float64]
    sweeps = []
    for convert in converters:
        sched = make(impl, name)
        sweeps.append([sched(convert(n)) for n in range(0, 30)])
    for sweep in sweeps[1:]:
        assert [float(v).hex() for v in sweep] == [float(v).hex() for v in sweeps[0]]
    with_bool = make(impl, name)
    plain = make(impl, name)
    assert same_number(with_bool(True), plain(1))
    assert same_number(with_bool(False), plain(0))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("bad", [-1, -0.5, -(2 ** 70)])
def test_negative_num_update_is_a_value_error_naming_it(impl, name, bad):
    with pytest.raises(ValueError, match=r"num_update must be >= 0, got num_update=-"):
        make(impl, name)(bad)


@pytest.mark.parametrize("name", NAMES)
def test_nan_num_update_is_a_value_error(impl, name):
    with pytest.raises(ValueError, match=r"num_update must not be NaN, got num_update=nan"):
        make(impl, name)(float("nan"))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("bad", ["7", None, [1], 1j, object()])
def test_non_numbers_are_type_errors_naming_num_update(impl, name, bad):
    with pytest.raises(TypeError, match=r"num_update must be a real number, got num_update="):
        make(impl, name)(bad)


def test_factor_refuses_to_loop_forever_to_infinity(impl):
    sched = impl.FactorScheduler(step=1, factor=0.5, base_lr=1)
    with pytest.raises(OverflowError, match=r"num_update must be finite"):
        sched(float("inf"))
    assert sched.count == 0 and sched.base_lr == 1


@pytest.mark.parametrize("big", [2 ** 53 + 1, 10 ** 30, 1e300])
def test_factor_jumps_past_2_53_to_the_clamp_at_once(impl, big):
    # MXNet's loop would take `big` turns to get there; the clamp is a fixed point.
    sched = impl.FactorScheduler(step=1, factor=0.5, base_lr=1)
    assert sched(big) == 1e-8
    assert sched.count == math.ceil(big) - 1


def test_factor_at_2_53_is_exact(impl):
    sched = impl.FactorScheduler(step=1, factor=0.5, base_lr=1)
    assert sched(2 ** 53) == 1e-8
    assert sched.count == 2 ** 53 - 1


@pytest.mark.parametrize("name", ["PolyScheduler", "CosineScheduler"])
def test_huge_updates_past_the_horizon_return_the_last_rate_like_mxnet(impl, name):
    sched = make(impl, name)
    last = sched(20)
    assert same_number(sched(10 ** 30), last)
    assert same_number(sched(float("inf")), last)


def test_fraction_and_decimal_behave_as_in_mxnet(impl):
    # MXNet 1.9.1 does its arithmetic on whatever it is given; so do both twins.
    assert same_number(make(impl, "PolyScheduler")(Fraction(5)), make(impl, "PolyScheduler")(5))
    assert same_number(make(impl, "FactorScheduler")(Decimal(10)),
                       make(impl, "FactorScheduler")(10))
