"""cysched.torch.LRScheduler follows PyTorch's conventions: last_epoch, its
warnings, step(metrics), one schedule per group, add_param_group, momentum
cycling, and no tensor made per step()."""
import re
import warnings

import pytest
from hypothesis import Phase, given, settings, strategies as st

torch = pytest.importorskip("torch", reason="PyTorch is not installed (pip install torch)")

import cysched.torch  # noqa: E402
from torch.optim import lr_scheduler as torch_sched  # noqa: E402

Bridge = cysched.torch.LRScheduler


def weight():
    return torch.zeros(3, requires_grad=True)


def stepped(opt, sched, count):
    for _ in range(count):
        opt.step()
        sched.step()


# -- last_epoch ----------------------------------------------------------------------

def test_last_epoch_resumes_as_the_uninterrupted_run(impl):
    make = lambda: impl.CosineScheduler(max_update=40, base_lr=1.0, warmup_steps=5)  # noqa: E731
    w = weight()
    opt = torch.optim.SGD([w], lr=0.0)
    sched = Bridge(opt, make())
    straight = []
    for _ in range(30):
        straight.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    saved = opt.state_dict()                     # holds each group's "initial_lr"

    again = torch.optim.SGD([w], lr=0.0)
    first = Bridge(again, make())
    stepped(again, first, 12)
    opt = torch.optim.SGD([w], lr=0.0)
    opt.load_state_dict(again.state_dict())
    resumed = Bridge(opt, make(), last_epoch=first.last_epoch - 1)   # PyTorch's meaning
    assert resumed.last_epoch == first.last_epoch == 12
    tail = []
    for _ in range(18):
        tail.append(opt.param_groups[0]["lr"])
        opt.step()
        resumed.step()
    assert [x.hex() for x in straight[12:]] == [x.hex() for x in tail]
    assert "initial_lr" in saved["param_groups"][0]


def test_last_epoch_without_initial_lr_is_pytorchs_key_error(impl):
    opt = torch.optim.SGD([weight()], lr=0.0)
    with pytest.raises(KeyError, match="initial_lr"):
        Bridge(opt, impl.CosineScheduler(max_update=9), last_epoch=3)
    with pytest.raises(KeyError, match="initial_lr"):
        torch_sched.LambdaLR(opt, lambda e: 1.0, last_epoch=3)


def test_last_step_is_a_deprecated_last_epoch(impl):
    opt = torch.optim.SGD([weight()], lr=0.0)
    opt.param_groups[0]["initial_lr"] = 0.0
    with pytest.warns(DeprecationWarning, match="last_step is deprecated.*last_epoch"):
        sched = Bridge(opt, impl.CosineScheduler(max_update=20, base_lr=1.0), last_step=4)
    assert sched.last_epoch == 5 and sched.num_update == 6
    assert opt.param_groups[0]["lr"] == impl.CosineScheduler(max_update=20, base_lr=1.0)(6)
    with pytest.raises(ValueError, match="not both"), pytest.warns(DeprecationWarning):
        Bridge(opt, impl.CosineScheduler(max_update=20), 2, last_step=4)


# -- PyTorch's warnings, word for word -----------------------------------------------------

def caught(action):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        action()
    return [(w.category, str(w.message)) for w in seen]


def both(impl, scenario):
    """The warnings ``scenario(make)`` raises with PyTorch's LambdaLR and the bridge."""
    out = []
    for make in (lambda opt: torch_sched.LambdaLR(opt, lambda e: 1.0),
                 lambda opt: Bridge(opt, impl.CosineScheduler(max_update=9))):
        out.append(caught(lambda: scenario(make)))
    return out


def test_step_order_warning_is_pytorchs(impl):
    def scenario(make):
        opt = torch.optim.SGD([weight()], lr=0.1)
        make(opt).step()
    ours, theirs = both(impl, scenario)
    assert ours == theirs and len(ours) == 1
    assert re.search(r"Detected call of `lr_scheduler.step\(\)` before `optimizer.step\(\)`",
                     ours[0][1])
    assert "how-to-adjust-learning-rate" in ours[0][1]


def test_overridden_step_warning_is_pytorchs(impl):
    def scenario(make):
        opt = torch.optim.SGD([weight()], lr=0.1)
        sched = make(opt)
        opt.step = lambda: None
        sched.step()
    ours, theirs = both(impl, scenario)
    assert ours == theirs and len(ours) == 1
    assert re.search(r"`optimizer.step\(\)` has been overridden after learning rate "
                     r"scheduler initialization", ours[0][1])


def test_epoch_deprecation_warning_is_pytorchs(impl):
    def scenario(make):
        opt = torch.optim.SGD([weight()], lr=0.1)
        sched = make(opt)
        opt.step()
        sched.step(3)
        assert sched.last_epoch == 3
    ours, theirs = both(impl, scenario)
    assert ours == theirs == [(UserWarning, torch_sched.EPOCH_DEPRECATION_WARNING)]


def test_the_right_order_warns_nothing(impl):
    opt = torch.optim.SGD([weight()], lr=0.1)
    sched = Bridge(opt, impl.CosineScheduler(max_update=9))
    assert caught(lambda: stepped(opt, sched, 3)) == []


# -- step(metrics) with the plateau family ---------------------------------------------------

LOSSES = [1.0, 0.9, 0.9, 0.95, 0.92, 0.91, 0.93, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97]


@pytest.mark.parametrize("as_tensor", [False, True], ids=["float", "tensor"])
def test_step_val_loss_reduces_as_reduce_lr_on_plateau(impl, as_tensor):
    w = weight()
    opt = torch.optim.SGD([w], lr=1.0)
    peer = torch_sched.ReduceLROnPlateau(opt, factor=0.5, patience=1, eps=0.0)
    schedule = impl.PlateauScheduler(base_lr=1.0, factor=0.5, patience=1)
    reference = impl.PlateauScheduler(base_lr=1.0, factor=0.5, patience=1)
    ours = torch.optim.SGD([w], lr=0.0)
    sched = Bridge(ours, schedule)
    for loss in LOSSES:
        metric = torch.tensor(loss) if as_tensor else loss
        opt.step()
        peer.step(metric)
        ours.step()
        sched.step(metric)                           # the ReduceLROnPlateau way
        reference.record(loss)
        assert ours.param_groups[0]["lr"] == reference(sched.num_update)
        assert ours.param_groups[0]["lr"] == pytest.approx(opt.param_groups[0]["lr"],
                                                           rel=1e-12)
    assert schedule.scale == opt.param_groups[0]["lr"] == 0.03125   # four reductions
    assert sched.last_epoch == len(LOSSES)


def test_a_metric_reaches_each_plateau_of_a_list(impl):
    a, b = weight(), weight()
    opt = torch.optim.SGD([{"params": [a]}, {"params": [b]}], lr=0.0)
    plateau = impl.PlateauScheduler(base_lr=1.0, factor=0.5, patience=0)
    sched = Bridge(opt, [plateau, impl.ConstantScheduler(base_lr=0.3)])
    for loss in (1.0, 2.0, 3.0):
        opt.step()
        sched.step(loss)
    assert plateau.num_records == 3
    assert sched.get_last_lr() == [0.25, 0.3]


# -- one schedule per group, groups added later --------------------------------------------

def test_one_schedule_per_group_as_lambda_lr(impl):
    a, b = weight(), weight()
    opt = torch.optim.SGD([{"params": [a]}, {"params": [b], "lr_mult": 2.0}], lr=0.0)
    makers = [lambda: impl.CosineScheduler(max_update=10, base_lr=1.0),
              lambda: impl.FactorScheduler(step=2, factor=0.5, base_lr=0.25)]
    sched = Bridge(opt, [make() for make in makers])
    references = [make() for make in makers]
    for n in range(1, 12):
        assert sched.get_last_lr() == [references[0](n), references[1](n) * 2.0]
        opt.step()
        sched.step()
    state = sched.state_dict()
    assert state["schedule"][1]["state"]["count"] == references[1].count
    fresh = Bridge(torch.optim.SGD([{"params": [a]}, {"params": [b]}], lr=0.0),
                   [make() for make in makers])
    fresh.load_state_dict(state)
    assert fresh.schedule[1].count == references[1].count
    with pytest.raises(ValueError, match="3 schedules for 2 param groups"):
        Bridge(opt, [make() for make in makers] + [makers[0]()])
    with pytest.raises(ValueError, match="does not fit the schedules"):
        fresh.load_state_dict(dict(state, schedule=state["schedule"][:1]))


def test_add_param_group_is_scheduled(impl):
    a, b = weight(), weight()
    opt = torch.optim.SGD([a], lr=0.0)
    schedule = impl.CosineScheduler(max_update=10, base_lr=1.0)
    sched = Bridge(opt, schedule)
    stepped(opt, sched, 2)
    opt.add_param_group({"params": [b], "lr": 7.0, "lr_mult": 0.5})
    opt.step()
    sched.step()
    assert len(sched.base_lrs) == 2 and sched.base_lrs[1] == 7.0
    assert sched.get_last_lr() == [schedule(4), schedule(4) * 0.5]
    assert [g["lr"] for g in opt.param_groups] == sched.get_last_lr()

    listed = Bridge(torch.optim.SGD([a], lr=0.0), [schedule])
    listed.optimizer.add_param_group({"params": [b]})
    listed.optimizer.step()
    with pytest.raises(ValueError, match="append a schedule to scheduler.schedules"):
        listed.step()
    listed.schedules.append(impl.ConstantScheduler(base_lr=0.5))
    listed.step()
    assert listed.get_last_lr() == [schedule(3), 0.5]


def test_a_class_or_a_non_callable_is_a_clear_type_error(impl):
    opt = torch.optim.SGD([weight()], lr=0.0)
    with pytest.raises(TypeError, match=r"schedule must be a schedule, not a class: got "
                                        r"schedule=CosineScheduler; make one first"):
        Bridge(opt, impl.CosineScheduler)
    with pytest.raises(TypeError, match=r"schedule must be callable .*got schedule=0.1"):
        Bridge(opt, 0.1)
    with pytest.raises(TypeError, match="momentum must be callable"):
        Bridge(opt, impl.CosineScheduler(max_update=9), momentum=0.9)
    with pytest.raises(ValueError, match="momentum needs an optimizer with momentum or betas"):
        Bridge(torch.optim.Adagrad([weight()]), impl.CosineScheduler(max_update=9),
               momentum=impl.ConstantScheduler(base_lr=0.9))


# -- a tensor lr: no tensor made per step --------------------------------------------------

def test_tensor_lr_step_allocates_no_tensor(impl):
    lr = torch.tensor(0.1)
    opt = torch.optim.SGD([weight()], lr=lr)
    sched = Bridge(opt, impl.CosineScheduler(max_update=100, base_lr=1.0))
    stepped(opt, sched, 2)
    last = sched.get_last_lr()[0]
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU],
                                profile_memory=True) as prof:
        for _ in range(5):
            sched.step()
    names = {event.name for event in prof.events()}
    assert "aten::fill_" in names                          # the control: ops are seen
    assert not names & {"aten::clone", "aten::empty", "aten::empty_like", "aten::copy_",
                        "aten::empty_strided", "aten::to"}
    assert sched.get_last_lr()[0] is last and last is not lr
    assert last.item() == lr.item() == torch.tensor(
        impl.CosineScheduler(max_update=100, base_lr=1.0)(8)).item()


# -- momentum cycling ----------------------------------------------------------------------

@pytest.mark.parametrize("optimizer", ["SGD", "AdamW"])
def test_momentum_is_the_schedules_at_each_update(impl, optimizer):
    rate = impl.OneCycleScheduler(max_lr=0.5, total_steps=30, three_phase=True)
    momentum = rate.momentum_schedule(base_momentum=0.8, max_momentum=0.95)
    opt = getattr(torch.optim, optimizer)([weight()], lr=0.1,
                                          **({"momentum": 0.5} if optimizer == "SGD" else {}))
    sched = Bridge(opt, rate, momentum=momentum)
    for n in range(1, 31):
        group = opt.param_groups[0]
        got = group["momentum"] if optimizer == "SGD" else group["betas"][0]
        assert (group["lr"], got) == (rate(n), momentum(n))
        if optimizer == "AdamW":
            assert group["betas"][1] == 0.999
        opt.step()
        sched.step()


def run_peer(peer, optimizer, steps):
    """``[(lr, momentum)]`` read before each of ``steps`` updates."""
    out = []
    for _ in range(steps):
        group = optimizer.param_groups[0]
        momentum = group["betas"][0] if "betas" in group else group["momentum"]
        out.append((group["lr"].hex(), float(momentum).hex()))
        optimizer.step()
        peer.step()
    return out


def optimizer_of(name):
    w = weight()
    w.grad = torch.ones(3)
    if name == "SGD":
        return torch.optim.SGD([w], lr=0.1, momentum=0.9)
    return torch.optim.AdamW([w], lr=0.1)


one_cycle = dict(max_lr=st.floats(1e-4, 2.0), total_steps=st.integers(2, 120),
                 pct_start=st.floats(0.05, 0.95), anneal_strategy=st.sampled_from(["cos",
                                                                                    "linear"]),
                 div_factor=st.floats(1.5, 100), final_div_factor=st.floats(1.5, 1e4),
                 three_phase=st.booleans(), base_momentum=st.floats(0.5, 0.9),
                 max_momentum=st.floats(0.9, 0.99), optimizer=st.sampled_from(["SGD",
                                                                                "AdamW"]))


@settings(max_examples=50, deadline=None, phases=(Phase.generate,))
@given(**one_cycle)
def test_one_cycle_momentum_is_one_cycle_lr_bit_for_bit(base_momentum, max_momentum,
                                                        optimizer, **args):
    from cysched import lr_scheduler
    opt = optimizer_of(optimizer)
    peer = torch_sched.OneCycleLR(opt, base_momentum=base_momentum,
                                  max_momentum=max_momentum, **args)
    want = run_peer(peer, opt, args["total_steps"])
    rate = lr_scheduler.OneCycleScheduler(**args)
    opt = optimizer_of(optimizer)
    ours = Bridge(opt, rate, momentum=rate.momentum_schedule(base_momentum, max_momentum))
    assert run_peer(ours, opt, args["total_steps"]) == want


cyclic = dict(base_lr=st.floats(1e-4, 0.5), height=st.floats(0, 2),
              step_size_up=st.integers(1, 40), step_size_down=st.one_of(st.none(),
                                                                        st.integers(1, 40)),
              mode=st.sampled_from(["triangular", "triangular2", "exp_range"]),
              gamma=st.floats(0.9, 1.0), base_momentum=st.floats(0.5, 0.9),
              max_momentum=st.floats(0.9, 0.99), optimizer=st.sampled_from(["SGD", "AdamW"]))


@settings(max_examples=50, deadline=None, phases=(Phase.generate,))
@given(**cyclic)
def test_cyclic_momentum_is_cyclic_lr_bit_for_bit(base_lr, height, base_momentum,
                                                  max_momentum, optimizer, **args):
    from cysched import lr_scheduler
    max_lr = base_lr + height
    opt = optimizer_of(optimizer)
    peer = torch_sched.CyclicLR(opt, base_lr, max_lr, base_momentum=base_momentum,
                                max_momentum=max_momentum, **args)
    want = run_peer(peer, opt, 100)
    rate = lr_scheduler.CyclicScheduler(base_lr, max_lr, **args)
    opt = optimizer_of(optimizer)
    ours = Bridge(opt, rate, momentum=rate.momentum_schedule(base_momentum, max_momentum))
    assert run_peer(ours, opt, 100) == want
