"""The ``cysched`` command line: plot, table, tutorial, info, and its errors."""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cysched
from cysched import lr_scheduler
from cysched._spec import SpecError, build, parse
from cysched.cli import main

#: Subprocesses run here, so ``python -m`` imports the installed package, not
#: a ``cysched/`` folder in the working directory.
HERE = str(Path(__file__).resolve().parent)
COSINE = "CosineScheduler(max_update=800, base_lr=1, final_lr=1e-3, warmup_steps=100)"
POLY = "PolyScheduler(max_update=800, base_lr=1, final_lr=1e-3)"


def run(*args, cwd=None):
    """``python -m cysched ARGS`` in a subprocess."""
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.run([sys.executable, "-m", "cysched"] + list(args), cwd=cwd or HERE,
                          capture_output=True, text=True, env=env, timeout=300)


def needs_matplotlib():
    """Skip without matplotlib; load its fonts now (a first run logs a notice)."""
    pytest.importorskip("matplotlib", reason="plotting needs matplotlib "
                                             "(pip install 'cysched[plot]')")
    import matplotlib.figure  # noqa: F401


# -- specs ---------------------------------------------------------------------------

def test_parse_spec_literals():
    assert parse("  MultiFactorScheduler(step=[250, 750], factor=0.5, base_lr=-1e-3) ") == (
        "MultiFactorScheduler", (), {"step": [250, 750], "factor": 0.5, "base_lr": -1e-3})
    assert parse("lr_scheduler.FactorScheduler(250)") == ("FactorScheduler", (250,), {})
    assert parse("mx.lr_scheduler.CosineScheduler(max_update=5, warmup_mode='constant')") \
        == ("CosineScheduler", (), {"max_update": 5, "warmup_mode": "constant"})


def test_build_spec_equals_direct_construction():
    sched = build(COSINE)
    twin = lr_scheduler.CosineScheduler(max_update=800, base_lr=1, final_lr=1e-3,
                                        warmup_steps=100)
    assert type(sched) is type(twin)
    assert [sched(i) for i in range(1, 1001)] == [twin(i) for i in range(1, 1001)]


@pytest.mark.parametrize("spec, text", [
    ("", "empty spec"),
    ("CosineScheduler(max_update=800", "not valid syntax"),
    ("CosineScheduler", "expected a call with arguments"),
    ("1 + 2", "expected a call"),
    ("Foo(step=2)", "unknown scheduler class 'Foo'"),
    ("LRScheduler()", "abstract base class"),
    ("os.FactorScheduler(step=2)", "unknown module 'os'"),
    ("__import__('os').system('echo hacked')", "expected a scheduler class name"),
    ("FactorScheduler(step=__import__('os').getpid())", "argument step must be a literal"),
    ("FactorScheduler(step=2 * 3)", "argument step must be a literal"),
    ("FactorScheduler(*[2])", "*arguments are not allowed"),
    ("FactorScheduler(**{'step': 2})", "**arguments are not allowed"),
    ("FactorScheduler(step=0)", "ValueError: Schedule step must be greater or equal than "
                                "1 round"),
    ("FactorScheduler(step=2, bogus=1)", "TypeError:"),
    ("CosineScheduler(max_update=8.5)", "AssertionError:"),
])
def test_bad_specs_raise_specerror(spec, text):
    with pytest.raises(SpecError) as info:
        build(spec)
    assert text in str(info.value)
    assert "\n" not in str(info.value)


# -- table -----------------------------------------------------------------------------

def test_table_csv_exact_floats(capsys):
    assert main(["table", COSINE, "-n", "1000"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    twin = build(COSINE)
    assert rows[0] == ["num_update", "lr"] and len(rows) == 1001
    assert [int(r[0]) for r in rows[1:]] == list(range(1, 1001))
    expected = [float(twin(i)) for i in range(1, 1001)]
    assert [r[1] for r in rows[1:]] == [repr(x) for x in expected]
    assert [float(r[1]).hex() for r in rows[1:]] == [x.hex() for x in expected]


def test_table_json_and_start(capsys):
    spec = "FactorScheduler(step=250, factor=0.5, base_lr=1)"
    assert main(["table", spec, "-n", "3", "--start", "500", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"num_update": 500, "lr": 0.5}, {"num_update": 501, "lr": 0.25},
        {"num_update": 502, "lr": 0.25}]


def test_table_runs_as_module():
    proc = run("table", "PolyScheduler(max_update=4, base_lr=1, pwr=1)", "-n", "5")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "num_update,lr\n1,0.75\n2,0.5\n3,0.25\n4,0.0\n5,0.0\n"


def test_console_script_is_installed():
    script = shutil.which("cysched", path=str(Path(sys.executable).parent)) or \
        shutil.which("cysched")
    assert script, "the 'cysched' console script is not installed"
    proc = subprocess.run([script, "table", "FactorScheduler(step=1, factor=0.5, "
                           "base_lr=1)", "-n", "3"], capture_output=True, text=True,
                          cwd=HERE, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[1:] == ["1,1.0", "2,0.5", "3,0.25"]


# -- errors: one line on stderr, status 2, no traceback ------------------------------------

@pytest.mark.parametrize("args, text", [
    (["table", "Nope(step=1)"], "unknown scheduler class 'Nope'"),
    (["table", "FactorScheduler(step="], "not valid syntax"),
    (["table", "FactorScheduler(step=0)"], "Schedule step must be greater or equal"),
    (["table", "FactorScheduler(step=open('x'))"], "must be a literal"),
    (["table", "CosineScheduler(max_update=8)", "-n", "0"], "must be >= 1, got 0"),
    (["table", "CosineScheduler(max_update=8)", "--start", "x"], "expected a whole number"),
    (["table", "CosineScheduler(max_update=8)", "--format", "xml"], "invalid choice"),
    (["plot", "Nope()", "-o", "x.png"], "unknown scheduler class 'Nope'"),
    (["plot", COSINE, "-o", "figure.jpg"], "unsupported format '.jpg'"),
    (["plot", COSINE], "required: -o/--output"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    ([], "required: COMMAND"),
])
def test_errors_are_one_line_and_exit_2(args, text, capsys):
    assert status_of(args) == 2
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("cysched") and "error:" in lines[0]
    assert text in lines[0]
    assert "Traceback" not in err


def status_of(args):
    """``main``'s exit status, whether returned or raised by argparse."""
    try:
        return main(args)
    except SystemExit as exc:
        return exc.code


def test_argparse_errors_exit_2_in_a_subprocess():
    proc = run("table", COSINE, "-n", "zero")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.splitlines()) == 1
    assert "expected a whole number, got 'zero'" in proc.stderr


def test_bad_spec_exit_2_in_a_subprocess():
    proc = run("table", "CosineScheduler(max_update=800, base_lr='one')")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("cysched: error: CosineScheduler(max_update=800, "
                                  "base_lr='one'): TypeError: ")
    assert "base_lr" in proc.stderr.split("TypeError: ", 1)[1]
    assert len(proc.stderr.splitlines()) == 1


def test_unwritable_output_exit_2(tmp_path, capsys):
    needs_matplotlib()
    capsys.readouterr()
    missing = tmp_path / "no" / "such" / "dir" / "cosine.svg"
    assert main(["plot", COSINE, "-o", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == ["cysched: error: cannot write %r: No such file or directory"
                                % str(missing)]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["tutorial", "-o", str(blocker / "sub")]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "cannot create directory" in err


# -- plot --------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".PNG", b"\x89PNG"),
                                           (".svg", b"<?xml"), (".pdf", b"%PDF")])
def test_plot_writes_format_by_suffix(tmp_path, suffix, magic, capsys):
    needs_matplotlib()
    out = tmp_path / ("cosine" + suffix)
    assert main(["plot", COSINE, "-n", "200", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(magic)
    assert capsys.readouterr().out == str(out) + "\n"


def test_plot_overlays_specs_with_labels(tmp_path, monkeypatch):
    needs_matplotlib()
    import cysched.cli as cli
    saved = []
    monkeypatch.setattr(cli, "_save", lambda fig, path, fmt: saved.append(fig))
    assert main(["plot", COSINE, POLY, "-n", "300", "-o", str(tmp_path / "x.svg")]) == 0
    (ax,) = saved[0].axes
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [COSINE, POLY]
    assert [len(c.get_offsets()) for c in ax.collections] == [300, 300]
    ys = [float(y) for y in ax.collections[1].get_offsets()[:, 1]]
    assert [y.hex() for y in ys] == [float(build(POLY)(i)).hex() for i in range(1, 301)]


def test_plot_grid_draws_one_panel_per_spec(tmp_path, monkeypatch):
    needs_matplotlib()
    import cysched.cli as cli
    saved = []
    monkeypatch.setattr(cli, "_save", lambda fig, path, fmt: saved.append(fig))
    specs = [COSINE, POLY, COSINE, POLY]
    assert main(["plot", *specs, "--grid", "-n", "50", "-o", str(tmp_path / "g.png")]) == 0
    visible = [ax for ax in saved[0].axes if ax.get_visible()]
    assert [ax.get_title().replace("\n", " ") for ax in visible] == specs
    assert len(saved[0].axes) == 6 and all(len(ax.collections[0].get_offsets()) == 50
                                           for ax in visible)
    ys = [float(y) for y in visible[1].collections[0].get_offsets()[:, 1]]
    assert [y.hex() for y in ys] == [float(build(POLY)(i)).hex() for i in range(1, 51)]


def test_plot_svg_runs_as_module(tmp_path):
    needs_matplotlib()
    proc = run("plot", COSINE, "-o", "cosine.svg", cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "cosine.svg").read_text()
    assert text.count("<use ") >= 1000 and "<dc:date>" not in text


# -- tutorial and info -----------------------------------------------------------------------

def test_tutorial_writes_every_figure(tmp_path, capsys):
    needs_matplotlib()
    out = tmp_path / "figures"
    assert main(["tutorial", "-o", str(out)]) == 0
    names = ["factor", "multifactor", "poly", "cosine", "cosine_warmup", "custom_cosine"]
    written = capsys.readouterr().out.splitlines()
    assert written == [str(out / (n + ".png")) for n in names]
    for name in names:
        assert (out / (name + ".png")).read_bytes().startswith(b"\x89PNG")


def test_tutorial_svg_is_reproducible(tmp_path):
    needs_matplotlib()
    for sub in ("a", "b"):
        assert main(["tutorial", "-o", str(tmp_path / sub), "--format", "svg",
                     "-n", "50"]) == 0
    for name in ("factor", "custom_cosine"):
        assert (tmp_path / "a" / (name + ".svg")).read_bytes() == \
            (tmp_path / "b" / (name + ".svg")).read_bytes()


def test_info_reports_version_and_implementation():
    proc = run("info")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "cysched %s" % cysched.__version__
    implementation = lines[1]
    if cysched.COMPILED:
        assert implementation == "implementation: compiled (Cython extension)"
    else:
        assert implementation.startswith("implementation: pure Python")
        if cysched.IMPORT_ERROR:
            assert cysched.IMPORT_ERROR in implementation
    assert lines[2].startswith("python: %d.%d." % sys.version_info[:2])
    assert lines[3].startswith("platform: ")


def test_version_flag(capsys):
    assert status_of(["--version"]) == 0
    assert capsys.readouterr().out == "cysched %s\n" % cysched.__version__


def test_info_pure_python_reason():
    env = dict(os.environ, CYSCHED_NO_EXTENSIONS="1")
    proc = subprocess.run([sys.executable, "-m", "cysched", "info"], capture_output=True,
                          text=True, env=env, cwd=HERE, timeout=300)
    assert proc.returncode == 0, proc.stderr
    implementation = proc.stdout.splitlines()[1]
    assert implementation.startswith("implementation: pure Python (extension not used: ")
    assert "CYSCHED_NO_EXTENSIONS" in implementation


def test_import_cysched_stays_light():
    code = ("import sys, cysched, cysched.cli; "
            "print(sorted(m for m in ('numpy', 'matplotlib') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=HERE, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
