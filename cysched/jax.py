"""Drive an optax optimizer with a cysched schedule, inside ``jax.jit``.

``cysched.jax.schedule(schedule)`` returns optax's schedule signature
``count -> lr``: the schedule's closed form written in ``jax.numpy``
(``cysched/_closed.py``), a pure function of a (traced) step count with no
table and no length limit.  ``exact=True`` keeps a table of the scalar calls'
own numbers for the first ``num_steps`` updates (bit for bit), and the closed
form after it.  JAX is imported when ``schedule`` is called, not by ``import
cysched`` nor by ``import cysched.jax``.

>>> import jax, jax.numpy as jnp, optax
>>> import cysched.jax
>>> from cysched import lr_scheduler
>>> lr = cysched.jax.schedule(lr_scheduler.FactorScheduler(base_lr=1.0, step=2,
...                                                        factor=0.5))
>>> [float(lr(count)) for count in range(8)]     # optax counts from 0
[1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125]
>>> optimizer = optax.sgd(learning_rate=lr)
"""
import copy

from cysched import _extras
from cysched import _messages as _m

__all__ = ["schedule"]

#: What a table without a closed form does past its end, when asked for.
PAST_END = ("nan", "hold")


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


def schedule(schedule, num_steps=None, *, exact=False, past_end=None):
    """An optax schedule (``count -> lr``) that follows ``schedule``.

    optax counts updates from 0 and cysched (as MXNet) from 1, so::

        lr(count) = schedule(count + 1)

    **Closed form** (the default): every family, composites of them and the
    MXNet classes' shapes (Poly, Cosine with their warmup; Factor and
    MultiFactor from their current state) are written as ``jax.numpy``
    expressions of ``count`` (``cysched/_closed.py``): jittable, any count,
    nothing tabulated.  With ``jax_enable_x64`` they equal the scalar calls to
    the tolerances the README lists (XLA's ``cos``, ``pow``, ``log`` are not
    libm's: a few float64 ulps); without it they are computed in float32.
    A ``PlateauScheduler`` is taken with its ``scale`` as it is now.

    **Table** (``exact=True``, or a schedule with no closed form: a Python
    callable, a subclass of cysched's classes): ``schedule(1) ..
    schedule(num_steps)`` are computed once on a copy of ``schedule`` (a
    stateful MXNet scheduler is left as it was) and looked up by ``count``,
    bit for bit (their float32 rounding without x64).  Past the table's end
    the closed form continues; a schedule without one is refused at
    construction unless ``past_end`` says what to do: ``"nan"`` (every later
    rate is NaN, which shows in the loss) or ``"hold"`` (the last rate).  The
    table takes 8 bytes per step.

    Parameters
    ----------
    schedule : callable
        ``lr = schedule(num_update)``: a cysched scheduler or any callable
        returning a real number.
    num_steps : int, optional
        Updates to tabulate (>= 1): needed for a table, unused otherwise.
    exact : bool
        Keep the scalar calls' own numbers for the first ``num_steps`` updates.
    past_end : str, optional
        ``"nan"`` or ``"hold"``: past a table's end, for a schedule with no
        closed form (refused without it).

    Returns
    -------
    callable
        ``lr(count)`` for an integer ``count`` (Python int or JAX array,
        traced or not): the learning rate of update ``count + 1``.  Its
        attributes ``closed`` (True when past any table the closed form
        runs), ``num_steps`` and ``rates`` (the float64 NumPy table, or None)
        tell what it holds.

    Example
    -------
    >>> import jax, optax
    >>> from cysched import lr_scheduler
    >>> lr = schedule(lr_scheduler.CosineScheduler(max_update=100, base_lr=0.1,
    ...                                            warmup_steps=10))
    >>> opt = optax.sgd(learning_rate=lr, momentum=0.9)
    >>> float(jax.jit(lr)(9)) == float(jax.numpy.float32(0.1))   # update 10: warmup done
    True
    """
    from cysched._closed import closed_form

    if isinstance(schedule, type) or not callable(schedule):
        raise TypeError("schedule must be callable (lr = schedule(num_update)), got "
                        "schedule=%r" % (schedule,))
    if past_end is not None and past_end not in PAST_END:
        raise ValueError(_m.got("past_end must be 'nan' or 'hold'", past_end=past_end))
    form = closed_form(schedule)
    table = exact or form is None
    if table:
        if num_steps is None:
            raise TypeError("a table needs num_steps (exact=True, or a schedule with no "
                            "closed form), got schedule=%r" % (schedule,))
        num_steps = _m.integer("num_steps", num_steps)
        if num_steps < 1:
            raise ValueError(_m.got("num_steps must be >= 1", num_steps=num_steps))
        if num_steps > _m.MAX_UPDATE:
            raise OverflowError(_m.got("num_steps must be at most 2**53",
                                       num_steps=num_steps))
        if form is None and past_end is None:
            raise ValueError(
                "schedule=%r has no closed form, so a table of num_steps=%d rates would "
                "have nothing past its end: pass past_end='nan' or past_end='hold'"
                % (schedule, num_steps))
    jax, jnp = _jax()
    rates = _rates(schedule, num_steps) if table else None

    def dtype():
        return jax.dtypes.canonicalize_dtype(jnp.float64)   # float32 without x64

    def closed(count):
        n = count.astype(dtype()) + 1.0
        return form(n)

    if not table:
        lr = closed
    else:
        tables = {}
        last = num_steps - 1

        def lookup(count):
            key = dtype()
            if key not in tables:
                # Made eagerly even when first asked for inside jit: the table is
                # a constant, never a tracer kept past its trace.
                with jax.ensure_compile_time_eval():
                    tables[key] = jnp.asarray(rates.astype(key))
            inside = tables[key][jnp.clip(count, 0, last)]
            if form is not None:
                return jnp.where(count <= last, inside, closed(count))
            if past_end == "nan":
                return jnp.where(count <= last, inside, jnp.nan)
            return inside

        lr = lookup

    def lr_of(count):
        """The learning rate of update ``count + 1`` (optax counts from 0)."""
        return lr(jnp.asarray(count))

    lr_of.closed = form is not None
    lr_of.num_steps = num_steps if table else None
    lr_of.rates = rates
    return lr_of
