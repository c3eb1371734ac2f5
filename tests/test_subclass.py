"""MXNet-style custom schedulers derive from LRScheduler in both twins."""
import math
import pickle

import pytest

from _scenarios import same_number


def custom_cosine(impl):
    class WarmCosine(impl.LRScheduler):
        """The MXNet way: super().__init__, a __call__ override, get_warmup_lr."""

        def __init__(self, max_update, base_lr=0.01, final_lr=0, warmup_steps=0):
            super().__init__(base_lr, warmup_steps, 0, 'linear')
            self.max_update = max_update
            self.final_lr = final_lr

        def __call__(self, num_update):
            if num_update < self.warmup_steps:
                return self.get_warmup_lr(num_update)
            t = (num_update - self.warmup_steps) / (self.max_update - self.warmup_steps)
            return self.final_lr + (self.base_lr - self.final_lr) * (1 + math.cos(math.pi * t)) / 2
    return WarmCosine


def test_custom_subclass_matches_cosine_scheduler(impl):
    mine = custom_cosine(impl)(max_update=50, base_lr=1, final_lr=0.01, warmup_steps=5)
    ref = impl.CosineScheduler(max_update=50, base_lr=1, final_lr=0.01, warmup_steps=5)
    for n in range(0, 51):
        a, b = mine(n), ref(n)
        assert a == pytest.approx(b, rel=1e-15, abs=1e-15), n
    assert isinstance(mine, impl.LRScheduler)
    assert mine.get_warmup_lr(2) == 0.4


def test_base_class_call_is_not_implemented(impl):
    with pytest.raises(NotImplementedError, match="must override this"):
        impl.LRScheduler()(1)


def test_subclass_keeps_its_attributes_through_pickle(impl):
    cls = custom_cosine(impl)
    globals()["WarmCosine_" + impl.__name__.replace(".", "_")] = cls
    cls.__qualname__ = cls.__name__ = "WarmCosine_" + impl.__name__.replace(".", "_")
    sched = cls(max_update=50, base_lr=1, final_lr=0.01, warmup_steps=5)
    sched.base_lr = 0.5
    loaded = pickle.loads(pickle.dumps(sched))
    assert type(loaded) is cls
    assert loaded.final_lr == 0.01 and loaded.base_lr == 0.5
    assert same_number(loaded(20), sched(20))


def test_subclass_can_extend_a_builtin_scheduler(impl):
    class Floored(impl.FactorScheduler):
        def __call__(self, num_update):
            return max(super().__call__(num_update), 0.2)

    sched = Floored(step=2, factor=0.5, base_lr=1)
    assert [sched(n) for n in (1, 3, 5, 7)] == [1, 0.5, 0.25, 0.2]
    assert sched.base_lr == 0.125 and sched.count == 6
