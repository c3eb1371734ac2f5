"""Compiled constructors refuse arguments with Python's own text, the pure
twin's, naming the class and the argument; ``del`` of an attribute a
scheduler needs is refused alike, naming it."""
import pytest

import samples
from cysched import _state

CLASSES = samples.PUBLIC + ["LRScheduler", "Schedule"]

#: Calls whose arguments cannot fit any constructor of CLASSES.
BAD_CALLS = {
    "no arguments": ((), {}),
    "an unknown keyword": ((), {"no_such_argument": 1}),
    "too many positionals": (tuple(range(12)), {}),
    "a positional and its keyword": ((1,), {"FIRST": 1}),
}


def first_parameter(cls):
    import inspect
    names = [p for p in inspect.signature(cls.__init__).parameters if p != "self"]
    return names[0] if names else "no_such_argument"


def failure(cls, args, kwargs, signature_of):
    kwargs = {first_parameter(signature_of) if k == "FIRST" else k: v
              for k, v in kwargs.items()}
    try:
        cls(*args, **kwargs)
    except (TypeError, ValueError) as exc:
        return type(exc).__name__, str(exc)
    return None


@pytest.mark.parametrize("what", sorted(BAD_CALLS))
@pytest.mark.parametrize("name", CLASSES)
def test_compiled_argument_errors_are_pythons(compiled, pure, name, what):
    args, kwargs = BAD_CALLS[what]
    compiled_cls, pure_cls = getattr(compiled, name), getattr(pure, name)
    expected = failure(pure_cls, args, kwargs, pure_cls)
    got = failure(compiled_cls, args, kwargs, pure_cls)
    assert got == expected
    assert expected is not None or what == "no arguments"     # all defaults


@pytest.mark.parametrize("name", ["CosineScheduler", "LinearScheduler", "Warmup",
                                  "FactorScheduler", "SequentialScheduler"])
def test_a_missing_argument_is_named(impl, name):
    with pytest.raises(TypeError, match=r"missing \d required positional argument"):
        getattr(impl, name)()


def test_factory_errors_name_class_and_argument():
    import cysched
    from cysched import lr_scheduler
    with pytest.raises(TypeError, match="^'cosine' needs num_training_steps$"):
        cysched.create("cosine")
    with pytest.raises(TypeError, match="^'CosineScheduler' needs max_update$"):
        cysched.create("CosineScheduler")
    with pytest.raises(TypeError, match=r"missing 1 required positional argument: "
                                        r"'max_update'"):
        lr_scheduler.CosineScheduler()


def test_subclasses_and_explicit_base_calls_get_pythons_text(compiled, pure):
    messages = []
    for ns in (compiled, pure):
        class Plain(ns.FactorScheduler):
            pass

        class Calling(ns.LinearScheduler):
            def __init__(self):
                super().__init__(bogus=1)

        found = []
        for make in (Plain, Calling, lambda: ns.LRScheduler.__init__(Plain(3), step=3),
                     lambda: ns.Warmup.__init__(ns.Warmup(ns.ConstantScheduler(), 1))):
            with pytest.raises(TypeError) as info:
                make()
            found.append(str(info.value))
        messages.append(found)
    assert messages[0] == messages[1]
    assert "'step'" in messages[0][0] and "'bogus'" in messages[0][1]


def test_good_arguments_and_errors_of_the_body_are_untouched(compiled, pure):
    for ns in (compiled, pure):
        assert ns.FactorScheduler(3, base_lr=2)(5) == 2
        with pytest.raises(TypeError, match="step must be a real number, got step='x'"):
            ns.FactorScheduler(step="x")
        with pytest.raises(ValueError, match="max_update"):
            ns.LinearScheduler(0)


def deletions(ns, name):
    sched = samples.example(ns, name)
    out = {}
    for attr in list(type(sched)._state) + ["base_lr"]:
        try:
            delattr(sched, attr)
        except AttributeError as exc:
            out[attr] = str(exc)
        else:
            out[attr] = None
    return out


@pytest.mark.parametrize("name", samples.PUBLIC)
def test_deleting_a_needed_attribute_is_refused_alike(compiled, pure, name):
    got, expected = deletions(compiled, name), deletions(pure, name)
    assert got == expected
    for attr, message in got.items():
        assert message == "cannot delete %s: %s needs it" % (attr, name)


def test_a_users_own_attribute_can_still_be_deleted(impl):
    for name in ("FactorScheduler", "CosineScheduler"):
        sched = getattr(impl, name)(10)
        sched.note = 1
        del sched.note
        assert not hasattr(sched, "note")


def test_a_refused_deletion_leaves_the_scheduler_working(impl):
    sched = impl.FactorScheduler(step=2, factor=0.5, base_lr=1.0)
    with pytest.raises(AttributeError, match="cannot delete count: FactorScheduler needs it"):
        del sched.count
    assert sched(5) == 0.25
