"""cysched.torch.LRScheduler drives real PyTorch optimizers (CPU)."""
import copy
import io
import os
import subprocess
import sys
import warnings

import pytest

torch = pytest.importorskip("torch", reason="PyTorch is not installed (pip install torch)")

import cysched.torch  # noqa: E402

Bridge = cysched.torch.LRScheduler


def schedules(impl):
    """A stateful schedule with warmup and a stateless one."""
    return {
        "factor": lambda: impl.FactorScheduler(step=4, factor=0.5, base_lr=0.2,
                                               warmup_steps=3, warmup_begin_lr=0.01),
        "cosine": lambda: impl.CosineScheduler(max_update=25, base_lr=0.3, final_lr=0.001,
                                               warmup_steps=5),
    }


def group_lrs(opt):
    return [float(g["lr"]) for g in opt.param_groups]


class Spy:
    """A schedule that records the updates it is asked for."""

    def __init__(self, inner):
        self.inner = inner
        self.calls = []

    def __call__(self, num_update):
        self.calls.append(num_update)
        return self.inner(num_update)


# -- the rate sequence --------------------------------------------------------------

@pytest.mark.parametrize("kind", ["factor", "cosine"])
def test_update_n_runs_with_schedule_n(impl, kind):
    make = schedules(impl)[kind]
    w = torch.zeros(3, requires_grad=True)
    opt = torch.optim.SGD([w], lr=123.0)
    sched = Bridge(opt, make())
    reference = make()
    for n in range(1, 31):
        assert sched.num_update == n and sched.last_epoch == n - 1
        want = float(reference(n))
        assert opt.param_groups[0]["lr"].hex() == want.hex()
        assert [x.hex() for x in sched.get_last_lr()] == [want.hex()]
        opt.step()
        sched.step()


def test_lr_mult_scales_each_group(impl):
    a, b = torch.zeros(2, requires_grad=True), torch.zeros(2, requires_grad=True)
    opt = torch.optim.SGD([{"params": [a]}, {"params": [b], "lr_mult": 0.1}], lr=1.0)
    sched = Bridge(opt, impl.PolyScheduler(max_update=10, base_lr=1.0, pwr=1))
    reference = impl.PolyScheduler(max_update=10, base_lr=1.0, pwr=1)
    for n in range(1, 13):
        lr = reference(n)
        assert group_lrs(opt) == [lr, lr * 0.1]
        assert sched.get_last_lr() == [lr, lr * 0.1]
        opt.step()
        sched.step()


def test_construction_only_sets_the_first_rate(impl):
    w = torch.zeros(2, requires_grad=True)
    opt = torch.optim.SGD([{"params": [w], "lr_mult": 2.0}], lr=0.7, momentum=0.9)
    before = {k: v for k, v in opt.param_groups[0].items() if k != "params"}
    spy = Spy(impl.FactorScheduler(step=2, factor=0.5, base_lr=0.25))
    Bridge(opt, spy)
    after = {k: v for k, v in opt.param_groups[0].items() if k != "params"}
    assert spy.calls == [1]
    assert after.pop("lr") == 0.5 and after.pop("initial_lr") == 0.7   # PyTorch's key
    before.pop("lr")
    assert after == before
    assert spy.inner.base_lr == 0.25 and spy.inner.count == 0


def test_each_step_asks_the_schedule_once(impl):
    w = torch.zeros(2, requires_grad=True)
    spy = Spy(impl.CosineScheduler(max_update=5, base_lr=1.0))
    opt = torch.optim.SGD([w], lr=0.0)
    sched = Bridge(opt, spy)
    for _ in range(4):
        opt.step()
        sched.step()
    assert spy.calls == [1, 2, 3, 4, 5]


def test_a_plain_callable_is_a_schedule():
    w = torch.zeros(2, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.0)
    sched = Bridge(opt, lambda n: 1.0 / n)
    opt.step()
    sched.step()
    assert sched.get_last_lr() == [0.5]
    state = sched.state_dict()
    assert state["schedule"] is None
    other = Bridge(torch.optim.SGD([w], lr=0.0), lambda n: 1.0 / n)
    other.load_state_dict(state)
    assert other.last_epoch == 1


# -- tensor learning rates ----------------------------------------------------------------

def test_tensor_lr_is_written_in_place(impl):
    w = torch.zeros(2, requires_grad=True)
    lr = torch.tensor(0.1)
    opt = torch.optim.SGD([w], lr=lr)
    sched = Bridge(opt, impl.FactorScheduler(step=1, factor=0.5, base_lr=1.0))
    reference = impl.FactorScheduler(step=1, factor=0.5, base_lr=1.0)
    for n in range(1, 6):
        assert opt.param_groups[0]["lr"] is lr
        assert lr.item() == reference(n)
        last = sched.get_last_lr()
        assert isinstance(last[0], torch.Tensor) and last[0] is not lr
        assert last[0].item() == reference(n)
        opt.step()
        sched.step()


def _compiled_step_recompiles(attach, write_lr, backend):
    """Compile an SGD step with a tensor lr, run it under 5 more rates.

    ``attach(opt)`` runs before the first compile, ``write_lr(opt, n)``
    before each later step.  Returns dynamo's recompile message, or None.
    """
    torch._dynamo.reset()
    torch.manual_seed(0)
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=torch.tensor(0.1))
    for p in model.parameters():
        p.grad = torch.ones_like(p)
    attach(opt)

    @torch.compile(backend=backend)
    def step():
        opt.step()

    step()
    old = torch._dynamo.config.error_on_recompile
    torch._dynamo.config.error_on_recompile = True
    try:
        for n in range(2, 7):
            write_lr(opt, n)
            step()
    except Exception as exc:  # noqa: BLE001 - dynamo's RecompileError and its wrappers
        if "ecompil" not in str(exc) and "ecompil" not in type(exc).__name__:
            raise
        return str(exc)
    finally:
        torch._dynamo.config.error_on_recompile = old
        torch._dynamo.reset()
    return None


def _compile_works():
    try:
        torch._dynamo.reset()
        torch.compile(lambda x: x + 1, backend="eager")(torch.zeros(1))
    except Exception as exc:  # noqa: BLE001
        return str(exc)
    return None


def test_compiled_optimizer_step_does_not_recompile(impl):
    problem = _compile_works()
    if problem:
        pytest.skip("torch.compile does not run here: %s" % problem)
    schedule = impl.CosineScheduler(max_update=10, base_lr=0.5)
    reference = impl.CosineScheduler(max_update=10, base_lr=0.5)
    bridge = []

    def attach(opt):
        bridge.append(Bridge(opt, schedule))

    def next_rate(opt, n):
        bridge[0].step()
        # A float32 tensor holds the float32 rounding of the rate.
        assert opt.param_groups[0]["lr"].item() == torch.tensor(reference(n)).item()

    assert _compiled_step_recompiles(attach, next_rate, "inductor") is None
    assert bridge[0].num_update == 6


def test_replacing_the_tensor_would_recompile():
    """The control: the check above can fail, the write must be in place."""
    problem = _compile_works()
    if problem:
        pytest.skip("torch.compile does not run here: %s" % problem)

    def replace(opt, n):
        opt.param_groups[0]["lr"] = 1.0 / n

    assert "lr" in _compiled_step_recompiles(lambda opt: None, replace, "eager")


# -- a real training loop, checkpointed ------------------------------------------------------

def make_run(impl, kind, tensor_lr):
    torch.manual_seed(1234)
    model = torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
    lr = torch.tensor(0.0) if tensor_lr else 0.0
    opt = torch.optim.SGD([
        {"params": model[0].parameters()},
        {"params": model[2].parameters(), "lr_mult": 0.5},
    ], lr=lr, momentum=0.9, weight_decay=1e-4)
    sched = Bridge(opt, schedules(impl)[kind]())
    return model, opt, sched


def batches(count):
    g = torch.Generator().manual_seed(99)
    for _ in range(count):
        x = torch.randn(16, 5, generator=g)
        yield x, (x.sum(dim=1, keepdim=True) * 0.3).sin()


def train(model, opt, sched, data, lrs):
    for x, y in data:
        lrs.append(group_lrs(opt))
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        sched.step()
    return loss.item()


@pytest.mark.parametrize("tensor_lr", [False, True], ids=["float-lr", "tensor-lr"])
@pytest.mark.parametrize("kind", ["factor", "cosine"])
def test_resume_from_a_checkpoint_equals_an_uninterrupted_run(impl, kind, tensor_lr):
    total, cut = 30, 13
    data = list(batches(total))

    model, opt, sched = make_run(impl, kind, tensor_lr)
    straight = []
    first_loss = None
    for i, (x, y) in enumerate(data):
        train(model, opt, sched, [(x, y)], straight)
        if i == 0:
            first_loss = torch.nn.functional.mse_loss(model(x), y).item()
    final = [p.detach().clone() for p in model.parameters()]
    assert torch.nn.functional.mse_loss(model(data[0][0]), data[0][1]).item() < first_loss

    model, opt, sched = make_run(impl, kind, tensor_lr)
    resumed = []
    train(model, opt, sched, data[:cut], resumed)
    buffer = io.BytesIO()
    torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(),
                "scheduler": sched.state_dict()}, buffer)
    del model, opt, sched
    buffer.seek(0)
    checkpoint = torch.load(buffer)                  # weights_only: plain types suffice

    model, opt, sched = make_run(impl, kind, tensor_lr)   # a fresh schedule object
    model.load_state_dict(checkpoint["model"])
    opt.load_state_dict(checkpoint["optimizer"])
    sched.load_state_dict(checkpoint["scheduler"])
    assert sched.num_update == cut + 1
    train(model, opt, sched, data[cut:], resumed)

    assert [[x.hex() for x in row] for row in resumed] == \
        [[x.hex() for x in row] for row in straight]
    assert len({tuple(row) for row in straight}) > 5
    for got, want in zip(model.parameters(), final):
        assert torch.equal(got, want)


def test_state_dict_holds_the_schedules_state(impl):
    w = torch.zeros(2, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.0)
    schedule = impl.FactorScheduler(step=2, factor=0.5, base_lr=1.0)
    sched = Bridge(opt, schedule)
    for _ in range(6):
        opt.step()
        sched.step()
    state = sched.state_dict()
    assert state["schedule"] == schedule.state_dict()
    assert state["schedule"]["state"]["count"] == 6
    assert state["last_epoch"] == 6 and "optimizer" not in state
    assert copy.deepcopy(state) == state


def test_loading_into_the_other_implementation(compiled, pure):
    for made, other in ((compiled, pure), (pure, compiled)):
        w = torch.zeros(2, requires_grad=True)
        opt = torch.optim.SGD([w], lr=0.0)
        sched = Bridge(opt, made.FactorScheduler(step=2, factor=0.5, base_lr=1.0))
        for _ in range(5):
            opt.step()
            sched.step()
        target = Bridge(torch.optim.SGD([w], lr=0.0), other.FactorScheduler(step=9))
        target.load_state_dict(sched.state_dict())
        assert target.schedule.count == 4 and target.schedule.base_lr == 0.25
        assert target.last_epoch == 5


def test_a_mismatched_checkpoint_changes_nothing(impl):
    w = torch.zeros(2, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.0)
    sched = Bridge(opt, impl.FactorScheduler(step=2, factor=0.5, base_lr=1.0))
    for _ in range(3):
        opt.step()
        sched.step()
    other = Bridge(torch.optim.SGD([w], lr=0.0), impl.CosineScheduler(max_update=9))
    before = dict(other.__dict__), other.schedule.state_dict()
    with pytest.raises(ValueError, match="expected CosineScheduler, got class='Factor"):
        other.load_state_dict(sched.state_dict())
    assert (dict(other.__dict__), other.schedule.state_dict()) == before
    with pytest.raises(ValueError, match=r"missing keys \['schedule'\]"):
        other.load_state_dict({"last_epoch": 3})
    with pytest.raises(ValueError, match="saved none"):
        other.load_state_dict(dict(sched.state_dict(), schedule=None))


# -- the PyTorch contract ----------------------------------------------------------------

def test_it_is_a_pytorch_lr_scheduler(impl):
    w = torch.zeros(2, requires_grad=True)
    sched = Bridge(torch.optim.SGD([w], lr=0.0), impl.CosineScheduler(max_update=9))
    assert isinstance(sched, torch.optim.lr_scheduler.LRScheduler)
    assert cysched.torch.LRScheduler.__module__ == "cysched.torch"
    assert "CosineScheduler(max_update=9" in repr(sched)


def test_stepping_the_scheduler_first_warns(impl):
    w = torch.zeros(2, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.0)
    sched = Bridge(opt, impl.CosineScheduler(max_update=9))
    with pytest.warns(UserWarning, match=r"before `optimizer.step\(\)`"):
        sched.step()
    opt = torch.optim.SGD([w], lr=0.0)
    sched = Bridge(opt, impl.CosineScheduler(max_update=9))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(3):
            opt.step()
            sched.step()


def test_bad_arguments_are_named(impl):
    w = torch.zeros(2, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.0)
    with pytest.raises(TypeError, match="optimizer must be a torch.optim.Optimizer"):
        Bridge([w], impl.CosineScheduler(max_update=9))
    with pytest.raises(TypeError, match="schedule must be callable, got schedule=0.1|"
                                        r"schedule must be callable \(lr"):
        Bridge(opt, 0.1)
    with pytest.raises(ValueError, match="got last_epoch=-2"):
        Bridge(opt, impl.CosineScheduler(max_update=9), last_epoch=-2)
    with pytest.raises(AssertionError, match="last_epoch must be an integer"):
        Bridge(opt, impl.CosineScheduler(max_update=9), last_epoch=1.5)


def test_importing_cysched_does_not_import_torch():
    code = ("import sys, cysched, cysched.torch, cysched.lr_scheduler\n"
            "assert 'torch' not in sys.modules, 'torch imported'\n"
            "cysched.torch.LRScheduler\n"
            "assert 'torch' in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True,
                   cwd=os.path.dirname(os.path.abspath(__file__)))


def test_the_readme_example_trains():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run([sys.executable, os.path.join(root, "examples", "pytorch_training.py")],
                         check=True, capture_output=True, text=True,
                         cwd=os.path.dirname(os.path.abspath(__file__))).stdout
    lines = out.splitlines()
    assert lines[0].startswith("update   1  lr [0.0033333333333333335, 0.0016666666666666668]")
    first = float(lines[0].rsplit(" ", 1)[1])
    final = float(lines[-1].rsplit(" ", 1)[1])
    assert lines[-1].startswith("final loss") and final < first / 4
    schedule = cysched.lr_scheduler.CosineScheduler(max_update=300, base_lr=0.1,
                                                    final_lr=1e-3, warmup_steps=30)
    assert "update  61  lr [%r, %r]" % (schedule(61), schedule(61) * 0.5) in out
