"""cysched.create / create_from_config: class names, Hugging Face's and timm's names."""
import enum
import json
import os
import subprocess
import sys

import pytest

import cysched
from cysched import factory
from _scenarios import same_number
from hf_formulas import (hf_constant_with_warmup, hf_cosine, hf_hard_restarts,
                         hf_inverse_sqrt, hf_linear, hf_polynomial)
from test_state import FAMILIES, KWARGS, assert_same_future, family, run

MXNET = sorted(KWARGS)


def known(ns):
    """The name -> class table of one implementation, as the factory uses it."""
    return {name: getattr(ns, name) for name in vars(ns) if not name.startswith("_")}


def make(ns, name, **kwargs):
    return factory._create(name, kwargs, known(ns))


def equal_schedules(a, b, updates=range(0, 60)):
    assert type(a) is type(b)
    assert repr(a) == repr(b)
    for n in updates:
        assert same_number(a(n), b(n)), n


# -- cysched's (and MXNet's) class names ------------------------------------------------

@pytest.mark.parametrize("name", MXNET)
def test_class_names_take_the_constructor_arguments(impl, name):
    equal_schedules(make(impl, name, **KWARGS[name]), getattr(impl, name)(**KWARGS[name]),
                    range(1, 60))


@pytest.mark.parametrize("spelling", ["FactorScheduler", "factorscheduler",
                                      "mxnet.lr_scheduler.FactorScheduler",
                                      "mx.lr_scheduler.FactorScheduler",
                                      "lr_scheduler.FACTORSCHEDULER", " FactorScheduler "])
def test_mxnet_spellings(impl, spelling):
    s = make(impl, spelling, step=2, factor=0.5, base_lr=1)
    assert type(s) is impl.FactorScheduler and [s(n) for n in (1, 3, 5)] == [1, 0.5, 0.25]


@pytest.mark.parametrize("name", FAMILIES)
def test_family_class_names(impl, name):
    s = family(impl, name)
    cfg = s.get_config()
    made = factory._from_config({"class_name": name, "config": cfg}, known(impl), "config")
    assert type(made) is type(s)
    assert_same_future(run(made), run(family(impl, name)))


def test_the_active_implementation_is_used():
    s = cysched.create("CosineScheduler", max_update=10)
    assert type(s) is cysched.lr_scheduler.CosineScheduler
    assert cysched.create is factory.create
    assert cysched.create_from_config is factory.create_from_config


def test_unknown_names_list_the_valid_ones(impl):
    with pytest.raises(ValueError) as info:
        make(impl, "cosinus", max_update=3)
    text = str(info.value)
    assert text.startswith("unknown scheduler 'cosinus'; valid names: ")
    for name in MXNET + FAMILIES + ["linear", "cosine_with_restarts", "warmup_stable_decay",
                                    "step", "multistep", "poly", "plateau", "polynomial"]:
        assert name in text
    assert "LRScheduler" not in text and "Schedule," not in text
    with pytest.raises(ValueError, match="unknown scheduler 'LRScheduler'"):
        make(impl, "LRScheduler")
    with pytest.raises(TypeError, match="a scheduler name must be a string, got name=3"):
        make(impl, 3)


def test_an_enum_name_like_hugging_faces_scheduler_type(impl):
    class SchedulerType(str, enum.Enum):
        LINEAR = "linear"

    s = make(impl, SchedulerType.LINEAR, lr=1.0, num_training_steps=4)
    assert type(s).__name__ == "LinearScheduler" and s(2) == 0.5


# -- Hugging Face ---------------------------------------------------------------------------

HF_CASES = [
    ("linear", dict(num_warmup_steps=10, num_training_steps=100),
     "LinearScheduler", dict(max_update=100, warmup_steps=10),
     lambda n: hf_linear(n, 10, 100)),
    ("cosine", dict(num_warmup_steps=10, num_training_steps=100),
     "CosineScheduler", dict(max_update=100, warmup_steps=10),
     lambda n: hf_cosine(n, 10, 100)),
    ("cosine_with_restarts", dict(num_warmup_steps=10, num_training_steps=100, num_cycles=3),
     "CosineRestartScheduler", dict(cycle_length=30, warmup_steps=10),
     lambda n: hf_hard_restarts(n, 10, 100, 3)),
    ("polynomial", dict(num_warmup_steps=10, num_training_steps=100, lr_end=1e-3, power=2.0),
     "PolyScheduler", dict(max_update=100, warmup_steps=10, final_lr=1e-3, pwr=2.0),
     lambda n: hf_polynomial(n, 10, 100, 0.1, 1e-3, 2.0)),
    ("polynomial", dict(num_warmup_steps=10, num_training_steps=100),
     "PolyScheduler", dict(max_update=100, warmup_steps=10, final_lr=1e-7, pwr=1.0),
     lambda n: hf_polynomial(n, 10, 100, 0.1)),
    ("constant", dict(), "ConstantScheduler", dict(), lambda n: 1.0),
    ("constant_with_warmup", dict(num_warmup_steps=10), "ConstantScheduler",
     dict(warmup_steps=10), lambda n: hf_constant_with_warmup(n, 10)),
    ("inverse_sqrt", dict(num_warmup_steps=10), "InverseSqrtScheduler",
     dict(warmup_steps=10), lambda n: hf_inverse_sqrt(n, 10)),
    ("inverse_sqrt", dict(num_warmup_steps=10, timescale=25), "InverseSqrtScheduler",
     dict(warmup_steps=10, timescale=25), lambda n: hf_inverse_sqrt(n, 10, 25)),
]


@pytest.mark.parametrize("case", range(len(HF_CASES)))
def test_hugging_face_names_and_arguments(impl, case):
    name, hf_args, target, native, reference = HF_CASES[case]
    s = make(impl, name, lr=0.1, **hf_args)
    equal_schedules(s, getattr(impl, target)(base_lr=0.1, **native), range(1, 100))
    # The curve is Hugging Face's, as a function of the step, over the training.
    for n in range(1, 100):
        assert s(n) == pytest.approx(0.1 * reference(n), rel=1e-12, abs=1e-15), n


def test_hugging_face_learning_rate_spellings(impl):
    for key in ("lr", "learning_rate", "base_lr"):
        assert make(impl, "constant", **{key: 0.3})(7) == 0.3


def test_warmup_stable_decay(impl):
    s = make(impl, "warmup_stable_decay", lr=0.1, num_warmup_steps=10, num_stable_steps=60,
             num_decay_steps=30, warmup_type="cosine", decay_type="linear", min_lr_ratio=0.1)
    want = impl.WarmupStableDecayScheduler(100, base_lr=0.1, final_lr=0.1 * 0.1,
                                           decay_steps=30, decay_mode="linear",
                                           warmup_steps=10, warmup_begin_lr=0.1 * 0.1,
                                           warmup_mode="cosine")
    equal_schedules(s, want, range(0, 120))
    same = make(impl, "warmup_stable_decay", lr=0.1, num_warmup_steps=10,
                num_training_steps=100, num_decay_steps=30, warmup_type="cosine",
                decay_type="linear", min_lr_ratio=0.1, num_cycles=0.5)
    equal_schedules(same, want)
    with pytest.raises(TypeError, match="num_training_steps or num_stable_steps"):
        make(impl, "warmup_stable_decay", num_warmup_steps=1, num_training_steps=10,
             num_stable_steps=3, num_decay_steps=2)


def test_cosine_with_min_lr(impl):
    a = make(impl, "cosine_with_min_lr", lr=0.1, num_training_steps=50, min_lr=1e-3)
    b = make(impl, "cosine_with_min_lr", lr=0.1, num_training_steps=50, min_lr_rate=0.01)
    want = impl.CosineScheduler(max_update=50, base_lr=0.1, final_lr=1e-3)
    equal_schedules(a, want, range(1, 50))
    assert b.final_lr == pytest.approx(1e-3, rel=1e-15)


def test_reduce_lr_on_plateau_takes_pytorchs_names(impl):
    s = make(impl, "reduce_lr_on_plateau", lr=0.1, mode="min", factor=0.5, patience=0,
             min_lr=0.03)
    assert type(s) is impl.PlateauScheduler and s.final_lr == 0.03
    s.record(1.0)
    s.record(2.0)
    assert s(5) == 0.05
    s.record(2.0)
    assert s(5) == 0.03


def test_hugging_face_limits_are_named(impl):
    with pytest.raises(ValueError, match="only num_cycles=0.5.*got num_cycles=1.5"):
        make(impl, "cosine", num_training_steps=100, num_cycles=1.5)
    make(impl, "cosine", num_training_steps=100, num_cycles=0.5)
    with pytest.raises(ValueError, match="whole cycles"):
        make(impl, "cosine_with_restarts", num_training_steps=100, num_cycles=3)
    with pytest.raises(TypeError, match="needs num_training_steps"):
        make(impl, "cosine_with_restarts", lr=0.1)
    equal_schedules(make(impl, "cosine_with_restarts", cycle_length=7),
                    impl.CosineRestartScheduler(7))


# -- timm ---------------------------------------------------------------------------------------

def test_timm_step(impl):
    s = make(impl, "step", lr=0.1, decay_t=30, decay_rate=0.5, warmup_t=5,
             warmup_lr_init=1e-3)
    equal_schedules(s, impl.FactorScheduler(step=30, factor=0.5, stop_factor_lr=0,
                                            base_lr=0.1, warmup_steps=5,
                                            warmup_begin_lr=1e-3), range(1, 200))
    # timm: lr * decay_rate ** (t // decay_t); cysched asks for update t + 1.
    fresh = make(impl, "step", lr=0.1, decay_t=30, decay_rate=0.5)
    assert [fresh(t + 1) for t in range(100)] == [0.1 * 0.5 ** (t // 30) for t in range(100)]


def test_timm_multistep(impl):
    s = make(impl, "multistep", lr=1.0, decay_t=[10, 20], decay_rate=0.1)
    equal_schedules(s, impl.MultiFactorScheduler(step=[10, 20], factor=0.1, base_lr=1.0),
                    range(1, 40))


def test_timm_cosine_and_poly(impl):
    s = make(impl, "cosine", lr=0.1, t_initial=100, lr_min=1e-4, warmup_t=5,
             warmup_lr_init=1e-5)
    equal_schedules(s, impl.CosineScheduler(max_update=100, base_lr=0.1, final_lr=1e-4,
                                            warmup_steps=5, warmup_begin_lr=1e-5))
    s = make(impl, "cosine", lr=0.1, t_initial=100, warmup_t=5, warmup_prefix=True)
    assert s.max_update == 105 and s.warmup_steps == 5
    p = make(impl, "poly", lr=0.1, t_initial=50, lr_min=1e-3)
    equal_schedules(p, impl.PolyScheduler(max_update=50, base_lr=0.1, pwr=0.5, final_lr=1e-3))
    assert make(impl, "poly", lr=0.1, t_initial=50, power=2).power == 2


def test_timm_plateau(impl):
    s = make(impl, "plateau", lr=0.1, decay_rate=0.5, patience_t=1, lr_min=0.01)
    assert s.mode == "max" and s.factor == 0.5 and s.patience == 1 and s.final_lr == 0.01
    assert s.schedule.base_lr == 0.1
    w = make(impl, "plateau", lr=0.1, warmup_t=4, warmup_lr_init=0.02)
    equal_schedules(w.schedule, impl.ConstantScheduler(0.1, warmup_steps=4,
                                                       warmup_begin_lr=0.02))
    assert w(2) == impl.ConstantScheduler(0.1, warmup_steps=4, warmup_begin_lr=0.02)(2)


# -- argument checks ----------------------------------------------------------------------------

def test_one_value_given_twice_is_refused(impl):
    with pytest.raises(TypeError, match="'t_initial' and 'num_training_steps' both give "
                                        "max_update"):
        make(impl, "cosine", t_initial=10, num_training_steps=10)
    with pytest.raises(TypeError, match="'lr' and 'base_lr' both give base_lr"):
        make(impl, "linear", lr=0.1, base_lr=0.1, max_update=5)


def test_unknown_arguments_list_the_accepted_ones(impl):
    with pytest.raises(TypeError, match=r"linear\(\) got an unexpected keyword argument "
                                        r"'decay_t'; it takes \[.*'num_training_steps'"):
        make(impl, "linear", decay_t=3, num_training_steps=10)
    with pytest.raises(TypeError):
        make(impl, "CosineScheduler", max_update=10, num_training_steps=10)


def test_constructor_checks_still_apply(impl):
    with pytest.raises(ValueError, match="got step=0"):
        make(impl, "step", decay_t=0)


def test_native_names_work_under_another_librarys_name(impl):
    equal_schedules(make(impl, "cosine", max_update=40, base_lr=0.2, final_lr=0.01),
                    impl.CosineScheduler(max_update=40, base_lr=0.2, final_lr=0.01))


# -- create_from_config -------------------------------------------------------------------------

def from_config(impl, config):
    return factory._from_config(config, known(impl), "config")


def test_a_nested_experiment_file(impl):
    text = json.dumps({
        "name": "SequentialScheduler",
        "milestones": [20],
        "schedules": [
            {"name": "Warmup", "warmup_steps": 5,
             "schedule": {"name": "constant", "lr": 0.1}},
            {"class_name": "ProductScheduler", "config": {"schedules": [
                {"name": "cosine", "t_initial": 80, "lr": 0.1},
                {"name": "ConstantScheduler", "base_lr": 0.5}]}},
        ]})
    s = from_config(impl, json.loads(text))
    want = impl.SequentialScheduler(
        [impl.Warmup(impl.ConstantScheduler(0.1), warmup_steps=5),
         impl.ProductScheduler(impl.CosineScheduler(max_update=80, base_lr=0.1),
                               impl.ConstantScheduler(0.5))], milestones=[20])
    assert_same_future(s, want, range(0, 120))


@pytest.mark.parametrize("name", MXNET)
def test_keras_form_round_trip_of_every_mxnet_class(impl, name):
    s = getattr(impl, name)(**KWARGS[name])
    for n in (1, 5, 30):
        s(n)
    cfg = json.loads(json.dumps({"class_name": name, "config": s.get_config()}))
    made = from_config(impl, cfg)
    assert_same_future(made, getattr(impl, name)(**KWARGS[name]), range(1, 50))


def test_public_create_from_config_uses_the_active_classes():
    s = cysched.create_from_config({"name": "polynomial", "lr": 0.1,
                                    "num_training_steps": 10})
    assert type(s) is cysched.lr_scheduler.PolyScheduler and s.power == 1.0


def test_bad_configs_say_what_is_wrong(impl):
    with pytest.raises(ValueError, match=r"config: a scheduler config needs 'name' .*"
                                         r"got the keys \['max_update'\]"):
        from_config(impl, {"max_update": 10})
    with pytest.raises(TypeError, match="config: a scheduler config must be a dict"):
        from_config(impl, ["cosine"])
    with pytest.raises(ValueError, match="unknown scheduler 'cosinus'"):
        from_config(impl, {"name": "Warmup", "warmup_steps": 3,
                           "schedule": {"name": "cosinus"}})
    with pytest.raises(TypeError, match="config.config must be a dict"):
        from_config(impl, {"class_name": "CosineScheduler", "config": 3})


def test_importing_cysched_does_not_import_the_factory():
    code = ("import sys, cysched\n"
            "assert 'cysched.factory' not in sys.modules\n"
            "cysched.create('constant', lr=0.1)\n"
            "assert 'cysched.factory' in sys.modules and 'numpy' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True,
                   cwd=os.path.dirname(os.path.abspath(__file__)))


def test_names_lists_classes_then_aliases(impl):
    listed = factory.names(known(impl))
    assert listed[:len(MXNET + FAMILIES)] == sorted(MXNET + FAMILIES)
    assert listed[len(MXNET + FAMILIES):] == sorted(factory.ALIASES)
