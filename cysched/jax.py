"""Drive an optax optimizer with a cysched schedule, inside ``jax.jit``.

``cysched.jax.schedule(schedule, num_steps)`` evaluates the schedule once,
into a lookup table, and returns optax's schedule signature ``count -> lr``:
a pure function of a (traced) step count that ``jax.jit`` compiles into an
index.  JAX is imported when ``schedule`` is called, not by ``import
cysched`` nor by ``import cysched.jax``.

>>> import jax, jax.numpy as jnp, optax
>>> import cysched.jax
>>> from cysched import lr_scheduler
>>> lr = cysched.jax.schedule(lr_scheduler.FactorScheduler(base_lr=1.0, step=2,
...                                                        factor=0.5), num_steps=6)
>>> [float(lr(count)) for count in range(8)]     # optax counts from 0
[1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25]
>>> optimizer = optax.sgd(learning_rate=lr)
"""
import copy

from cysched import _extras
from cysched import _messages as _m

__all__ = ["schedule"]


def _jax():
    return (_extras.require("jax", "cysched.jax"),
            _extras.require("jax.numpy", "cysched.jax"))


def _rates(fn, num_steps):
    """``[fn(1), ..., fn(num_steps)]`` as float64, asked in that order of a
    deep copy of ``fn`` (a stateful scheduler is left as it was)."""
    import numpy

    try:
        fn = copy.deepcopy(fn)
    except Exception as exc:  # noqa: BLE001 - any failure to copy is reported the same way
        raise TypeError("cysched.jax.schedule evaluates a copy of the schedule, and this "
                        "one cannot be deep-copied (%s: %s), got schedule=%r"
                        % (type(exc).__name__, exc, fn)) from exc
    try:
        from cysched._evaluate import evaluate
    except ImportError:   # pragma: no cover - a build without evaluate()
        return numpy.array([float(fn(n)) for n in range(1, num_steps + 1)],
                           dtype=numpy.float64)
    return numpy.asarray(evaluate(fn, range(1, num_steps + 1)), dtype=numpy.float64)


def schedule(schedule, num_steps):
    """An optax schedule (``count -> lr``) that follows ``schedule``.

    optax counts updates from 0 and cysched (as MXNet) from 1, so::

        lr(count) = schedule(min(count, num_steps - 1) + 1)

    The rates are computed once, ``schedule(1) .. schedule(num_steps)`` on a
    copy of ``schedule``, and looked up by ``count``; past the end the last
    rate is kept.  With ``jax_enable_x64`` the values are the float64 rates
    themselves, else their float32 rounding.  The table takes 8 bytes per step.

    Parameters
    ----------
    schedule : callable
        ``lr = schedule(num_update)``: a cysched scheduler or any callable
        returning a real number.
    num_steps : int
        Number of updates to tabulate (>= 1), usually the training length.

    Returns
    -------
    callable
        ``lr(count)`` for an integer ``count`` (Python int or JAX array,
        traced or not): the learning rate of update ``count + 1``.  Its
        attributes ``num_steps`` and ``rates`` (the float64 NumPy table) tell
        what it holds.

    Example
    -------
    >>> import jax, optax
    >>> from cysched import lr_scheduler
    >>> lr = schedule(lr_scheduler.CosineScheduler(max_update=100, base_lr=0.1,
    ...                                            warmup_steps=10), num_steps=100)
    >>> opt = optax.sgd(learning_rate=lr, momentum=0.9)
    >>> float(jax.jit(lr)(9)) == float(jax.numpy.float32(0.1))   # update 10: warmup done
    True
    """
    if not callable(schedule):
        raise TypeError("schedule must be callable (lr = schedule(num_update)), got "
                        "schedule=%r" % (schedule,))
    num_steps = _m.integer("num_steps", num_steps)
    if num_steps < 1:
        raise ValueError(_m.got("num_steps must be >= 1", num_steps=num_steps))
    if num_steps > _m.MAX_UPDATE:
        raise OverflowError(_m.got("num_steps must be at most 2**53", num_steps=num_steps))
    jax, jnp = _jax()
    rates = _rates(schedule, num_steps)
    tables = {}
    last = num_steps - 1

    def table():
        dtype = jax.dtypes.canonicalize_dtype(jnp.float64)   # float32 without x64
        if dtype not in tables:
            # Made eagerly even when first asked for inside jit: the table is a
            # constant, never a tracer kept past its trace.
            with jax.ensure_compile_time_eval():
                tables[dtype] = jnp.asarray(rates.astype(dtype))
        return tables[dtype]

    def lr(count):
        """The learning rate of update ``count + 1`` (optax counts from 0)."""
        return table()[jnp.clip(count, 0, last)]

    lr.num_steps = num_steps
    lr.rates = rates
    return lr
