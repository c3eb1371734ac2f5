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

# PyTorch's own warnings (torch/optim/lr_scheduler.py, torch 2.13), word for
# word, so that code and tests matching PyTorch's texts match these too.
OVERRIDDEN_STEP = (
    "Seems like `optimizer.step()` has been overridden after learning rate scheduler "
    "initialization. Please, make sure to call `optimizer.step()` before "
    "`lr_scheduler.step()`. See more details at "
    "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate")
STEP_ORDER = (
    "Detected call of `lr_scheduler.step()` before `optimizer.step()`. "
    "In PyTorch 1.1.0 and later, you should call them in the opposite order: "
    "`optimizer.step()` before `lr_scheduler.step()`.  Failure to do this "
    "will result in PyTorch skipping the first value of the learning rate schedule. "
    "See more details at "
    "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate")
EPOCH_DEPRECATION = (
    "The epoch parameter in `scheduler.step()` was not necessary and is being "
    "deprecated where possible. Please use `scheduler.step()` to step the "
    "scheduler. During the deprecation, if epoch is different from None, the "
    "closed form is used instead of the new chainable form, where available. "
    "Please open an issue if you are unable to replicate your use case: "
    "https://github.com/pytorch/pytorch/issues/new/choose.")
LAST_STEP_DEPRECATED = ("last_step is deprecated: pass last_epoch (PyTorch's name, "
                        "same meaning)")


__getattr__, __dir__ = _extras.defined_on_use(__name__, "LRScheduler", lambda: _define())


def _check_counters(state):
    """PyTorch's counters in a state_dict being loaded: ints of their range."""
    for key, low in (("last_epoch", -1), ("_step_count", 0)):
        if key in state:
            value = state[key]
            if type(value) is not int:
                raise TypeError(_m.got("%s must be an int" % key, **{key: value}))
            if value < low:
                raise ValueError(_m.got("%s must be >= %d" % (key, low), **{key: value}))
    for key in ("base_lrs", "_last_lr"):
        if key in state and not isinstance(state[key], list):
            raise TypeError(_m.got("%s must be a list" % key, **{key: state[key]}))


def _schedules(name, value, count):
    """``value`` as a list of ``count`` schedules: one callable for every
    group, or a list/tuple of one per group (as PyTorch's ``LambdaLR``)."""
    items = list(value) if isinstance(value, (list, tuple)) else None
    for item in ([value] if items is None else items):
        if isinstance(item, type):
            raise TypeError("%s must be a schedule, not a class: got %s=%s; make one "
                            "first, e.g. %s(...)" % (name, name, item.__name__,
                                                     item.__name__))
        if not callable(item):
            raise TypeError("%s must be callable (lr = schedule(num_update)), got %s=%r"
                            % (name, name, item))
    if items is None:
        return None
    if len(items) != count:
        raise ValueError("%s has %d schedules for %d param groups: give one per group "
                         "or a single one, got %s=%r" % (name, len(items), count, name, value))
    return items


def _saved(schedule):
    """The ``state_dict()`` of a schedule (None without one), or a list of them."""
    if isinstance(schedule, (list, tuple)):
        return [_saved(item) for item in schedule]
    saver = getattr(schedule, "state_dict", None)
    return saver() if callable(saver) else None


def _pairs(schedule, saved):
    """``[(schedule, its saved state)]`` for one schedule or a list of them."""
    if not isinstance(schedule, (list, tuple)):
        return [(schedule, saved)]
    if not isinstance(saved, list) or len(saved) != len(schedule):
        raise ValueError("the saved schedule state does not fit the schedules: saved %r, "
                         "%d schedules" % (type(saved).__name__, len(schedule)))
    return list(zip(schedule, saved))


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
        A group added later with ``optimizer.add_param_group`` is scheduled
        from the next ``step()`` on.

        ``step(metrics)`` records ``metrics`` in every schedule that takes one
        (``PlateauScheduler.record``), as ``ReduceLROnPlateau.step(val_loss)``
        does, then moves on; for other schedules a number given to ``step`` is
        PyTorch's deprecated ``epoch`` (it sets ``last_epoch``, with PyTorch's
        warning).

        A tensor lr (``torch.optim.SGD(params, lr=torch.tensor(0.1))``) is
        written in place with ``fill_``, so a ``torch.compile``d
        ``optimizer.step()`` keeps its graph as the rate changes; no tensor is
        made per ``step()``: ``get_last_lr()``'s tensors are the scheduler's
        own copies, refilled at each ``step()`` (they never alias the group's
        lr).

        ``state_dict()`` holds the schedule's ``state_dict()`` too, so a
        stateful schedule (``FactorScheduler``...) resumes exactly after
        ``load_state_dict``.  As with PyTorch's schedulers, the current rates
        (and momentums) live in the optimizer's own ``state_dict()``.

        Parameters
        ----------
        optimizer : torch.optim.Optimizer
            The optimizer whose param groups' ``lr`` this sets.
        schedule : callable or list of callables
            ``lr = schedule(num_update)``: a cysched scheduler or any callable;
            or a list with one per param group (then ``lr_mult`` still applies).
        last_epoch : int, default -1
            PyTorch's meaning: ``-1`` starts at update 1; ``k >= 0`` resumes.
            As PyTorch's own schedulers, the construction steps once, to
            ``last_epoch = k + 1`` (update ``k + 2``): to continue a run whose
            scheduler is at ``last_epoch == e``, pass ``e - 1``.  Each group
            then needs its ``"initial_lr"`` (kept in the optimizer's
            ``state_dict()``), else PyTorch's ``KeyError``.  To resume,
            prefer ``load_state_dict``.
        momentum : callable or list of callables, optional
            ``momentum = momentum(num_update)``, written to each group's
            ``momentum`` or, for optimizers with ``betas`` (Adam, AdamW...), to
            ``betas[0]``, as PyTorch's ``OneCycleLR`` and ``CyclicLR`` do:
            ``OneCycleScheduler.momentum_schedule()`` and
            ``CyclicScheduler.momentum_schedule()`` give their cycles.
        last_step : int, optional
            Deprecated name of ``last_epoch``.

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

        def __init__(self, optimizer, schedule, last_epoch=-1, *, momentum=None,
                     last_step=None):
            if not isinstance(optimizer, torch.optim.Optimizer):
                raise TypeError("optimizer must be a torch.optim.Optimizer, got optimizer=%r"
                                % (optimizer,))
            groups = len(optimizer.param_groups)
            self.schedules = _schedules("schedule", schedule, groups)
            self.schedule = schedule if self.schedules is None else self.schedules
            self.momentums = None
            if momentum is not None:
                self.momentums = _schedules("momentum", momentum, groups)
                if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
                    raise ValueError("momentum needs an optimizer with momentum or betas, "
                                     "got optimizer=%s" % type(optimizer).__name__)
            self.momentum = momentum
            if last_step is not None:
                warnings.warn(LAST_STEP_DEPRECATED, DeprecationWarning, stacklevel=2)
                if last_epoch != -1:
                    raise ValueError(_m.got("give last_epoch or last_step, not both",
                                            last_epoch=last_epoch, last_step=last_step))
                last_epoch = _m.integer("last_step", last_step)
            last_epoch = _m.integer("last_epoch", last_epoch)
            if last_epoch < -1:
                raise ValueError(_m.got("last_epoch must be >= -1", last_epoch=last_epoch))
            self._last_lr = []
            # PyTorch's __init__ runs step() once: last_epoch becomes last_epoch + 1
            # and every group gets its first rate, schedule(last_epoch + 2).
            super().__init__(optimizer, last_epoch)

        @property
        def num_update(self):
            """MXNet's update count the current rates are for: ``last_epoch + 1``."""
            return self.last_epoch + 1

        def get_lr(self):
            """The rates for update ``num_update``, one float per param group."""
            n = self.last_epoch + 1
            groups = self.optimizer.param_groups
            if self.schedules is not None and len(self.schedules) != len(groups):
                raise ValueError(
                    "the optimizer has %d param groups and the scheduler %d schedules: "
                    "append a schedule to scheduler.schedules for each group added with "
                    "add_param_group" % (len(groups), len(self.schedules)))
            single = (_m.written_rate(self.schedule(n), self.schedule, n)
                      if self.schedules is None else None)
            out = []
            for i, group in enumerate(groups):
                schedule = self.schedule if single is not None else self.schedules[i]
                lr = single if single is not None else _m.written_rate(schedule(n), schedule, n)
                mult = group.get("lr_mult", 1)
                out.append(lr if mult == 1 else _m.written_rate(lr * mult, schedule, n))
            return out

        def _set_momentum(self, n):
            groups = self.optimizer.param_groups
            single = self.momentum(n) if self.momentums is None else None
            for i, group in enumerate(groups):
                value = float(single if single is not None else self.momentums[i](n))
                if "betas" in group:
                    group["betas"] = (value, *group["betas"][1:])
                else:
                    group["momentum"] = value

        def _record(self, metrics):
            """Give ``metrics`` to the schedules that take one; False when none does."""
            takers = [s for s in (self.schedules or [self.schedule])
                      if callable(getattr(s, "record", None))]
            for schedule in takers:
                schedule.record(metrics)
            return bool(takers)

        def step(self, metrics=None, epoch=None):
            """Move to the next update and set every group's lr (and momentum).

            ``metrics``: recorded by the schedules that take a metric (the
            plateau family), as ``ReduceLROnPlateau.step(metrics)``; for others
            it is PyTorch's deprecated ``epoch``."""
            if self._step_count == 1:
                if not hasattr(self.optimizer.step, "_wrapped_by_lr_sched"):
                    warnings.warn(OVERRIDDEN_STEP, UserWarning, stacklevel=2)
                elif not getattr(self.optimizer, "_opt_called", False):
                    warnings.warn(STEP_ORDER, UserWarning, stacklevel=2)
            self._step_count += 1
            if metrics is not None and not self._record(metrics):
                epoch, metrics = metrics, None
            if epoch is None:
                self.last_epoch += 1
            else:
                warnings.warn(EPOCH_DEPRECATION, UserWarning, stacklevel=2)
                self.last_epoch = _m.integer("epoch", epoch)
            self._write(self.get_lr())
            if self.momentum is not None:
                self._set_momentum(self.last_epoch + 1)

        def _write(self, rates):
            groups = self.optimizer.param_groups
            if len(self.base_lrs) != len(groups):       # groups added since
                for group in groups[len(self.base_lrs):]:
                    initial = group["lr"]
                    group.setdefault("initial_lr", initial.clone()
                                     if isinstance(initial, Tensor) else initial)
                    self.base_lrs.append(group["initial_lr"])
            old = self._last_lr
            last = []
            for i, (group, lr) in enumerate(zip(groups, rates)):
                current = group["lr"]
                if isinstance(current, Tensor):
                    # In place: a compiled optimizer step reads the same tensor.
                    current.fill_(lr)
                    kept = old[i] if i < len(old) else None
                    if isinstance(kept, Tensor) and kept.shape == current.shape \
                            and kept.dtype == current.dtype:
                        kept.fill_(lr)
                    else:
                        kept = current.clone()
                    last.append(kept)
                else:
                    group["lr"] = lr
                    last.append(lr)
            self._last_lr = last

        def state_dict(self):
            """PyTorch's scheduler state, with ``"schedule"``: the schedule's
            ``state_dict()`` (``None`` for a callable without one; a list for
            a list of schedules)."""
            state = {key: value for key, value in self.__dict__.items()
                     if key not in ("optimizer", "schedule", "schedules", "momentum",
                                    "momentums")}
            state["schedule"] = _saved(self.schedule)
            return state

        def load_state_dict(self, state_dict):
            """Continue from ``state_dict()``: the schedule's state is checked and
            loaded first, so a mismatch raises ``ValueError`` and changes nothing."""
            if not isinstance(state_dict, dict):
                raise TypeError("state_dict must be a dict, got state_dict=%r"
                                % (state_dict,))
            missing = [key for key in ("schedule", "last_epoch") if key not in state_dict]
            # Not the optimizer, nor a name that would hide a method.
            foreign = sorted(str(key) for key in state_dict
                             if not (type(key) is str and key.isidentifier())
                             or key == "optimizer"
                             or (key not in self.__dict__ and hasattr(type(self), key)))
            if missing or foreign:
                raise ValueError("not a cysched.torch.LRScheduler state_dict: missing "
                                 "keys %s, unexpected keys %s" % (missing, foreign))
            state = dict(state_dict)
            _check_counters(state)
            schedule_state = state.pop("schedule")
            pairs = _pairs(self.schedule, schedule_state)
            for schedule, saved in pairs:
                loader = getattr(schedule, "load_state_dict", None)
                if (saved is None) != (not callable(loader)):
                    raise ValueError(
                        "the saved schedule state does not fit the schedule: saved %s, "
                        "schedule=%r" % ("none" if saved is None else "a state_dict",
                                         schedule))
            for schedule, saved in pairs:
                if saved is not None:
                    schedule.load_state_dict(saved)
            self.__dict__.update(state)

        def __repr__(self):
            return "%s(num_update=%d, schedule=%r)" % (
                type(self).__name__, self.num_update, self.schedule)

    LRScheduler.__module__ = __name__
    LRScheduler.__qualname__ = "LRScheduler"
    return LRScheduler
