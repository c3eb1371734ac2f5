"""Plot learning-rate schedules: the tutorial's picture in one call.

Needs matplotlib (``pip install "cysched[plot]"``), imported only here.

>>> import matplotlib; matplotlib.use("Agg")
>>> import cysched
>>> from cysched import lr_scheduler
>>> ax = cysched.plot(lr_scheduler.CosineScheduler(max_update=800, base_lr=1,
...                                                final_lr=1e-3, warmup_steps=100))
>>> len(ax.collections[0].get_offsets())
1000
"""
import copy as _copy

from cysched import _extras

__all__ = ["plot", "evaluate", "describe"]


def _pyplot():
    return _extras.require("matplotlib.pyplot", "cysched.plot")


def describe(schedule):
    """A short label for a schedule: its ``repr`` for cysched classes, else its name.

    >>> describe(lambda n: 0.1)
    '<lambda>'
    """
    if type(schedule).__module__.startswith("cysched"):
        return repr(schedule)
    name = getattr(schedule, "__name__", None)
    return name if isinstance(name, str) else type(schedule).__name__


def evaluate(schedule, num_iterations=1000, start=1, copy=True):
    """Return ``(iterations, rates)``: ``schedule(i)`` for ``i`` from ``start``.

    With ``copy=True`` a deep copy is evaluated, so a stateful scheduler
    (FactorScheduler, MultiFactorScheduler...) is left untouched.

    >>> from cysched import lr_scheduler
    >>> s = lr_scheduler.FactorScheduler(base_lr=1, step=2, factor=0.5)
    >>> evaluate(s, 5)
    ([1, 2, 3, 4, 5], [1, 1, 0.5, 0.5, 0.25])
    >>> s.base_lr
    1
    """
    if not callable(schedule):
        raise TypeError("a schedule must be callable (lr = schedule(num_update)), got %r"
                        % (schedule,))
    if isinstance(num_iterations, bool) or not isinstance(num_iterations, int):
        raise TypeError("num_iterations must be an integer, got num_iterations=%r"
                        % (num_iterations,))
    if num_iterations < 1:
        raise ValueError("num_iterations must be >= 1, got num_iterations=%r"
                         % (num_iterations,))
    if isinstance(start, bool) or not isinstance(start, int):
        raise TypeError("start must be an integer, got start=%r" % (start,))
    if start < 0:
        raise ValueError("start must be >= 0, got start=%r" % (start,))
    if copy:
        try:
            schedule = _copy.deepcopy(schedule)
        except Exception as exc:
            raise TypeError(
                "cannot evaluate a copy of %s: copy.deepcopy failed (%s: %s); make it "
                "copyable or pass copy=False to evaluate (and advance) the schedule itself"
                % (describe(schedule), type(exc).__name__, exc)) from exc
    iterations = list(range(start, start + num_iterations))
    return iterations, [schedule(i) for i in iterations]


def _normalise(schedules, label):
    """``[(schedule, label or None)]`` from one schedule, a sequence or a dict."""
    if isinstance(schedules, dict):
        if label is not None:
            raise TypeError("label must be None when schedules is a dict of label: schedule")
        return [(s, str(name)) for name, s in schedules.items()]
    if isinstance(schedules, (list, tuple)):
        if label is None:
            labels = [describe(s) for s in schedules]
        elif isinstance(label, (list, tuple)) and len(label) == len(schedules):
            labels = [str(x) for x in label]
        else:
            raise ValueError("label must be a list of %d labels for %d schedules, got "
                             "label=%r" % (len(schedules), len(schedules), label))
        return list(zip(schedules, labels))
    return [(schedules, None if label is None else str(label))]


def plot(schedules, num_iterations=1000, *, ax=None, label=None, start=1, copy=True,
         title=None, **scatter_kwargs):
    """Scatter the learning rate of iterations ``start .. start+num_iterations-1``.

    Parameters
    ----------
    schedules : scheduler or callable, or a list of them, or a dict label -> schedule
        Anything with ``lr = schedule(num_update)``.  Several schedules are
        overlaid on the same axes with a legend.
    num_iterations : int, default 1000
        How many iterations to plot, as in the tutorial.
    ax : matplotlib Axes, optional
        Draw here; default ``matplotlib.pyplot.gca()``.  Plotting again on
        the same ``ax`` overlays.
    label : str or list of str, optional
        Legend label(s); a legend is drawn whenever a label is set.
    start : int, default 1
        The first iteration (schedulers count updates from 1).
    copy : bool, default True
        Evaluate deep copies, leaving stateful schedulers untouched.
    title : str, optional
        Axes title.
    **scatter_kwargs
        Passed to ``ax.scatter``.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from cysched import lr_scheduler, plot
    >>> ax = plot({"poly": lr_scheduler.PolyScheduler(max_update=800, base_lr=1),
    ...            "cosine": lr_scheduler.CosineScheduler(max_update=800, base_lr=1)})
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['poly', 'cosine']
    """
    pairs = _normalise(schedules, label)
    if not pairs:
        raise ValueError("no schedule to plot, got schedules=%r" % (schedules,))
    series = [(evaluate(s, num_iterations, start, copy), name) for s, name in pairs]
    if ax is None:
        ax = _pyplot().gca()
    for (iterations, lrs), name in series:
        kwargs = dict(scatter_kwargs)
        if name is not None:
            kwargs["label"] = name
        ax.scatter(iterations, lrs, **kwargs)
    ax.set_xlabel("Iteration")
    ax.set_ylabel("Learning Rate")
    if title is not None:
        ax.set_title(title)
    if any(name is not None for _, name in series):
        ax.legend()
    return ax
