"""state_dict / load_state_dict and get_config / from_config on both twins."""
import copy
import json
import math
import pickle

import pytest

import samples
from _scenarios import same_number

KWARGS = {
    "FactorScheduler": dict(base_lr=1, step=3, factor=0.5, stop_factor_lr=0.01,
                            warmup_steps=2, warmup_begin_lr=0.25),
    "MultiFactorScheduler": dict(base_lr=1, step=[3, 7, 12], factor=0.5, warmup_steps=2),
    "PolyScheduler": dict(base_lr=0.5, max_update=20, pwr=2, final_lr=0.01, warmup_steps=2,
                          warmup_mode="constant", warmup_begin_lr=0.125),
    "CosineScheduler": dict(base_lr=1, max_update=20, final_lr=0.001, warmup_steps=2),
}
#: Arguments that make a scheduler of the same class in another state.
OTHER = {
    "FactorScheduler": dict(step=7),
    "MultiFactorScheduler": dict(step=[50]),
    "PolyScheduler": dict(max_update=3),
    "CosineScheduler": dict(max_update=3),
}
NAMES = sorted(KWARGS)
CALLS = [1, 2, 3, 5, 9, 4]
LATER = [10, 4, 13, 21, 25, 11, 40, 100]


def started(cls, kwargs, calls=CALLS):
    sched = cls(**kwargs)
    for n in calls:
        sched(n)
    return sched


def snapshot(sched):
    """Every state attribute, compared by value and type (parts recursively)."""
    return {name: _snap(getattr(sched, name)) for name in type(sched)._state}


def _snap(value):
    if hasattr(type(value), "_state"):
        return type(value).__name__, snapshot(value)
    if isinstance(value, (list, tuple)):
        return type(value).__name__, [_snap(item) for item in value]
    return repr((type(value), value))


def assert_same_future(a, b, updates=LATER):
    assert snapshot(a) == snapshot(b)
    for n in updates:
        x, y = a(n), b(n)
        assert same_number(x, y), (n, x, y)


def assert_plain(value):
    """Only plain Python types, nothing that aliases an object's attribute."""
    if isinstance(value, dict):
        for k, v in value.items():
            assert type(k) is str
            assert_plain(v)
    elif isinstance(value, (list, tuple)):
        for item in value:
            assert_plain(item)
    else:
        assert value is None or type(value) in (bool, int, float, str), value


# -- state_dict ---------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_state_dict_names_the_class_and_holds_plain_types(impl, name):
    d = started(getattr(impl, name), KWARGS[name]).state_dict()
    assert d["class"] == name and d["version"] == 1
    assert sorted(d["state"]) == sorted(getattr(impl, name)._state)
    assert_plain(d)
    assert pickle.loads(pickle.dumps(d)) == d
    assert json.loads(json.dumps(d)) == d


@pytest.mark.parametrize("name", NAMES)
def test_loading_continues_exactly(impl, name):
    cls = getattr(impl, name)
    sched = started(cls, KWARGS[name])
    other = cls(**OTHER[name])
    other.load_state_dict(sched.state_dict())
    assert_same_future(other, sched)


@pytest.mark.parametrize("name", NAMES)
def test_loading_a_json_round_trip_continues_exactly(impl, name):
    cls = getattr(impl, name)
    sched = started(cls, KWARGS[name])
    other = cls(**OTHER[name])
    other.load_state_dict(json.loads(json.dumps(sched.state_dict())))
    assert_same_future(other, sched)


@pytest.mark.parametrize("name", NAMES)
def test_state_dict_shares_nothing_with_the_scheduler(impl, name):
    cls = getattr(impl, name)
    sched = started(cls, KWARGS[name])
    d = sched.state_dict()
    before = snapshot(sched)
    for value in d["state"].values():
        if isinstance(value, list):
            value.append(10 ** 6)
    assert snapshot(sched) == before
    other = cls(**OTHER[name])
    d = sched.state_dict()
    other.load_state_dict(d)
    for value in d["state"].values():
        if isinstance(value, list):
            value.append(10 ** 6)
    assert snapshot(other) == before


@pytest.mark.parametrize("name", NAMES)
def test_dicts_load_into_the_other_implementation(compiled, pure, name):
    for made, other in ((compiled, pure), (pure, compiled)):
        sched = started(getattr(made, name), KWARGS[name])
        target = getattr(other, name)(**OTHER[name])
        target.load_state_dict(sched.state_dict())
        assert type(target) is getattr(other, name)
        assert_same_future(target, sched)
        assert target.state_dict() == sched.state_dict()


def test_factor_state_after_a_jump_to_10_to_the_12(impl):
    sched = impl.FactorScheduler(step=3, factor=0.5, base_lr=1.0)
    sched(10 ** 12)
    twin = impl.FactorScheduler(step=3)
    twin.load_state_dict(sched.state_dict())
    assert twin.count == sched.count == (10 ** 12 - 1) // 3 * 3
    assert_same_future(twin, sched, [10 ** 12 + 5, 10 ** 12 + 100])


def test_state_after_attribute_writes_is_kept(impl):
    # The optimizer's learning_rate overwrites base_lr; the state keeps the write.
    sched = impl.CosineScheduler(max_update=10, base_lr=1)
    sched.base_lr = 0.1
    twin = impl.CosineScheduler(max_update=10)
    twin.load_state_dict(sched.state_dict())
    assert twin.base_lr == 0.1 and twin.base_lr_orig == 1
    assert_same_future(twin, sched)


# -- bad dicts: ValueError, nothing changed -------------------------------------------

def bad_dicts(impl):
    good = started(impl.FactorScheduler, KWARGS["FactorScheduler"]).state_dict()

    def edit(fn):
        d = copy.deepcopy(good)
        fn(d)
        return d

    return [
        ("another class", started(impl.CosineScheduler, KWARGS["CosineScheduler"])
         .state_dict(), "another class: expected FactorScheduler, got class='Cosine"),
        ("another class, same keys", edit(lambda d: d.update({"class": "LRScheduler"})),
         "expected FactorScheduler, got class='LRScheduler'"),
        ("missing key", edit(lambda d: d["state"].pop("count")),
         r"missing keys \['count'\], unexpected keys \[\]"),
        ("extra key", edit(lambda d: d["state"].update(momentum=0.9)),
         r"missing keys \[\], unexpected keys \['momentum'\]"),
        ("renamed key", edit(lambda d: d["state"].update(steps=d["state"].pop("step"))),
         r"missing keys \['step'\], unexpected keys \['steps'\]"),
        ("no version", edit(lambda d: d.pop("version")), "not a cysched state_dict"),
        ("extra top key", edit(lambda d: d.update(epoch=3)), "not a cysched state_dict"),
        ("future version", edit(lambda d: d.update(version=2)),
         "unsupported state_dict version: expected 1, got version=2"),
        ("state not a dict", edit(lambda d: d.update(state=[1, 2])),
         r"state must be a dict, got state=\[1, 2\]"),
        ("a flat dict", dict(good["state"]), "not a cysched state_dict"),
        ("not a dict", [("class", "FactorScheduler")], "a state_dict must be a dict"),
    ]


@pytest.mark.parametrize("case", range(11))
def test_a_bad_dict_raises_and_changes_nothing(impl, case):
    what, bad, message = bad_dicts(impl)[case]
    sched = started(impl.FactorScheduler, dict(step=5, base_lr=0.5, factor=0.9))
    before = snapshot(sched)
    with pytest.raises(ValueError, match=message):
        sched.load_state_dict(bad)
    assert snapshot(sched) == before, what
    assert_same_future(sched, started(impl.FactorScheduler,
                                      dict(step=5, base_lr=0.5, factor=0.9)))


def test_a_failing_write_is_rolled_back(impl):
    class Fragile(impl.FactorScheduler):
        def __setattr__(self, name, value):
            if name == "count" and value == 13:
                raise RuntimeError("no 13 here")
            super().__setattr__(name, value)

    source = Fragile(step=1, factor=0.5, base_lr=1.0)
    source(5)
    d = source.state_dict()
    d["state"]["count"] = 13
    d["state"]["base_lr"] = 123.0
    sched = Fragile(step=2, base_lr=0.5)
    sched(3)
    before = snapshot(sched)
    with pytest.raises(RuntimeError, match="no 13 here"):
        sched.load_state_dict(d)
    assert snapshot(sched) == before


def test_unsaveable_attribute_names_itself(impl):
    sched = impl.FactorScheduler(step=2)
    sched.factor = object()
    with pytest.raises(TypeError, match=r"save FactorScheduler\.factor: 'object' is not a plain"):
        sched.state_dict()


def test_numpy_scalars_are_saved_as_python_numbers(impl):
    np = pytest.importorskip("numpy")
    sched = impl.FactorScheduler(step=2)
    sched.count = np.int64(4)
    sched.base_lr = np.float64(0.5)
    state = sched.state_dict()["state"]
    assert type(state["count"]) is int and state["count"] == 4
    assert type(state["base_lr"]) is float and state["base_lr"] == 0.5


# -- user subclasses and composites -----------------------------------------------------

def test_user_subclass_attributes_are_part_of_the_state(impl):
    class Tracking(impl.CosineScheduler):
        def __call__(self, num_update):
            self.calls = getattr(self, "calls", 0) + 1
            self.last = num_update
            return super().__call__(num_update)

    sched = Tracking(max_update=20, base_lr=1)
    for n in (1, 2, 7):
        sched(n)
    d = sched.state_dict()
    assert d["class"] == "Tracking"
    assert d["state"]["calls"] == 3 and d["state"]["last"] == 7
    other = Tracking(max_update=5)
    other(1)
    other.load_state_dict(d)
    assert (other.calls, other.last, other.base_lr) == (3, 7, sched.base_lr)
    fresh = Tracking(max_update=20)             # no calls yet: no such attributes
    fresh.load_state_dict(d)
    assert (fresh.calls, fresh.last) == (3, 7)
    assert_same_future(fresh, sched)
    del d["state"]["max_steps"]
    with pytest.raises(ValueError, match=r"missing keys \['max_steps'\]"):
        Tracking(max_update=20).load_state_dict(d)
    with pytest.raises(ValueError, match="expected CosineScheduler, got class='Tracking'"):
        impl.CosineScheduler(max_update=20).load_state_dict(d)


def composite_class(impl):
    """A composite of the kind the families define: its parts are attributes."""
    class Scaled(impl.LRScheduler):
        """``scale * schedule(n)``, then ``after`` past ``switch``."""

        def __init__(self, schedule, after, switch=10, scale=0.5):
            self.schedule = schedule
            self.after = after
            self.switch = switch
            self.scale = scale
            self.calls = 0

        def __call__(self, num_update):
            self.calls += 1
            if num_update > self.switch:
                return self.after[0](num_update)
            return self.scale * self.schedule(num_update)

        _params = (("schedule", "schedule"), ("after", "after"), ("switch", "switch"),
                   ("scale", "scale"))
        _state = ("schedule", "after", "switch", "scale", "calls")

    return Scaled


def make_composite(impl):
    Scaled = composite_class(impl)
    return Scaled(impl.CosineScheduler(max_update=30, base_lr=1, warmup_steps=2),
                  [impl.FactorScheduler(step=4, factor=0.5, base_lr=0.25)], switch=12)


def test_composite_state_holds_the_parts_state(impl):
    sched = make_composite(impl)
    for n in (1, 3, 8, 15, 20):
        sched(n)
    d = sched.state_dict()
    assert_plain(d)
    assert d["state"]["schedule"]["class"] == "CosineScheduler"
    assert d["state"]["after"][0]["class"] == "FactorScheduler"
    assert d["state"]["after"][0]["state"]["count"] == 16
    other = make_composite(impl)
    other.load_state_dict(json.loads(json.dumps(d)))
    assert other.after[0].count == 16 and other.calls == 5
    assert [other(n) for n in (21, 30, 9)] == [sched(n) for n in (21, 30, 9)]


def test_composite_with_a_wrong_part_changes_nothing(impl):
    sched = make_composite(impl)
    sched(14)
    d = sched.state_dict()
    d["state"]["calls"] = 99
    d["state"]["after"][0] = impl.PolyScheduler(max_update=5).state_dict()
    target = make_composite(impl)
    target(3)
    before = snapshot(target), snapshot(target.schedule), snapshot(target.after[0])
    with pytest.raises(ValueError, match=r"Scaled\.after\[0\]: this state_dict is of "
                                         r"another class: expected FactorScheduler"):
        target.load_state_dict(d)
    assert (snapshot(target), snapshot(target.schedule), snapshot(target.after[0])) == before
    d["state"]["after"] = []
    with pytest.raises(ValueError, match=r"Scaled\.after: expected 1 parts"):
        target.load_state_dict(d)


def test_composite_config_is_recursive_and_json_safe(impl):
    sched = make_composite(impl)
    for n in (1, 3, 8, 15, 20):
        sched(n)
    cfg = sched.get_config()
    assert cfg == {
        "schedule": {"class_name": "CosineScheduler", "config": {
            "max_update": 30, "base_lr": 1, "final_lr": 0, "warmup_steps": 2,
            "warmup_begin_lr": 0, "warmup_mode": "linear"}},
        "after": [{"class_name": "FactorScheduler", "config": {
            "step": 4, "factor": 0.5, "stop_factor_lr": 1e-8, "base_lr": 0.25,
            "warmup_steps": 0, "warmup_begin_lr": 0, "warmup_mode": "linear"}}],
        "switch": 12, "scale": 0.5}
    fresh = type(sched).from_config(json.loads(json.dumps(cfg)))
    assert type(fresh.schedule) is type(sched.schedule)
    assert type(fresh.after[0]) is type(sched.after[0])
    assert_same_future(fresh, make_composite(impl), [1, 3, 8, 15, 20, 40])


def test_a_function_part_is_saved_as_none_and_kept(impl):
    Scaled = composite_class(impl)

    def tenth(n):
        return 0.1

    sched = Scaled(tenth, [impl.FactorScheduler(step=2, factor=0.5, base_lr=1.0)], switch=3)
    sched(9)
    d = sched.state_dict()
    assert d["state"]["schedule"] is None
    assert d["state"]["after"][0]["state"]["count"] == 8
    other = Scaled(tenth, [impl.FactorScheduler(step=2, factor=0.5, base_lr=1.0)], switch=3)
    other.load_state_dict(d)
    assert other.schedule is tenth and other.after[0].count == 8
    d["state"]["schedule"] = {"class": "x"}
    with pytest.raises(ValueError, match=r"Scaled\.schedule: a function part is saved as None"):
        other.load_state_dict(d)
    product = Scaled(tenth, [tenth, len])
    assert product.state_dict()["state"]["after"] == [None, None]
    product.load_state_dict(product.state_dict())
    assert product.after == [tenth, len]


def test_a_function_part_cannot_be_written_to_a_config(impl):
    Scaled = composite_class(impl)
    sched = Scaled(lambda n: 0.1, [impl.FactorScheduler(step=2)])
    with pytest.raises(TypeError, match=r"Scaled\.schedule to a config: 'function' is not "
                                        r"JSON-safe"):
        sched.get_config()
    with pytest.raises(TypeError, match=r"save Scaled\.after\[0\]: 'object' is not a plain"):
        Scaled(lambda n: 0.1, [object()]).state_dict()


# -- get_config / from_config ------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES + ["LRScheduler"])
def test_config_gives_the_constructor_arguments(impl, name):
    cls = getattr(impl, name)
    kwargs = KWARGS.get(name, dict(base_lr=0.5, warmup_steps=3))
    cfg = cls(**kwargs).get_config()
    assert {k: cfg[k] for k in kwargs} == kwargs
    assert [k for k in cfg] == [arg for arg, _ in cls._params]
    assert repr(cls(**cfg)) == repr(cls(**kwargs))


@pytest.mark.parametrize("name", NAMES)
def test_from_config_behaves_like_a_fresh_scheduler(impl, name):
    cls = getattr(impl, name)
    sched = started(cls, KWARGS[name], CALLS + [30, 60])
    text = json.dumps(sched.get_config())
    rebuilt = cls.from_config(json.loads(text))
    assert type(rebuilt) is cls
    assert_same_future(rebuilt, cls(**KWARGS[name]), [0, 1] + CALLS + LATER)


@pytest.mark.parametrize("name", NAMES)
def test_config_ignores_an_optimizers_base_lr_overwrite(impl, name):
    cls = getattr(impl, name)
    sched = cls(**KWARGS[name])
    sched.base_lr = 0.125
    assert sched.get_config()["base_lr"] == KWARGS[name]["base_lr"]
    assert type(sched.get_config()["base_lr"]) is type(KWARGS[name]["base_lr"])


def test_factor_config_keeps_the_int_base_lr(impl):
    sched = impl.FactorScheduler(step=2, factor=0.5, base_lr=1)
    sched(100)
    assert sched.base_lr != 1
    cfg = json.loads(json.dumps(sched.get_config()))
    assert cfg["base_lr"] == 1 and type(cfg["base_lr"]) is int
    fresh = impl.FactorScheduler.from_config(cfg)
    assert fresh(1) == 1 and type(fresh(1)) is int


def test_multifactor_config_is_a_copy_of_the_steps(impl):
    sched = impl.MultiFactorScheduler(step=[3, 6], factor=0.5)
    cfg = sched.get_config()
    cfg["step"].append(9)
    assert sched.step == [3, 6]
    sched.step = (3, 6)                      # a tuple becomes a JSON list
    assert sched.get_config()["step"] == [3, 6]


def test_configs_load_into_the_other_implementation(compiled, pure):
    for name in NAMES:
        for made, other in ((compiled, pure), (pure, compiled)):
            cfg = started(getattr(made, name), KWARGS[name]).get_config()
            rebuilt = getattr(other, name).from_config(cfg)
            assert_same_future(rebuilt, getattr(other, name)(**KWARGS[name]))


def test_from_config_rejects_unknown_arguments(impl):
    with pytest.raises(ValueError, match=r"unknown argument\(s\) \['steps'\]; "
                                         r"FactorScheduler takes \['step', 'factor'"):
        impl.FactorScheduler.from_config({"steps": 3})
    with pytest.raises(TypeError, match="needs a dict"):
        impl.FactorScheduler.from_config([("step", 3)])


def test_from_config_validates_like_the_constructor(impl):
    with pytest.raises(ValueError, match="got step=0"):
        impl.FactorScheduler.from_config({"step": 0})


def test_unknown_part_class_lists_the_known_ones(impl):
    Scaled = composite_class(impl)
    cfg = make_composite(impl).get_config()
    cfg["schedule"]["class_name"] = "OneCycle"
    with pytest.raises(ValueError, match=r"Scaled\.schedule: unknown scheduler class "
                                         r"'OneCycle'; known: .*CosineScheduler"):
        Scaled.from_config(cfg)


def test_non_finite_values_are_not_written_to_a_config(impl):
    sched = impl.FactorScheduler(step=2)
    sched.stop_factor_lr = float("inf")
    with pytest.raises(ValueError, match="FactorScheduler.stop_factor_lr"):
        sched.get_config()


def test_a_subclass_with_its_own_arguments_declares_them(impl):
    class Halving(impl.LRScheduler):
        def __init__(self, every, base_lr=1.0):
            super().__init__(base_lr)
            self.every = every

        def __call__(self, num_update):
            return self.base_lr * 0.5 ** (num_update // self.every)

        _params = (("every", "every"), ("base_lr", "base_lr"))

    sched = Halving(every=3, base_lr=2.0)
    assert sched.get_config() == {"every": 3, "base_lr": 2.0}
    assert [Halving.from_config(sched.get_config())(n) for n in (1, 3, 7)] == [2.0, 1.0, 0.5]


# -- the schedule families and composites ------------------------------------------------

FAMILIES = samples.FAMILY_NAMES
family = samples.example


def run(sched, updates=CALLS):
    """Use ``sched``: calls, and metrics for a plateau scheduler."""
    for i, n in enumerate(updates):
        sched(n)
        if hasattr(sched, "record"):
            sched.record([3.0, 2.0, 2.5, 2.5, 2.5, 1.0, 4.0][i % 7])
    return sched


def test_every_family_has_a_sample(pure):
    for name in FAMILIES:
        assert type(family(pure, name)).__name__ == name
        assert type(family(pure, name, 1)).__name__ == name


@pytest.mark.parametrize("name", FAMILIES)
def test_family_state_round_trips_exactly(impl, name):
    sched = run(family(impl, name))
    d = sched.state_dict()
    assert d["class"] == name and d["version"] == 1
    assert_plain(d)
    assert pickle.loads(pickle.dumps(d)) == d
    other = family(impl, name, 1)
    assert snapshot(other) != snapshot(sched)
    other.load_state_dict(json.loads(json.dumps(d)))
    assert repr(other.state_dict()) == repr(d)
    assert_same_future(other, sched)


@pytest.mark.parametrize("name", FAMILIES)
def test_family_dicts_load_into_the_other_implementation(compiled, pure, name):
    for made, other in ((compiled, pure), (pure, compiled)):
        sched = run(family(made, name))
        target = family(other, name, 1)
        target.load_state_dict(sched.state_dict())
        assert type(target) is getattr(other, name)
        assert_same_future(target, sched)


@pytest.mark.parametrize("name", FAMILIES)
def test_family_bad_dict_changes_nothing(impl, name):
    sched = run(family(impl, name))
    d = sched.state_dict()
    key = sorted(d["state"])[-1]
    del d["state"][key]
    target = family(impl, name, 1)
    before = snapshot(target)
    with pytest.raises(ValueError, match=r"missing keys \['%s'\]" % key):
        target.load_state_dict(d)
    d = sched.state_dict()
    d["class"] = "LinearScheduler" if name != "LinearScheduler" else "CosineScheduler"
    with pytest.raises(ValueError, match="another class: expected %s" % name):
        target.load_state_dict(d)
    assert snapshot(target) == before


@pytest.mark.parametrize("name", FAMILIES)
def test_family_config_makes_a_fresh_scheduler(impl, name):
    sched = run(family(impl, name))
    cfg = json.loads(json.dumps(sched.get_config()))
    rebuilt = getattr(impl, name).from_config(cfg)
    assert type(rebuilt) is type(sched)
    assert_same_future(rebuilt, family(impl, name), [0, 1] + CALLS + LATER)


def test_composite_parts_keep_their_implementation(compiled, pure):
    for ns in (compiled, pure):
        cfg = family(ns, "SequentialScheduler").get_config()
        assert [part["class_name"] for part in cfg["schedules"]] == \
            ["LinearScheduler", "FactorScheduler"]
        rebuilt = ns.SequentialScheduler.from_config(cfg)
        assert [type(p) for p in rebuilt.schedules] == \
            [ns.LinearScheduler, ns.FactorScheduler]


def test_sequential_state_holds_its_stateful_part(impl):
    sched = family(impl, "SequentialScheduler")
    sched(20)                                   # the FactorScheduler part sees 15
    d = sched.state_dict()
    assert d["state"]["schedules"][1]["state"]["count"] == 12
    other = family(impl, "SequentialScheduler")
    other.load_state_dict(d)
    assert other.schedules[1].count == 12 and other.schedules[1].base_lr == 0.0625


def test_plateau_state_holds_the_metric_history(impl):
    sched = family(impl, "PlateauScheduler")
    for loss in (3.0, 2.0, 2.5, 2.5):
        sched.record(loss)
    state = sched.state_dict()["state"]
    assert (state["best"], state["num_bad_epochs"], state["scale"]) == (2.0, 0, 0.5)
    fresh = family(impl, "PlateauScheduler")
    assert fresh.best == math.inf
    fresh.load_state_dict(sched.state_dict())
    assert [fresh.record(x) for x in (2.5, 2.5)] == [sched.record(x) for x in (2.5, 2.5)]
    assert fresh.scale == sched.scale == 0.25


def test_the_checkpointing_example_runs():
    import os
    import subprocess
    import sys
    here = os.path.dirname(os.path.abspath(__file__))
    script = os.path.join(os.path.dirname(here), "examples", "checkpointing.py")
    out = subprocess.run([sys.executable, script], check=True, capture_output=True,
                         text=True, cwd=here).stdout
    assert "resumed at update 251 with lr 0.025" in out
    assert "refused: CosineScheduler: this state_dict is of another class" in out
    assert out.splitlines()[-1] == ("lr at updates 51, 1000, 5501, 10001: "
                                    "[0.00015, 0.0003, 0.00015049999999999997, 1e-06]")
