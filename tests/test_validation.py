"""Constructor arguments MXNet rejects are rejected the same way, plus non-finite values."""
import os
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction

import pytest

NAN, INF = float("nan"), float("inf")

# (class, kwargs, exception, MXNet 1.9.1's message, the value named after it)
MXNET_REJECTS = [
    ("FactorScheduler", dict(step=0), ValueError,
     "Schedule step must be greater or equal than 1 round", "step=0"),
    ("FactorScheduler", dict(step=10, factor=1.5), ValueError,
     "Factor must be no more than 1 to make lr reduce", "factor=1.5"),
    ("FactorScheduler", dict(step=10, base_lr=0.1, warmup_begin_lr=0.2), ValueError,
     "Base lr has to be higher than warmup_begin_lr", "base_lr=0.1, warmup_begin_lr=0.2"),
    ("FactorScheduler", dict(step=10, warmup_steps=-1), ValueError,
     "Warmup steps has to be positive or 0", "warmup_steps=-1"),
    ("FactorScheduler", dict(step=10, warmup_mode="exp"), ValueError,
     "Supports only linear and constant modes of warmup", "warmup_mode='exp'"),
    ("FactorScheduler", dict(step=10, warmup_steps=2.5), AssertionError,
     "", "warmup_steps=2.5"),
    ("MultiFactorScheduler", dict(step=[]), AssertionError, "", "step=[]"),
    ("MultiFactorScheduler", dict(step=(5, 9)), AssertionError, "", "step=(5, 9)"),
    ("MultiFactorScheduler", dict(step=[5, 3]), ValueError,
     "Schedule step must be an increasing integer list", "step=[5, 3]"),
    ("MultiFactorScheduler", dict(step=[0, 3]), ValueError,
     "Schedule step must be greater or equal than 1 round", "step[0]=0"),
    ("MultiFactorScheduler", dict(step=[3, 5], factor=2), ValueError,
     "Factor must be no more than 1 to make lr reduce", "factor=2"),
    ("PolyScheduler", dict(max_update=0), ValueError,
     "maximum number of updates must be strictly positive", "max_update=0"),
    ("PolyScheduler", dict(max_update=10.0), AssertionError, "", "max_update=10.0"),
    ("CosineScheduler", dict(max_update=-5), ValueError,
     "maximum number of updates must be strictly positive", "max_update=-5"),
    ("CosineScheduler", dict(max_update=7.5), AssertionError, "", "max_update=7.5"),
    ("CosineScheduler", dict(max_update=10, base_lr="0.1"), TypeError, "", "base_lr='0.1'"),
]

# Accepted by MXNet 1.9.1, but they would give a wrong or undefined rate.
CYSCHED_REJECTS = [
    ("FactorScheduler", dict(step=10, base_lr=NAN), "base_lr=nan"),
    ("FactorScheduler", dict(step=10, factor=NAN), "factor=nan"),
    ("FactorScheduler", dict(step=10, stop_factor_lr=INF), "stop_factor_lr=inf"),
    ("FactorScheduler", dict(step=INF), "step=inf"),
    ("MultiFactorScheduler", dict(step=[3, NAN]), "step[1]=nan"),
    ("PolyScheduler", dict(max_update=10, pwr=NAN), "pwr=nan"),
    ("PolyScheduler", dict(max_update=10, final_lr=-INF), "final_lr=-inf"),
    ("CosineScheduler", dict(max_update=10, warmup_begin_lr=NAN), "warmup_begin_lr=nan"),
    ("CosineScheduler", dict(max_update=10, warmup_steps=10), "max_update=10, warmup_steps=10"),
    ("PolyScheduler", dict(max_update=3, warmup_steps=3), "max_update=3, warmup_steps=3"),
]


@pytest.mark.parametrize("cls,kwargs,exc,message,named", MXNET_REJECTS)
def test_mxnet_rejections_keep_type_and_message(impl, cls, kwargs, exc, message, named):
    with pytest.raises(exc) as info:
        getattr(impl, cls)(**kwargs)
    assert type(info.value) is exc
    assert str(info.value).startswith(message)
    assert str(info.value).endswith("got " + named)


@pytest.mark.parametrize("cls,kwargs,named", CYSCHED_REJECTS)
def test_non_finite_and_dividing_arguments_are_value_errors(impl, cls, kwargs, named):
    with pytest.raises(ValueError) as info:
        getattr(impl, cls)(**kwargs)
    assert str(info.value).endswith("got " + named)


def test_numpy_integers_are_accepted_as_ints(impl):
    np = pytest.importorskip("numpy")
    sched = impl.PolyScheduler(max_update=np.int64(10), warmup_steps=np.int32(2))
    assert type(sched.max_update) is int and type(sched.warmup_steps) is int
    multi = impl.MultiFactorScheduler(step=[np.int64(3), np.int16(5)])
    assert [type(s) for s in multi.step] == [int, int]


@pytest.mark.parametrize("value", [Fraction(1, 4), Decimal("0.25"), "numpy"])
def test_other_real_types_become_float(impl, value):
    if value == "numpy":
        value = pytest.importorskip("numpy").float32(0.25)
    sched = impl.CosineScheduler(max_update=10, base_lr=value, final_lr=value / 4)
    assert type(sched.base_lr) is float and sched.base_lr == 0.25
    assert type(sched.final_lr) is float and sched.final_lr == 0.0625


def test_ints_stay_ints(impl):
    sched = impl.FactorScheduler(step=250, base_lr=1, factor=1)
    assert sched(1) == 1 and type(sched(1)) is int and type(sched.base_lr) is int
    warm = impl.CosineScheduler(max_update=10, base_lr=2, warmup_steps=3,
                                warmup_begin_lr=1, warmup_mode="constant")
    assert type(warm(1)) is int and warm(1) == 1


@pytest.mark.parametrize("pure", ["1", ""])
def test_asserted_checks_hold_under_python_O(pure):
    code = ("from cysched import lr_scheduler\n"
            "try:\n"
            "    lr_scheduler.PolyScheduler(max_update=10.0)\n"
            "except AssertionError as exc:\n"
            "    print('AssertionError', exc)\n")
    env = dict(os.environ, CYSCHED_NO_EXTENSIONS=pure)
    out = subprocess.run([sys.executable, "-O", "-c", code], capture_output=True, text=True,
                         env=env, cwd=os.path.dirname(__file__), check=True)
    assert out.stdout.strip() == "AssertionError max_update must be an integer, got max_update=10.0"
