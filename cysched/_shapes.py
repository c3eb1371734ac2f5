"""Decay shapes after MXNet's warmup: constant, linear, exponential, inverse
square root, warmup-stable-decay, and piecewise.

One source for both implementations (see ``cysched/_schedule.py``); the types
are declared in ``src/cysched/_shapes_c.pxd``.
"""
try:
    import cython
except ImportError:
    from cysched import _cython as cython

from cysched import _messages as _m
from cysched._params import Count, Rate

if cython.compiled:
    from cython.cimports.cysched._schedule_c import _Warmed
else:
    from cysched._schedule import _Warmed

__all__ = ["ConstantScheduler", "LinearScheduler"]


@cython.cclass
class ConstantScheduler(_Warmed):
    """A constant learning rate, after an optional warmup.

    ::

        lr = base_lr                      for num_update >= warmup_steps

    and the warmup of :class:`LinearScheduler` before.  There is no horizon.

    Parameters
    ----------
    base_lr : float
        The learning rate.
    warmup_steps : int
        Number of warmup updates.
    warmup_begin_lr : float
        The rate at ``num_update = 0``.
    warmup_mode : str
        ``'linear'``, ``'constant'``, ``'cosine'`` or ``'exponential'`` (see
        :class:`Warmup`).

    Example
    -------
    >>> s = ConstantScheduler(base_lr=0.1, warmup_steps=4)
    >>> s(0), s(2), s(4), s(10 ** 9)
    (0.0, 0.05, 0.1, 0.1)
    """

    def __init__(self, base_lr=0.01, warmup_steps=0, warmup_begin_lr=0,
                 warmup_mode='linear'):
        _Warmed.__init__(self, base_lr, warmup_steps, warmup_begin_lr, warmup_mode)

    def value(self, n):
        if n < self._warmup_steps:
            return self.warm(n)
        return self._base_lr


@cython.cclass
class LinearScheduler(_Warmed):
    """Linear decay (or growth) from ``base_lr`` to ``final_lr``.

    After the warmup, with ``t = num_update - warmup_steps`` and
    ``T = max_update - warmup_steps``::

        lr = base_lr + (final_lr - base_lr) * t / T     for t < T
        lr = final_lr                                   for num_update >= max_update

    PyTorch: ``LinearLR(opt, start_factor=a, end_factor=b, total_iters=T)`` on a
    rate ``lr0`` is ``LinearScheduler(max_update=T, base_lr=lr0 * a,
    final_lr=lr0 * b)`` (equal to 1e-12: PyTorch multiplies step by step).

    Parameters
    ----------
    max_update : int
        The update at which ``final_lr`` is reached (warmup included); > warmup_steps.
    base_lr : float
        The rate at the end of the warmup.
    final_lr : float
        The rate from ``max_update`` on.
    warmup_steps, warmup_begin_lr, warmup_mode
        As for :class:`ConstantScheduler`.

    Example
    -------
    >>> s = LinearScheduler(max_update=10, base_lr=1.0, final_lr=0.0)
    >>> s(0), s(5), s(10), s(11)
    (1.0, 0.5, 0.0, 0.0)
    """

    def __init__(self, max_update, base_lr=0.01, final_lr=0, warmup_steps=0,
                 warmup_begin_lr=0, warmup_mode='linear'):
        _Warmed.__init__(self, base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        self.max_update = _m.horizon(max_update, self.warmup_steps)
        self.final_lr = final_lr

    def value(self, n):
        steps = cython.declare(cython.double, self._warmup_steps)
        base = cython.declare(cython.double, self._base_lr)
        if n < steps:
            return self.warm(n)
        if n >= self._max_update:
            return self._final_lr
        return base + (self._final_lr - base) * (n - steps) / (self._max_update - steps)

    _params = (("max_update", "max_update"), ("base_lr", "base_lr"),
               ("final_lr", "final_lr")) + _Warmed._params[1:]
    _state = _Warmed._state + ("max_update", "final_lr")
    _lrs = ("final_lr", "warmup_begin_lr")

    max_update = Count("max_update", 1)
    final_lr = Rate("final_lr")
