"""cysched.torch.LRScheduler checks the state it loads and the rates it writes."""
import math

import pytest

torch = pytest.importorskip("torch", reason="PyTorch is not installed (pip install torch)")

import cysched.torch  # noqa: E402

Bridge = cysched.torch.LRScheduler


def bridge(schedule, **group):
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD([dict(params=model.parameters(), **group)], lr=0.0)
    return opt, Bridge(opt, schedule)


def saved(impl):
    opt, sched = bridge(impl.FactorScheduler(step=2, factor=0.5, base_lr=1.0))
    for _ in range(3):
        opt.step()
        sched.step()
    return sched.state_dict()


@pytest.mark.parametrize("key, value, error, match", [
    ("last_epoch", "x", TypeError, "last_epoch must be an int, got last_epoch='x'"),
    ("last_epoch", True, TypeError, "last_epoch must be an int"),
    ("last_epoch", 2.0, TypeError, "last_epoch must be an int"),
    ("last_epoch", -2, ValueError, "last_epoch must be >= -1"),
    ("_step_count", None, TypeError, "_step_count must be an int"),
    ("base_lrs", 0.1, TypeError, "base_lrs must be a list"),
    ("optimizer", None, ValueError, r"unexpected keys \['optimizer'\]"),
    ("step", 3, ValueError, r"unexpected keys \['step'\]"),
    ("get_lr", None, ValueError, r"unexpected keys \['get_lr'\]"),
])
def test_a_bad_state_is_refused_and_changes_nothing(impl, key, value, error, match):
    state = saved(impl)
    state[key] = value
    opt, sched = bridge(impl.FactorScheduler(step=2, factor=0.5, base_lr=1.0))
    before = dict(sched.__dict__), sched.schedule.state_dict()
    with pytest.raises(error, match=match):
        sched.load_state_dict(state)
    assert (dict(sched.__dict__), sched.schedule.state_dict()) == before
    assert sched.optimizer is opt
    opt.step()
    sched.step()
    assert opt.param_groups[0]["lr"] == 1.0


def test_a_good_state_still_loads(impl):
    opt, sched = bridge(impl.FactorScheduler(step=2, factor=0.5, base_lr=1.0))
    sched.load_state_dict(saved(impl))
    assert sched.last_epoch == 3 and sched.optimizer is opt


@pytest.mark.parametrize("value, error, match", [
    ("0.1", TypeError, r"returned '0.1' for num_update=1: a schedule must return a real"),
    (None, TypeError, "returned None for num_update=1"),
    (float("nan"), ValueError, "gave nan for num_update=1: a learning rate must be finite"),
    (float("inf"), ValueError, "gave inf for num_update=1"),
])
def test_a_rate_that_is_no_finite_number_never_reaches_the_optimizer(value, error, match):
    def schedule(num_update):
        return value

    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.25)
    with pytest.raises(error, match="schedule " + match):
        Bridge(opt, schedule)
    assert opt.param_groups[0]["lr"] == 0.25


def test_an_lr_mult_that_overflows_names_the_update():
    opt, sched = bridge(lambda n: 1.0 if n < 3 else 1e308, lr_mult=10.0)
    opt.step()
    sched.step()
    opt.step()
    with pytest.raises(ValueError, match="gave inf for num_update=3"):
        sched.step()
    assert math.isfinite(opt.param_groups[0]["lr"])


def test_a_tensor_rate_is_a_number():
    opt, sched = bridge(lambda n: torch.tensor(0.5))
    assert opt.param_groups[0]["lr"] == 0.5
