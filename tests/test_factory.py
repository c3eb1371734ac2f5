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


def test_unknown_names_suggest_the_closest(impl):
    with pytest.raises(ValueError) as info:
        make(impl, "cosin", lr=0.1)
    text = str(info.value)
    assert text.startswith("unknown scheduler 'cosin'; did you mean 'cosine'")
    for name in MXNET + FAMILIES + ["linear", "cosine_with_restarts", "warmup_stable_decay",
                                    "step", "multistep", "poly", "plateau", "polynomial",
                                    "steplr", "warmup_cosine_decay_schedule", "cosinedecay"]:
        assert name in text
    assert "LRScheduler" not in text and "Schedule," not in text and "timm_cosine" not in text
    with pytest.raises(ValueError, match="did you mean 'CosineScheduler'"):
        make(impl, "CosineSchedular")
    with pytest.raises(ValueError, match="unknown scheduler 'LRScheduler'"):
        make(impl, "LRScheduler")
    with pytest.raises(TypeError, match="a scheduler name must be a string, got name=3"):
        make(impl, 3)


def test_missing_arguments_are_named(impl):
    with pytest.raises(TypeError, match="^'cosine' needs num_training_steps$"):
        make(impl, "cosine", lr=0.1)
    with pytest.raises(TypeError, match="^'cosine' needs t_initial$"):
        make(impl, "cosine", lr=0.1, warmup_t=3)
    with pytest.raises(TypeError, match="^'CosineAnnealingLR' needs T_max$"):
        make(impl, "CosineAnnealingLR", lr=0.1)
    with pytest.raises(TypeError, match="^'LinearScheduler' needs max_update$"):
        make(impl, "LinearScheduler", base_lr=0.1)


def test_another_librarys_spelling_is_named_with_the_right_one(impl):
    with pytest.raises(TypeError, match=r"^linear\(\) takes num_training_steps, not "
                                        r"'max_update' \(another library's name\)$"):
        make(impl, "linear", lr=0.1, max_update=10)
    with pytest.raises(TypeError, match=r"CosineDecay\(\) takes initial_learning_rate, "
                                        r"not 'lr'"):
        make(impl, "CosineDecay", lr=0.1, decay_steps=10)
    with pytest.raises(TypeError, match=r"StepLR\(\) takes gamma, not 'decay_rate'"):
        make(impl, "StepLR", lr=0.1, step_size=3, decay_rate=0.5)


def test_an_enum_name_like_hugging_faces_scheduler_type(impl):
    class SchedulerType(str, enum.Enum):
        LINEAR = "linear"

    s = make(impl, SchedulerType.LINEAR, lr=1.0, num_training_steps=4)
    assert type(s).__name__ == "LinearScheduler" and s(3) == 0.5


# -- Hugging Face (live in tests/test_peers_loop.py) -------------------------------------

HF_CASES = [
    ("linear", dict(num_warmup_steps=10, num_training_steps=100),
     lambda n: hf_linear(n, 10, 100)),
    ("cosine", dict(num_warmup_steps=10, num_training_steps=100),
     lambda n: hf_cosine(n, 10, 100)),
    ("cosine_with_restarts", dict(num_warmup_steps=10, num_training_steps=100, num_cycles=3),
     lambda n: hf_hard_restarts(n, 10, 100, 3)),
    ("constant", dict(), lambda n: 1.0),
    ("constant_with_warmup", dict(num_warmup_steps=10),
     lambda n: hf_constant_with_warmup(n, 10)),
    ("inverse_sqrt", dict(num_warmup_steps=10), lambda n: hf_inverse_sqrt(n, 10)),
    ("inverse_sqrt", dict(num_warmup_steps=10, timescale=25),
     lambda n: hf_inverse_sqrt(n, 10, 25)),
]


@pytest.mark.parametrize("case", range(len(HF_CASES)))
def test_hugging_face_names_and_arguments(impl, case):
    name, hf_args, reference = HF_CASES[case]
    s = make(impl, name, lr=0.1, **hf_args)
    # Update k runs with Hugging Face's rate at step k - 1, over the training.
    for k in range(1, 101):
        assert s(k) == pytest.approx(0.1 * reference(k - 1), rel=1e-14, abs=1e-16), k


def test_polynomial_is_a_family(impl):
    s = make(impl, "polynomial", lr=0.1, num_warmup_steps=10, num_training_steps=100,
             lr_end=1e-3, power=2.0)
    assert type(s) is impl.PolynomialScheduler and s.power == 2.0 and s.final_lr == 1e-3
    for k in range(1, 120):
        assert s(k) == pytest.approx(0.1 * hf_polynomial(k - 1, 10, 100, 0.1, 1e-3, 2.0),
                                     rel=1e-14), k
    assert make(impl, "polynomial", lr=0.1, num_training_steps=10).final_lr == 1e-7


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
    want = impl.WarmupStableDecayScheduler(50, base_lr=0.1, final_lr=1e-3, decay_steps=50)
    equal_schedules(a, want, range(1, 60))
    assert b.final_lr == pytest.approx(1e-3, rel=1e-15)
    with pytest.raises(TypeError, match="needs min_lr or min_lr_rate"):
        make(impl, "cosine_with_min_lr", lr=0.1, num_training_steps=50)


def test_reduce_lr_on_plateau_takes_pytorchs_names(impl):
    for name in ("reduce_lr_on_plateau", "ReduceLROnPlateau"):
        s = make(impl, name, lr=0.1, mode="min", factor=0.5, patience=0, min_lr=0.03)
        assert type(s) is impl.PlateauScheduler and s.final_lr == 0.03
        s.record(1.0)
        s.record(2.0)
        assert s(5) == 0.05
        s.record(2.0)
        assert s(5) == 0.03


def test_hugging_face_limits_are_named(impl):
    with pytest.raises(ValueError, match="only num_cycles=0.5 .*got num_cycles=1.5"):
        make(impl, "cosine", num_training_steps=100, num_cycles=1.5)
    make(impl, "cosine", num_training_steps=100, num_cycles=0.5)
    with pytest.raises(ValueError, match="whole cycles"):
        make(impl, "cosine_with_restarts", num_training_steps=100, num_cycles=3)
    with pytest.raises(TypeError, match="needs num_training_steps"):
        make(impl, "cosine_with_restarts", lr=0.1)


def test_hugging_face_restarts_end_at_zero(impl):
    s = make(impl, "cosine_with_restarts", lr=0.1, num_training_steps=30, num_cycles=3)
    assert [s(k) for k in (1, 11, 21)] == [0.1, 0.1, 0.1]     # each cycle from its peak
    assert s(30) > 0.0 and s(31) == s(10 ** 6) == 0.0           # never back at the peak


# -- timm (live in tests/test_peers_loop.py) -----------------------------------------------

def test_timm_step(impl):
    s = make(impl, "step", lr=0.1, decay_t=30, decay_rate=0.5)
    # timm: lr * decay_rate ** (t // decay_t), t = k - 1
    assert [s(t + 1) for t in range(100)] == [0.1 * 0.5 ** (t // 30) for t in range(100)]
    w = make(impl, "step", lr=0.1, decay_t=30, decay_rate=0.5, warmup_t=5,
             warmup_lr_init=1e-3)
    assert type(w) is impl.Warmup and w.prefix is False and w(1) == 1e-3
    assert w(30) == 0.1 and w(31) == 0.05


def test_timm_multistep(impl):
    s = make(impl, "multistep", lr=1.0, decay_t=[10, 20], decay_rate=0.1)
    # timm: decay_rate ** (number of milestones <= t + 1)
    assert [s(t + 1) for t in (0, 8, 9, 18, 19, 50)] == [1.0, 1.0, 0.1, 0.1, 0.1 ** 2, 0.1 ** 2]


def test_timm_cosine_both_warmups(impl):
    over = make(impl, "cosine", lr=0.1, t_initial=100, lr_min=1e-4, warmup_t=5,
                warmup_lr_init=1e-5)
    prefix = make(impl, "cosine", lr=0.1, t_initial=100, lr_min=1e-4, warmup_t=5,
                  warmup_lr_init=1e-5, warmup_prefix=True)
    core = impl.WarmupStableDecayScheduler(100, base_lr=0.1, final_lr=1e-4, decay_steps=100)
    assert over(1) == prefix(1) == 1e-5
    assert [over(k) for k in range(6, 120)] == [core(k) for k in range(6, 120)]
    assert [prefix(k) for k in range(6, 120)] == [core(k - 5) for k in range(6, 120)]


def test_timm_cosine_cycles(impl):
    s = make(impl, "cosine", lr=1.0, t_initial=10, cycle_mul=2, cycle_decay=0.5,
             cycle_limit=3)
    assert [s(k) for k in (1, 11, 31)] == [1.0, 0.5, 0.25]
    assert s(71) == s(10 ** 6) == 0.0          # after cycle_limit cycles: lr_min
    with pytest.raises(ValueError, match="only k_decay=1.0 is offered"):
        make(impl, "cosine", t_initial=10, k_decay=2.0)
    with pytest.raises(ValueError, match="noise_pct is not offered"):
        make(impl, "cosine", t_initial=10, noise_pct=0.1)
    with pytest.raises(ValueError, match="cycle_decay with lr_min > 0"):
        make(impl, "cosine", t_initial=10, lr_min=0.1, cycle_decay=0.5, cycle_limit=2)


def test_timm_poly_and_plateau(impl):
    p = make(impl, "poly", lr=0.1, t_initial=50, lr_min=1e-3)
    equal_schedules(p, impl.PolynomialScheduler(50, base_lr=0.1, final_lr=1e-3, power=0.5))
    assert make(impl, "poly", lr=0.1, t_initial=50, power=2).power == 2
    s = make(impl, "plateau", lr=0.1, decay_rate=0.5, patience_t=1, lr_min=0.01)
    assert s.mode == "max" and s.factor == 0.5 and s.patience == 1 and s.final_lr == 0.01
    assert s.schedule.base_lr == 0.1
    w = make(impl, "plateau", lr=0.1, warmup_t=4, warmup_lr_init=0.02)
    equal_schedules(w.schedule, impl.ConstantScheduler(0.1, warmup_steps=4,
                                                       warmup_begin_lr=0.02))
    with pytest.raises(ValueError, match=r"plateau\(\): noise_pct is not offered .*"
                                         r"got noise_pct=0.5"):
        make(impl, "plateau", lr=0.1, noise_pct=0.5)
    with pytest.raises(TypeError, match="plateau\\(\\) takes patience_t, not 'patience'"):
        make(impl, "plateau", lr=0.1, patience=3)


# -- PyTorch, optax, Keras names (live in tests/test_peers_loop.py) -----------------------------

def test_pytorch_optax_keras_names(impl):
    cases = [
        (("StepLR", dict(lr=1.0, step_size=3, gamma=0.5)), [1.0, 1.0, 1.0, 0.5]),
        (("MultiStepLR", dict(lr=1.0, milestones=[2], gamma=0.5)), [1.0, 1.0, 0.5, 0.5]),
        (("ConstantLR", dict(lr=1.0, factor=0.5, total_iters=2)), [0.5, 0.5, 1.0, 1.0]),
        (("linear_schedule", dict(init_value=1.0, end_value=0.0, transition_steps=2,
                                  transition_begin=1)), [1.0, 1.0, 0.5, 0.0]),
        (("PiecewiseConstantDecay", dict(boundaries=[1], values=[1.0, 0.5])),
         [1.0, 1.0, 0.5, 0.5]),
        (("PolynomialDecay", dict(initial_learning_rate=1.0, decay_steps=2,
                                  end_learning_rate=0.0)), [1.0, 0.5, 0.0, 0.0]),
    ]
    for (name, kwargs), want in cases:
        assert [make(impl, name, **kwargs)(k) for k in range(1, 5)] == want, name
    assert make(impl, "PolynomialDecay", initial_learning_rate=1.0, decay_steps=2,
                power=2.0, end_learning_rate=0.0)(2) == 0.25
    assert make(impl, "PolynomialLR", lr=1.0, total_iters=2, power=2.0)(2) == 0.25
    with pytest.raises(ValueError, match="only cycle=False is offered"):
        make(impl, "PolynomialDecay", initial_learning_rate=1.0, decay_steps=2, cycle=True)
    sgdr = make(impl, "sgdr_schedule", cosine_kwargs=[
        dict(init_value=0.0, peak_value=1.0, warmup_steps=2, decay_steps=4)] * 2)
    assert [sgdr(k) for k in range(1, 9)][:5] == [0.0, 0.5, 1.0, 0.5, 0.0]
    assert sgdr(6) == 0.5 and sgdr(7) == 1.0


# -- argument checks ----------------------------------------------------------------------------

def test_one_value_given_twice_is_refused(impl):
    with pytest.raises(TypeError, match="'lr' and 'base_lr' both give lr"):
        make(impl, "linear", lr=0.1, base_lr=0.1, num_training_steps=5)
    with pytest.raises(TypeError, match="'lr' and 'learning_rate' both give lr"):
        make(impl, "step", lr=0.1, learning_rate=0.2, decay_t=3)


def test_unknown_arguments_list_the_accepted_ones(impl):
    with pytest.raises(TypeError, match=r"linear\(\) got an unexpected keyword argument "
                                        r"'decay_tt'; it takes \[.*'num_training_steps'"):
        make(impl, "linear", decay_tt=3, num_training_steps=10)
    with pytest.raises(TypeError):
        make(impl, "CosineScheduler", max_update=10, num_training_steps=10)


def test_constructor_checks_still_apply(impl):
    with pytest.raises(ValueError, match="got step=0"):
        make(impl, "step", decay_t=0)


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
    cosine = impl.WarmupStableDecayScheduler(80, base_lr=0.1, decay_steps=80)
    want = impl.SequentialScheduler(
        [impl.Warmup(impl.ConstantScheduler(0.1), warmup_steps=5),
         impl.ProductScheduler(cosine, impl.ConstantScheduler(0.5))], milestones=[20])
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
    assert type(s) is cysched.lr_scheduler.PolynomialScheduler and s.power == 1.0


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
    assert listed[len(MXNET + FAMILIES):] == sorted(
        set(factory.ALIASES) | set(factory._peers.RECIPES) - {"timm_cosine"})


def test_the_command_line_takes_the_factorys_names(tmp_path):
    from cysched._spec import SpecError, build
    s = build("cosine(lr=0.1, num_warmup_steps=500, num_training_steps=10000)")
    assert [s(k) for k in (1, 501)] == [0.0, 0.1]
    assert build("CosineDecay(initial_learning_rate=1.0, decay_steps=4)")(3) == 0.5
    with pytest.raises(SpecError, match="'cosine' needs num_training_steps"):
        build("cosine(lr=0.1)")
    with pytest.raises(SpecError, match="keyword arguments only"):
        build("cosine(0.1)")
    with pytest.raises(SpecError, match="unknown scheduler class 'cosin'; did you mean "
                                        "'cosine'"):
        build("cosin(lr=0.1)")


# -- SequentialLR: parts by PyTorch's names, with SequentialLR's rate ----------------------

SEQUENTIAL = dict(lr=0.1, milestones=[5])


def test_sequential_lr_parts_in_every_spelling(impl):
    linear = dict(start_factor=0.1, total_iters=5)
    want = impl.SequentialScheduler(
        [impl.LinearScheduler(5, base_lr=0.1 * 0.1, final_lr=0.1),
         impl.WarmupStableDecayScheduler(95, base_lr=0.1, decay_steps=95)], [5])
    for parts in ([("LinearLR", linear), ("CosineAnnealingLR", {"T_max": 95})],
                  [["linearlr", linear], {"name": "CosineAnnealingLR", "T_max": 95}],
                  [{"class_name": "LinearLR", "config": linear}, ["CosineAnnealingLR",
                                                                  {"T_max": 95}]],
                  [("LinearLR", linear),
                   impl.WarmupStableDecayScheduler(95, base_lr=0.1, decay_steps=95)]):
        equal_schedules(make(impl, "SequentialLR", schedulers=parts, **SEQUENTIAL), want,
                        range(0, 120))
    bare = make(impl, "SequentialLR", schedulers=["ConstantLR", ("ExponentialLR",
                                                                 {"gamma": 0.5})], **SEQUENTIAL)
    assert [bare(k) for k in (1, 5, 6, 7)] == [0.1 / 3, 0.1 / 3, 0.1, 0.05]


def test_sequential_lr_takes_pytorchs_quirks(impl):
    # A OneCycleLR part rewrites the optimizer's initial_lr (max_lr / div_factor):
    # the parts made after it, and the first part (restarted from it), take it.
    s = make(impl, "SequentialLR", lr=1.0, milestones=[2, 12], schedulers=[
        ("ConstantLR", {"factor": 0.5}), ("OneCycleLR", {"max_lr": 4.0, "total_steps": 20}),
        ("ExponentialLR", {"gamma": 0.5})])
    assert [s(k) for k in (1, 2, 13, 14)] == [0.08, 0.08, 0.16, 0.08]
    # A milestone at 0 starts with the next part.
    z = make(impl, "SequentialLR", lr=1.0, milestones=[0], schedulers=[
        ("ConstantLR", {"factor": 0.5}), ("ExponentialLR", {"gamma": 0.5})])
    assert [z(k) for k in (1, 2, 3)] == [1.0, 0.5, 0.25]


def test_sequential_lr_refuses_what_pytorch_cannot_run(impl):
    for part in (("ReduceLROnPlateau", {}), ("cosine", {"num_training_steps": 9}),
                 ("SequentialLR", {})):
        with pytest.raises(ValueError, match=r"SequentialLR.schedulers\[1\]: a part of "
                                             r"SequentialLR is one of PyTorch's .*StepLR"):
            make(impl, "SequentialLR", schedulers=["ConstantLR", part], **SEQUENTIAL)
    with pytest.raises(TypeError, match=r"schedulers\[0\]: the parts take SequentialLR's lr"
                                        r".*got lr=0.5"):
        make(impl, "SequentialLR", schedulers=[("ConstantLR", {"lr": 0.5}), "ConstantLR"],
             **SEQUENTIAL)
    with pytest.raises(TypeError, match=r"a part is a schedule, a PyTorch scheduler's name"):
        make(impl, "SequentialLR", schedulers=["ConstantLR", 3], **SEQUENTIAL)
    with pytest.raises(TypeError, match=r"'ExponentialLR in SequentialLR.schedulers\[1\]' "
                                        r"needs gamma"):
        make(impl, "SequentialLR", schedulers=["ConstantLR", "ExponentialLR"], **SEQUENTIAL)
    with pytest.raises(ValueError, match="milestones must have one entry fewer"):
        make(impl, "SequentialLR", schedulers=["ConstantLR"], **SEQUENTIAL)
    with pytest.raises(TypeError, match=r"milestones must be a list, got milestones=5"):
        make(impl, "SequentialLR", lr=0.1, milestones=5, schedulers=["ConstantLR"] * 2)


@pytest.mark.parametrize("name, kwargs, wrong", [
    # PyTorch never reaches a step that is negative or not whole
    ("ConstantLR", dict(factor=0.5, total_iters=-2), "total_iters=-2"),
    ("ConstantLR", dict(factor=0.5, total_iters=2.5), "total_iters=2.5"),
    ("LinearLR", dict(total_iters=True), "total_iters=True"),
    ("PolynomialLR", dict(total_iters=-1), "total_iters=-1"),
    ("MultiStepLR", dict(milestones=[-2, 4]), "milestones=-2"),
    ("MultiStepLR", dict(milestones=[1.5]), "milestones=1.5"),
    # PyTorch's own checks of the factors (and ConstantLR's later division by it)
    ("ConstantLR", dict(factor=5), "factor=5"),
    ("ConstantLR", dict(factor=0.0), "factor=0.0"),
    ("LinearLR", dict(start_factor=0), "start_factor=0"),
    ("LinearLR", dict(end_factor=2), "end_factor=2"),
    ("LinearLR", dict(end_factor=-0.1), "end_factor=-0.1"),
])
def test_torch_names_refuse_what_pytorch_never_reaches(impl, name, kwargs, wrong):
    with pytest.raises(ValueError, match="%s\\(\\): .* got %s$" % (name, wrong)):
        make(impl, name, lr=0.1, **kwargs)


def test_torch_names_take_whole_floats_and_the_bounds(impl):
    assert make(impl, "MultiStepLR", lr=1.0, milestones=[2.0], gamma=0.5)(3) == 0.5
    assert make(impl, "ConstantLR", lr=1.0, factor=1, total_iters=0)(9) == 1.0
    assert make(impl, "LinearLR", lr=1.0, start_factor=1, end_factor=0)(6) == 0.0


def test_timm_cycle_limit_below_one_is_refused(impl):
    # timm: lr_min from the start, after a warmup towards lr (not cycling for ever)
    for limit in (0, -1):
        with pytest.raises(ValueError, match=r"cycle_limit below 1 .* got cycle_limit=%d$"
                                             % limit):
            make(impl, "cosine", lr=0.1, t_initial=4, cycle_limit=limit)


def test_sequential_lr_from_a_spec_and_a_config():
    from cysched._spec import SpecError, build
    spec = ("SequentialLR(lr=0.1, milestones=[5], schedulers=[LinearLR(start_factor=0.1, "
            "total_iters=5), CosineAnnealingLR(T_max=95)])")
    pairs = ("SequentialLR(lr=0.1, milestones=[5], schedulers=[('LinearLR', {'start_factor'"
             ": 0.1, 'total_iters': 5}), {'name': 'CosineAnnealingLR', 'T_max': 95}])")
    config = {"name": "SequentialLR", "lr": 0.1, "milestones": [5], "schedulers": [
        {"name": "LinearLR", "start_factor": 0.1, "total_iters": 5},
        {"class_name": "CosineAnnealingLR", "config": {"T_max": 95}}]}
    made = [build(spec), build(pairs), cysched.create_from_config(config)]
    for s in made[1:]:
        equal_schedules(s, made[0], range(0, 120))
    assert made[0](6) == 0.1 and made[0](1) == cysched.lr_scheduler.LinearScheduler(
        5, base_lr=0.1 * 0.1, final_lr=0.1)(1)
    with pytest.raises(SpecError, match="LinearLR takes keyword arguments only"):
        build("SequentialLR(milestones=[], schedulers=[LinearLR(0.1)])")
    # a cysched class among the parts is a schedule, made as written
    mixed = build("SequentialLR(lr=0.1, milestones=[5], schedulers=[LinearLR(start_factor=0.1,"
                  " total_iters=5), WarmupStableDecayScheduler(95, base_lr=0.1, "
                  "decay_steps=95)])")
    equal_schedules(mixed, made[0], range(0, 120))
