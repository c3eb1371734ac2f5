"""Drive a PyTorch optimizer with a cysched schedule.

``cysched.torch.LRScheduler(optimizer, schedule)`` is a
``torch.optim.lr_scheduler.LRScheduler``: call its ``step()`` after each
``optimizer.step()``, as with PyTorch's own schedulers.  PyTorch is imported
when ``LRScheduler`` is first used, not by ``import cysched`` nor by
``import cysched.torch``.

>>> import torch
>>> import cysched.torch
>>> from cysched import lr_scheduler
>>> model = torch.nn.Linear(3, 1)
>>> optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
>>> schedule = lr_scheduler.FactorScheduler(base_lr=1.0, step=2, factor=0.5)
>>> scheduler = cysched.torch.LRScheduler(optimizer, schedule)
>>> lrs = []
>>> for _ in range(5):
...     lrs.append(optimizer.param_groups[0]["lr"])   # the rate this update uses
...     optimizer.step()
...     scheduler.step()
>>> lrs
[1.0, 1.0, 0.5, 0.5, 0.25]
"""
import warnings

from cysched import _extras
from cysched import _messages as _m

__all__ = ["LRScheduler"]  # noqa: F822 - made on first use, see __getattr__


def __getattr__(name):
    if name == "LRScheduler":
        cls = _define()
        globals()[name] = cls
        return cls
    raise AttributeError("module 'cysched.torch' has no attribute %r" % name)


def __dir__():
    return sorted(set(globals()) | {"LRScheduler"})


def _define():
    torch = _extras.require("torch", "cysched.torch")
    from torch.optim.lr_scheduler import LRScheduler as _Base
    Tensor = torch.Tensor

    class LRScheduler(_Base):
        """Set each param group's lr to ``schedule(num_update) * lr_mult``.

        ``num_update`` counts updates from 1 as MXNet does: the first
        ``optimizer.step()`` runs with ``schedule(1)``, and every
        ``scheduler.step()`` after an ``optimizer.step()`` moves on by one::

            num_update = last_epoch + 1
            group["lr"] = schedule(num_update) * group.get("lr_mult", 1)

        (PyTorch's ``last_epoch`` counts the ``scheduler.step()`` calls from 0:
        it is 0 after construction, when update 1 is next.)  The lr each group
        was created with is not used; ``lr_mult`` in a param group scales the
        schedule for that group, as MXNet's ``lr_mult`` does for a parameter.

        A tensor lr (``torch.optim.SGD(params, lr=torch.tensor(0.1))``) is
        written in place with ``fill_``, so a ``torch.compile``d
        ``optimizer.step()`` keeps its graph as the rate changes.

        ``state_dict()`` holds the schedule's ``state_dict()`` too, so a
        stateful schedule (``FactorScheduler``...) resumes exactly after
        ``load_state_dict``.  As with PyTorch's schedulers, the current rates
        live in the optimizer's own ``state_dict()``.

        Parameters
        ----------
        optimizer : torch.optim.Optimizer
            The optimizer whose param groups' ``lr`` this sets.
        schedule : callable
            ``lr = schedule(num_update)``: a cysched scheduler or any callable.
        last_step : int, default -1
            PyTorch's ``last_epoch`` argument: ``-1`` starts at update 1;
            ``k`` starts at update ``k + 2`` (``last_epoch = k + 1``).  To
            resume, prefer ``load_state_dict``.

        Example
        -------
        >>> import torch
        >>> from cysched import lr_scheduler
        >>> w, b = torch.zeros(2, requires_grad=True), torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([{"params": [w]}, {"params": [b], "lr_mult": 0.1}], lr=0.0)
        >>> sched = LRScheduler(opt, lr_scheduler.PolyScheduler(max_update=4, base_lr=1.0))
        >>> sched.num_update, sched.get_last_lr()
        (1, [0.5625, 0.05625])
        """

        def __init__(self, optimizer, schedule, *, last_step=-1):
            if not isinstance(optimizer, torch.optim.Optimizer):
                raise TypeError("optimizer must be a torch.optim.Optimizer, got optimizer=%r"
                                % (optimizer,))
            if not callable(schedule):
                raise TypeError("schedule must be callable (lr = schedule(num_update)), "
                                "got schedule=%r" % (schedule,))
            last_step = _m.integer("last_step", last_step)
            if last_step < -1:
                raise ValueError(_m.got("last_step must be >= -1", last_step=last_step))
            self.schedule = schedule
            if last_step != -1:
                # PyTorch asks for "initial_lr" when resuming; it is not used here.
                for group in optimizer.param_groups:
                    lr = group["lr"]
                    group.setdefault("initial_lr", lr.clone() if isinstance(lr, Tensor) else lr)
            # PyTorch's __init__ runs step() once: last_epoch becomes last_step + 1
            # and every group gets its first rate, schedule(last_step + 2).
            super().__init__(optimizer, last_step)

        @property
        def num_update(self):
            """MXNet's update count the current rates are for: ``last_epoch + 1``."""
            return self.last_epoch + 1

        def get_lr(self):
            """The rates for update ``num_update``, one float per param group."""
            lr = self.schedule(self.last_epoch + 1)
            out = []
            for group in self.optimizer.param_groups:
                mult = group.get("lr_mult", 1)
                out.append(float(lr) if mult == 1 else float(lr * mult))
            return out

        def step(self, epoch=None):
            """Move to the next update and set every group's lr."""
            if self._step_count == 1:
                step = self.optimizer.step
                if (hasattr(step, "_wrapped_by_lr_sched")
                        and not getattr(self.optimizer, "_opt_called", False)):
                    warnings.warn(
                        "scheduler.step() was called before optimizer.step(): the "
                        "rate of update 1 was never used.  Call optimizer.step() "
                        "first, then scheduler.step().", UserWarning, stacklevel=2)
            self._step_count += 1
            if epoch is None:
                self.last_epoch += 1
            else:
                warnings.warn("step(epoch) is deprecated in PyTorch; it sets "
                              "last_epoch = epoch", UserWarning, stacklevel=2)
                self.last_epoch = _m.integer("epoch", epoch)
            last = []
            for group, lr in zip(self.optimizer.param_groups, self.get_lr()):
                current = group["lr"]
                if isinstance(current, Tensor):
                    # In place: a compiled optimizer step reads the same tensor.
                    current.fill_(lr)
                    last.append(current.clone())
                else:
                    group["lr"] = lr
                    last.append(lr)
            self._last_lr = last

        def state_dict(self):
            """PyTorch's scheduler state, with ``"schedule"``: the schedule's
            ``state_dict()`` (``None`` for a callable without one)."""
            state = {key: value for key, value in self.__dict__.items()
                     if key not in ("optimizer", "schedule")}
            saver = getattr(self.schedule, "state_dict", None)
            state["schedule"] = saver() if callable(saver) else None
            return state

        def load_state_dict(self, state_dict):
            """Continue from ``state_dict()``: the schedule's state is checked and
            loaded first, so a mismatch raises ``ValueError`` and changes nothing."""
            if not isinstance(state_dict, dict):
                raise TypeError("state_dict must be a dict, got state_dict=%r"
                                % (state_dict,))
            missing = [key for key in ("schedule", "last_epoch") if key not in state_dict]
            if missing:
                raise ValueError("not a cysched.torch.LRScheduler state_dict: missing "
                                 "keys %s" % missing)
            state = dict(state_dict)
            schedule_state = state.pop("schedule")
            loader = getattr(self.schedule, "load_state_dict", None)
            if (schedule_state is None) != (not callable(loader)):
                raise ValueError(
                    "the saved schedule state does not fit the schedule: saved %s, "
                    "schedule=%r" % ("none" if schedule_state is None else "a state_dict",
                                     self.schedule))
            if schedule_state is not None:
                loader(schedule_state)
            self.__dict__.update(state)

        def __repr__(self):
            return "%s(num_update=%d, schedule=%r)" % (
                type(self).__name__, self.num_update, self.schedule)

    LRScheduler.__module__ = __name__
    LRScheduler.__qualname__ = "LRScheduler"
    return LRScheduler
