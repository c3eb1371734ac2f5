# cython: cdivision=True
"""Reduce on plateau: a schedule scaled down when a metric stops improving
(C types: src/cysched/_plateau_c.pxd)."""
try:
    import cython
except ImportError:
    from cysched import _cython as cython

from cysched import _messages as _m
from cysched._params import Choice, Count, Kept, Param, PartRate, Rate

if cython.compiled:
    from cython.cimports.cysched._schedule_c import Schedule, own, part_rate, rewired
    from cysched._shapes_c import ConstantScheduler
else:
    from cysched._schedule import Schedule, own, part_rate, rewired
    from cysched._shapes import ConstantScheduler

__all__ = ["PlateauScheduler"]

_INF = float("inf")


def _metric(name, value):
    return _m.metric(value)


@cython.cclass
class PlateauScheduler(Schedule):
    """Reduce the rate when a metric stops improving; multiplies an inner schedule.

    ``record(metric)`` after each evaluation; after more than ``patience``
    records without improvement the factor ``scale`` is multiplied by
    ``factor``, then ``cooldown`` records pass before counting again.  Improving
    means, with ``threshold_mode`` ``'rel'`` or ``'abs'``::

        min: metric < best * (1 - threshold)   or  metric < best - threshold
        max: metric > best * (threshold + 1)   or  metric > best + threshold

    The rate is ``schedule(num_update) * scale``, never below ``final_lr``
    (nor raised above ``schedule(num_update)`` by it).  PyTorch:
    ``ReduceLROnPlateau(opt, mode, factor, patience, threshold, threshold_mode,
    cooldown, min_lr, eps=0)`` on a rate ``lr0``: ``PlateauScheduler(base_lr=lr0,
    ..., final_lr=min_lr)(k) == torch(k - 1)`` when ``record(metric)`` is called
    where PyTorch's ``step(metric)`` is, to 4 ulp plus one per reduction
    (PyTorch multiplies the rate in place; reductions smaller than its ``eps``
    are not skipped here).
    ``base_lr`` reads and writes the inner schedule's.

    Parameters
    ----------
    schedule : callable, optional
        The inner schedule; default ``ConstantScheduler(base_lr)``.
    mode : str
        ``'min'`` or ``'max'``.
    factor : float
        Factor of each reduction, in [0, 1).
    patience : int
        Records without improvement tolerated.
    threshold : float
        Least significant change, >= 0.
    threshold_mode : str
        ``'rel'`` or ``'abs'``.
    cooldown : int
        Records to wait after a reduction.
    final_lr : float
        The lowest rate a reduction leads to.
    base_lr : float, optional
        The rate of the default inner schedule (0.01); not with ``schedule``.

    Example
    -------
    >>> s = PlateauScheduler(base_lr=1.0, factor=0.5, patience=1)
    >>> [s.record(loss) for loss in (3, 2, 2, 2)], s(100)
    ([False, False, False, True], 0.5)
    """

    if not cython.compiled:
        # C fields in the compiled class; slots here, so that they stay out of
        # the instance __dict__ (pickled state, a subclass's own attributes).
        __slots__ = ("_part", "_exact")

    def __init__(self, schedule=None, mode='min', factor=0.1, patience=10,
                 threshold=1e-4, threshold_mode='rel', cooldown=0, final_lr=0,
                 base_lr=None):
        if schedule is None:
            schedule = ConstantScheduler(0.01 if base_lr is None else base_lr)
        elif base_lr is not None:
            raise ValueError(_m.got("give schedule or base_lr, not both",
                                    schedule=schedule, base_lr=base_lr))
        self.schedule = schedule
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.threshold_mode = threshold_mode
        self.cooldown = cooldown
        self.final_lr = final_lr
        self.scale = 1.0
        self.best = _INF if self.mode == "min" else -_INF
        self.num_bad_epochs = 0
        self.cooldown_counter = 0
        self.num_records = 0
        self._ready = True

    def record(self, metric):
        """Record a metric; return True when it reduced the rate."""
        current = cython.declare(cython.double, _m.metric(metric))
        self.num_records = self.num_records + 1
        bad = self.num_bad_epochs
        if self._better(current):
            self.best = current
            bad = 0
        else:
            bad += 1
        if self.cooldown_counter > 0:
            self.cooldown_counter = self.cooldown_counter - 1
            bad = 0
        reduced = bad > self.patience
        if reduced:
            self.scale = self.scale * self.factor
            self.cooldown_counter = self.cooldown
            bad = 0
        self.num_bad_epochs = bad
        return reduced

    def _better(self, current):
        best = cython.declare(cython.double, self._best)
        if self._mode == 0:                     # min
            if self._threshold_mode == 0:       # rel
                return current < best * (1.0 - self._threshold)
            return current < best - self._threshold
        if self._threshold_mode == 0:
            return current > best * (self._threshold + 1.0)
        return current > best + self._threshold

    def _parts(self):
        return (self._schedule,)

    def _value(self, n):
        return self._floored(self._part._value(n))

    def _gvalue(self, n):
        if self._checked_ok():
            return self._value(n)
        part = self._schedule     # held for the call, whatever the part rewires
        return self._floored(part_rate(part, self._exact, n))

    def _floored(self, inner):
        lr = cython.declare(cython.double, inner * self._scale)
        low = cython.declare(cython.double,
                             self._final_lr if self._final_lr < inner else inner)
        if lr > low:
            return lr
        return low

    _params = (("schedule", "schedule"), ("mode", "mode"), ("factor", "factor"),
               ("patience", "patience"), ("threshold", "threshold"),
               ("threshold_mode", "threshold_mode"), ("cooldown", "cooldown"),
               ("final_lr", "final_lr"))
    _state = ("schedule", "mode", "factor", "patience", "threshold", "threshold_mode",
              "cooldown", "final_lr", "scale", "best", "num_bad_epochs",
              "cooldown_counter", "num_records")

    _lrs = ("final_lr",)
    base_lr = PartRate()

    def _rescale(self, ratio):
        _m.rescale(self, ratio, type(self)._lrs)
        _m.scale_part(self._schedule, ratio)

    schedule = Kept("schedule", _m.schedule)
    mode = Choice("mode", _m.PLATEAU_MODES)
    factor = Param("factor", _m.between, 0.0, 1.0, False, True)
    patience = Count("patience")
    threshold = Param("threshold", _m.at_least, 0.0)
    threshold_mode = Choice("threshold_mode", _m.THRESHOLD_MODES)
    cooldown = Count("cooldown")
    final_lr = Rate("final_lr")
    scale = Rate("scale")
    best = Param("best", _metric)
    num_bad_epochs = Count("num_bad_epochs")
    cooldown_counter = Count("cooldown_counter")
    num_records = Count("num_records")

    def _keep_schedule(self, value):
        rewired(self, "schedule", (value,))
        self._exact = own(value)
        self._part = value if self._exact else None
        self._schedule = value


if cython.compiled:
    _m.python_arguments_of(globals(), __all__)   # Python's argument errors
