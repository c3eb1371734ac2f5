"""The user's tutorial runs as written, with only its import line changed.

The code blocks are taken from the tutorial text (``examples/``), run in order
like notebook cells with matplotlib's Agg backend, and their displayed values
and figures are compared with MXNet 1.9.1's.
"""
import ast
import builtins
import contextlib
import io
import json
import os
import re
import subprocess
import sys
import types
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "examples" / "schedule_learning_rate.md"
SCRIPT = ROOT / "examples" / "schedule_learning_rate.py"
VECTORS = ROOT / "tests" / "data" / "mxnet_lr_scheduler_vectors.json"
MXNET_IMPORT = "from mxnet import lr_scheduler, optimizer"
CYSCHED_IMPORT = "from cysched import lr_scheduler, optimizer"
OVERWRITE = ("learning rate from ``lr_scheduler`` has been overwritten by "
             "``learning_rate`` in optimizer.")
#: The tutorial's figures, in order, and the MXNet reference scenario of each.
FIGURES = ["tutorial-factor", "tutorial-multifactor", "tutorial-poly", "tutorial-cosine",
           "tutorial-cosine-warmup", None]


def code_blocks(text):
    """The ``{.python .input}`` blocks of the tutorial, in order."""
    return re.findall(r"^```\{\.python \.input\}\n(.*?)^```", text, re.S | re.M)


def cysched_blocks():
    blocks = code_blocks(TUTORIAL.read_text(encoding="utf-8"))
    assert sum(block.count(MXNET_IMPORT) for block in blocks) == 1
    return [block.replace(MXNET_IMPORT, CYSCHED_IMPORT) for block in blocks]


def ipython_stand_in():
    """An ``IPython`` module whose ``display.set_matplotlib_formats`` works.

    IPython's own function is used when it exists; IPython >= 8 and machines
    without IPython get a stand-in that records the requested formats.
    """
    calls = []
    real = None
    try:
        from IPython import display as real_display
        real = getattr(real_display, "set_matplotlib_formats", None)
    except ImportError:
        pass

    def set_matplotlib_formats(*formats, **kwargs):
        calls.append(formats)
        if real is not None:
            real(*formats, **kwargs)

    display = types.ModuleType("IPython.display")
    display.set_matplotlib_formats = set_matplotlib_formats
    ipython = types.ModuleType("IPython")
    ipython.display = display
    return ipython, calls


def run_cells(cells):
    """Run cells like a notebook; return ``[(stdout, value, figures)]`` per cell.

    ``value`` is the value of a final expression (what a notebook displays),
    ``figures`` the scatter points ``(xs, ys)`` of every figure the cell drew.
    """
    import matplotlib
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    ipython, calls = ipython_stand_in()
    real_import = builtins.__import__

    def tutorial_import(name, globals=None, locals=None, fromlist=(), level=0):
        if name == "IPython":
            return ipython
        return real_import(name, globals, locals, fromlist, level)

    namespace = {"__name__": "tutorial",
                 "__builtins__": dict(vars(builtins), __import__=tutorial_import)}
    plt.close("all")
    results = []
    for cell in cells:
        tree = ast.parse(cell)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        out = io.StringIO()
        value = None
        with contextlib.redirect_stdout(out), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*non-interactive.*")
            exec(compile(tree, "<tutorial>", "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), "<tutorial>", "eval"),
                             namespace)
        figures = []
        for number in plt.get_fignums():
            for ax in plt.figure(number).axes:
                for collection in ax.collections:
                    offsets = collection.get_offsets()
                    figures.append(([float(x) for x in offsets[:, 0]],
                                    [float(y) for y in offsets[:, 1]]))
        plt.close("all")
        results.append((out.getvalue(), value, figures))
    return results, namespace, calls


@pytest.fixture(scope="module")
def tutorial():
    pytest.importorskip("matplotlib", reason="the tutorial plots with matplotlib "
                                             "(pip install 'cysched[plot]')")
    return run_cells(cysched_blocks())


def _hex(values):
    return [float(v).hex() for v in values]


def _mxnet_sweep(case_id):
    cases = json.loads(VECTORS.read_text(encoding="utf-8"))["cases"]
    case = next(c for c in cases if c["scenario"]["id"] == case_id)
    return case["expected"]["results"][-1]["lrs"]


def test_tutorial_has_the_expected_cells():
    cells = cysched_blocks()
    assert len(cells) == 12
    assert cells[0].splitlines()[-1] == CYSCHED_IMPORT
    assert sum(cell.count("plot(") for cell in cells[6:]) == 6


def test_printed_values_equal_mxnet(tutorial):
    results, _, _ = tutorial
    values = [value for _, value, _ in results]
    assert values[2] == (1, 1, 0.5, 0.25)
    assert _hex(values[2]) == _hex([1, 1, 0.5, 0.25])
    assert values[4] == 0.1 and float(values[4]).hex() == (0.1).hex()
    assert results[3][0] == OVERWRITE + "\n"
    assert all(out == "" for i, (out, _, _) in enumerate(results) if i != 3)


def test_display_was_asked_for_svg(tutorial):
    _, _, calls = tutorial
    assert calls == [("svg",)] * 6


def test_each_plot_drew_the_scheduler_values(tutorial):
    from cysched import lr_scheduler
    results, namespace, _ = tutorial
    figures = [fig for _, _, figs in results for fig in figs]
    assert len(figures) == 6
    factor = lr_scheduler.FactorScheduler(base_lr=1, step=250, factor=0.5)
    for n in (1, 250, 251, 501):
        factor(n)
    factor.base_lr = 0.1
    fresh = [
        factor,
        lr_scheduler.MultiFactorScheduler(base_lr=1, step=[250, 750, 900], factor=0.5),
        lr_scheduler.PolyScheduler(base_lr=1, final_lr=1e-3, max_update=800, pwr=2),
        lr_scheduler.CosineScheduler(base_lr=1, final_lr=1e-3, max_update=800),
        lr_scheduler.CosineScheduler(base_lr=1, final_lr=1e-3, max_update=800,
                                     warmup_steps=100, warmup_begin_lr=0,
                                     warmup_mode='linear'),
        namespace["CosineScheduler"](base_lr=1, final_lr=1e-3, max_update=800),
    ]
    for (xs, ys), sched in zip(figures, fresh):
        assert xs == [float(i) for i in range(1, 1001)]
        assert _hex(ys) == _hex(sched(i) for i in range(1, 1001))


def test_figures_equal_mxnet_reference(tutorial):
    if not VECTORS.exists():
        pytest.skip("MXNet reference vectors not in this checkout: %s" % VECTORS)
    results, _, _ = tutorial
    figures = [fig for _, _, figs in results for fig in figs]
    for (_, ys), case_id in zip(figures, FIGURES):
        if case_id is not None:
            assert _hex(ys) == _hex(_mxnet_sweep(case_id)), case_id
    factor = figures[0][1]
    assert factor[:750] == [0.1] * 750 and factor[750:] == [0.05] * 250


def test_cli_tutorial_figures_are_the_tutorials(tutorial):
    from cysched.cli import tutorial_schedules
    results, _, _ = tutorial
    figures = [fig for _, _, figs in results for fig in figs]
    schedules = tutorial_schedules()
    assert len(schedules) == len(figures) == 6
    for (_, ys), (name, _, sched) in zip(figures, schedules):
        assert _hex(ys) == _hex(sched(i) for i in range(1, 1001)), name


def test_script_is_the_code_blocks_in_order():
    script = SCRIPT.read_text(encoding="utf-8")
    cells = script.split("\n# %%\n")[1:]
    assert cells == cysched_blocks()
    assert MXNET_IMPORT not in script


def test_script_runs(tmp_path):
    pytest.importorskip("matplotlib", reason="the tutorial plots with matplotlib")
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONWARNINGS="ignore")
    proc = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True,
                          cwd=str(tmp_path), env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == OVERWRITE + "\n"


def test_tutorial_copy_matches_the_seed():
    candidates = [ROOT.parent / "shared" / "seed", Path("/work/shared/seed")]
    seeds = [p / TUTORIAL.name for p in candidates if (p / TUTORIAL.name).exists()]
    if not seeds:
        pytest.skip("the seed tutorial is not beside this checkout")
    assert TUTORIAL.read_bytes() == seeds[0].read_bytes()
