"""The ``cysched`` command: plot, tabulate and inspect learning-rate schedules.

Usage::

    cysched plot "CosineScheduler(max_update=800, base_lr=1, warmup_steps=100)" -o cosine.svg
    cysched table "FactorScheduler(step=250, factor=0.5, base_lr=1)" -n 1000 --format csv
    cysched tutorial -o figures/
    cysched info

Specs are parsed with :mod:`ast` (see :mod:`cysched._spec`), never evaluated.
A bad spec, argument or output path prints one ``cysched: error: ...`` line
on stderr and exits with status 2.

>>> main(["table", "FactorScheduler(step=2, factor=0.5, base_lr=1)", "-n", "3"])
num_update,lr
1,1.0
2,1.0
3,0.5
0
"""
import argparse
import json
import math
import os
import platform
import sys
import textwrap
from pathlib import Path

from cysched import _extras
from cysched._spec import FAILURES, SpecError, build

__all__ = ["main", "tutorial_schedules", "TutorialCosineScheduler"]

FORMATS = ("png", "svg", "pdf")

#: Most points a figure shows (each costs memory in NumPy and matplotlib).
MAX_PLOTTED = 10 ** 7

#: Last ``num_update`` a table reaches: every update up to 2**53 is exact.
MAX_UPDATE = 2 ** 53

#: Rows a table computes before it writes them.
ROWS_AT_ONCE = 4096


class CliError(Exception):
    """A user error: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        # "cysched: error:" for a subcommand too, as every other failure.
        self.exit(2, "cysched: error: %s (see '%s --help')\n" % (message, self.prog))


def _whole(text, low, high):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a whole number, got %r" % text) from None
    if value < low:
        raise argparse.ArgumentTypeError("must be >= %d, got %d" % (low, value))
    if value > high:
        raise argparse.ArgumentTypeError("must be at most %d, got %d" % (high, value))
    return value


def _count(text):
    return _whole(text, 1, MAX_UPDATE)


def _plotted(text):
    return _whole(text, 1, MAX_PLOTTED)


def _start(text):
    return _whole(text, 0, MAX_UPDATE)


class TutorialCosineScheduler(object):
    """The tutorial's custom schedule: a cosine decay written as a callable class.

    >>> TutorialCosineScheduler(base_lr=1, final_lr=0, max_update=2)(1)
    0.5
    """

    def __init__(self, base_lr, final_lr, max_update):
        self.base_lr = base_lr
        self.final_lr = final_lr
        self.max_update = max_update

    def __call__(self, iteration):
        if iteration <= self.max_update:
            unit = (1 + math.cos(iteration * math.pi / self.max_update)) / 2
            return (unit * (self.base_lr - self.final_lr)) + self.final_lr
        return self.final_lr


def tutorial_schedules():
    """The six schedules the tutorial plots, in order, in the state it plots them.

    Returns ``[(name, title, schedule)]``.  The FactorScheduler is the one the
    tutorial first calls at 1, 250, 251 and 501 and then hands to
    ``optimizer.SGD(learning_rate=0.1, ...)``, which sets its ``base_lr`` to 0.1.

    >>> [name for name, _, _ in tutorial_schedules()]
    ['factor', 'multifactor', 'poly', 'cosine', 'cosine_warmup', 'custom_cosine']
    """
    from cysched import lr_scheduler as ls
    factor = ls.FactorScheduler(base_lr=1, step=250, factor=0.5)
    for n in (1, 250, 251, 501):
        factor(n)
    factor.base_lr = 0.1
    return [
        ("factor", "FactorScheduler(base_lr=1, step=250, factor=0.5)\n"
                   "after SGD(learning_rate=0.1, lr_scheduler=scheduler)", factor),
        ("multifactor", "MultiFactorScheduler(base_lr=1, step=[250, 750, 900], factor=0.5)",
         ls.MultiFactorScheduler(base_lr=1, step=[250, 750, 900], factor=0.5)),
        ("poly", "PolyScheduler(base_lr=1, final_lr=1e-3, max_update=800, pwr=2)",
         ls.PolyScheduler(base_lr=1, final_lr=1e-3, max_update=800, pwr=2)),
        ("cosine", "CosineScheduler(base_lr=1, final_lr=1e-3, max_update=800)",
         ls.CosineScheduler(base_lr=1, final_lr=1e-3, max_update=800)),
        ("cosine_warmup", "CosineScheduler(base_lr=1, final_lr=1e-3, max_update=800,\n"
                          "warmup_steps=100, warmup_begin_lr=0, warmup_mode='linear')",
         ls.CosineScheduler(base_lr=1, final_lr=1e-3, max_update=800, warmup_steps=100,
                            warmup_begin_lr=0, warmup_mode='linear')),
        ("custom_cosine", "custom CosineScheduler class (base_lr=1, final_lr=1e-3, "
                          "max_update=800)",
         TutorialCosineScheduler(base_lr=1, final_lr=1e-3, max_update=800)),
    ]


def _specs(texts):
    return [build(text) for text in texts]


def _matplotlib_figure():
    """matplotlib's ``Figure`` class, or a CliError saying what to install."""
    try:
        return _extras.require("matplotlib.figure", "plotting").Figure
    except ImportError as exc:
        raise CliError(str(exc)) from None


def _figure():
    fig = _matplotlib_figure()(figsize=(6.4, 4.8), layout="constrained")
    return fig, fig.add_subplot()


def _save(fig, path, fmt):
    import matplotlib
    metadata = {"png": {"Software": None}, "svg": {"Date": None},
                "pdf": {"CreationDate": None}}[fmt]
    try:
        with matplotlib.rc_context({"svg.hashsalt": "cysched"}):
            fig.savefig(path, format=fmt, metadata=metadata)
    except OSError as exc:
        raise CliError("cannot write %r: %s" % (str(path), exc.strerror or exc)) from None
    except Exception as exc:
        # matplotlib's own errors (a title that is bad mathtext raises pyparsing's).
        raise CliError("cannot draw the figure: %s: %s" % (type(exc).__name__, exc)) from None


def _plot_one(schedules, path, fmt, num_iterations, labels=None, title=None):
    from cysched._plot import plot
    fig, ax = _figure()
    kwargs = {"s": 8} if labels else {}
    try:
        plot(schedules, num_iterations, ax=ax, label=labels, title=title, **kwargs)
    except FAILURES as exc:
        raise CliError("evaluating the schedule failed: %s: %s" % (type(exc).__name__, exc)
                       ) from None
    if title is not None:
        ax.title.set_fontsize(9)
    if labels:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize="small",
                  markerscale=2, frameon=False)
    _save(fig, path, fmt)


def _plot_grid(schedules, specs, path, fmt, num_iterations, title=None):
    """One panel per schedule, titled with its spec, three panels a row."""
    from cysched._plot import plot
    fig, _ = _figure()
    fig.clear()
    cols = min(3, len(schedules))
    rows = -(-len(schedules) // cols)
    fig.set_size_inches(4.2 * cols, 3.2 * rows)
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax, schedule, spec in zip(axes, schedules, specs):
        try:
            plot(schedule, num_iterations, ax=ax, s=3)
        except FAILURES as exc:
            raise CliError("evaluating %s failed: %s: %s" % (spec, type(exc).__name__, exc)
                           ) from None
        ax.set_title(textwrap.fill(spec, 60), fontsize=7)
        ax.xaxis.label.set_fontsize(7)
        ax.yaxis.label.set_fontsize(7)
    for ax in axes[len(schedules):]:
        ax.set_visible(False)
    if title is not None:
        fig.suptitle(title)
    _save(fig, path, fmt)


def _cmd_plot(args):
    schedules = _specs(args.specs)
    path = Path(args.output)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise CliError("cannot write %r: unsupported format %r; use a .png, .svg or .pdf "
                       "file name" % (args.output, path.suffix or "(no suffix)"))
    specs = [s.strip() for s in args.specs]
    if args.grid:
        _plot_grid(schedules, specs, path, fmt, args.num_iterations, title=args.title)
    elif len(schedules) == 1:
        _plot_one(schedules[0], path, fmt, args.num_iterations, title=args.title or specs[0])
    else:
        _plot_one(schedules, path, fmt, args.num_iterations, labels=specs, title=args.title)
    print(path)
    return 0


def _cmd_table(args):
    schedule = build(args.spec)
    last = args.start + args.num_iterations - 1
    if last > MAX_UPDATE:
        raise CliError("--start + --num-iterations - 1 must be at most 2**53 = %d, got %d"
                       % (MAX_UPDATE, last))
    # Written a block at a time: memory stays bounded, and a bad first block
    # (where errors usually are) writes nothing.
    json_out = args.format == "json"
    head, between = ("[", ", ") if json_out else ("num_update,lr\n", "")
    out = sys.stdout
    for start in range(args.start, last + 1, ROWS_AT_ONCE):
        rows = _rows(args.spec, schedule, start, min(start + ROWS_AT_ONCE, last + 1))
        if json_out:
            text = ", ".join(json.dumps({"num_update": n, "lr": lr}) for n, lr in rows)
        else:
            text = "".join("%d,%r\n" % row for row in rows)
        out.write((head if start == args.start else between) + text)
    if json_out:
        out.write("]\n")
    out.flush()
    return 0


def _rows(spec, schedule, start, stop):
    """``(n, lr)`` for ``start <= n < stop``; a failing update names itself."""
    rows = []
    for n in range(start, stop):
        try:
            rows.append((n, float(schedule(n))))
        except FAILURES as exc:
            raise CliError("%s at num_update=%d: %s: %s"
                           % (spec.strip(), n, type(exc).__name__, exc)) from None
    return rows


def _cmd_tutorial(args):
    _matplotlib_figure()   # before creating the directory: no empty folder left on failure
    directory = Path(args.output)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError("cannot create directory %r: %s"
                       % (str(directory), exc.strerror or exc)) from None
    for name, title, schedule in tutorial_schedules():
        path = directory / ("%s.%s" % (name, args.format))
        _plot_one(schedule, path, args.format, args.num_iterations, title=title)
        print(path)
    return 0


def _version(dist):
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:
        return None
    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def _cmd_info(args):
    import cysched
    compiled = getattr(cysched, "COMPILED", False)
    reason = getattr(cysched, "IMPORT_ERROR", None)
    if compiled:
        implementation = "compiled (Cython extension)"
    elif reason:
        implementation = "pure Python (extension not used: %s)" % reason
    else:
        implementation = "pure Python"
    numpy_version = _version("numpy")
    mpl_version = _version("matplotlib")
    lines = [
        "cysched %s" % getattr(cysched, "__version__", "unknown"),
        "implementation: %s" % implementation,
        "python: %s (%s) %s" % (platform.python_version(),
                                platform.python_implementation(), sys.executable),
        "platform: %s" % platform.platform(),
        "numpy: %s" % (numpy_version or "not installed (evaluate, cysched.optimizer: %s)"
                       % _extras.install_command("numpy")),
        "matplotlib: %s" % (mpl_version or "not installed (plotting: %s)"
                            % _extras.install_command("plot")),
    ]
    print("\n".join(lines))
    return 0


def _parser():
    parser = _Parser(prog="cysched", description="MXNet 1.9.1's learning-rate schedules: "
                     "plot them, tabulate them, render the tutorial's figures.")
    import cysched
    parser.add_argument("--version", action="version",
                        version="cysched %s" % getattr(cysched, "__version__", "unknown"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("plot", help="plot one or more schedules to a PNG, SVG or PDF file",
                       description="Plot schedules; several specs overlay with a legend. "
                       "The format follows the output suffix (.png, .svg, .pdf).")
    p.add_argument("specs", nargs="+", metavar="SPEC",
                   help='e.g. "CosineScheduler(max_update=800, base_lr=1, final_lr=1e-3)"')
    p.add_argument("-n", "--num-iterations", type=_plotted, default=1000,
                   help="iterations to plot, from 1 (default 1000, at most 10**7)")
    p.add_argument("-o", "--output", required=True, help="output file: .png, .svg or .pdf")
    p.add_argument("--title", help="figure title (default: the spec, for one spec)")
    p.add_argument("--grid", action="store_true",
                   help="one panel per SPEC instead of overlaying them")
    p.set_defaults(func=_cmd_plot)

    t = sub.add_parser("table", help="print one num_update,lr row per update",
                       description="Print the learning rate of each update as exact "
                       "floats (Python repr), as CSV or JSON.")
    t.add_argument("spec", metavar="SPEC")
    t.add_argument("-n", "--num-iterations", type=_count, default=1000,
                   help="number of rows (default 1000)")
    t.add_argument("--start", type=_start, default=1, help="first num_update (default 1)")
    t.add_argument("--format", choices=("csv", "json"), default="csv")
    t.set_defaults(func=_cmd_table)

    u = sub.add_parser("tutorial", help="write every figure of the tutorial into a directory",
                       description="Write the six figures of the 'Schedule Learning Rate' "
                       "tutorial into DIR.")
    u.add_argument("-o", "--output", default="tutorial-figures", metavar="DIR",
                   help="directory to write into (created if needed; default "
                   "tutorial-figures)")
    u.add_argument("--format", choices=FORMATS, default="png")
    u.add_argument("-n", "--num-iterations", type=_plotted, default=1000,
                   help="iterations per figure (default 1000)")
    u.set_defaults(func=_cmd_tutorial)

    i = sub.add_parser("info", help="version, compiled or pure Python, Python and platform")
    i.set_defaults(func=_cmd_info)
    return parser


def _fail(message):
    message = " ".join(str(message).split())
    sys.stderr.write("cysched: error: %s\n" % message)
    return 2


def main(argv=None):
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except (SpecError, CliError) as exc:
        return _fail(exc)
    except MemoryError:
        return _fail("out of memory")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
