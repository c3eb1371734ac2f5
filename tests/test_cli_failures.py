"""Every failure of the cysched command is one ``cysched: error:`` line and
status 2; ``table`` streams its rows."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cysched._spec import SCHEDULERS, SpecError, parse

HERE = str(Path(__file__).resolve().parent)


def run(*args, timeout=120):
    """``python -m cysched ARGS`` in a subprocess."""
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.run([sys.executable, "-m", "cysched"] + list(args), cwd=HERE,
                          capture_output=True, text=True, env=env, timeout=timeout)


def assert_one_error_line(proc, text):
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("cysched: error: ")
    assert text in lines[0]


@pytest.mark.parametrize("args, text", [
    (["table", "ConstantScheduler()", "-n", "many"], "expected a whole number, got 'many'"),
    (["plot", "ConstantScheduler()"], "required: -o/--output"),
    (["table", "PolyScheduler(max_update=10, pwr=-1)", "-n", "12"],
     "at num_update=10: ZeroDivisionError: "),
    (["table", "PolyScheduler(max_update=10, pwr=-1)", "-n", "12", "--format", "json"],
     "at num_update=10: ZeroDivisionError: "),
    (["table", "ConstantScheduler()", "-n", "9007199254740993"],
     "must be at most 9007199254740992, got 9007199254740993"),
    (["table", "ConstantScheduler()", "-n", "9007199254740992", "--start", "5"],
     "must be at most 2**53 = 9007199254740992, got 9007199254740996"),
    (["table", "ConstantScheduler()", "--start", str(2 ** 60)], "must be at most"),
    (["plot", "ConstantScheduler()", "-o", "x.png", "-n", "9007199254740992"],
     "must be at most 10000000, got 9007199254740992"),
    (["tutorial", "-n", "9007199254740992"], "must be at most 10000000"),
])
def test_arithmetic_errors_and_absurd_counts_are_one_line(args, text):
    proc = run(*args)
    assert_one_error_line(proc, text)
    assert proc.stdout == ""


def test_a_bad_mathtext_title_is_one_line(tmp_path):
    pytest.importorskip("matplotlib")
    proc = run("plot", "ConstantScheduler()", "-o", str(tmp_path / "x.png"),
               "--title", "$x^{$")
    assert_one_error_line(proc, "cannot draw the figure: ValueError")


def test_table_streams_and_a_closed_pipe_ends_quietly():
    # Ten million rows held at once take more than a gigabyte and many
    # seconds; streamed, the first line comes at once and the process ends
    # when head closes the pipe.
    code = ("import resource, subprocess, sys\n"
            "p = subprocess.Popen([sys.executable, '-m', 'cysched', 'table',\n"
            "                      'ConstantScheduler()', '-n', '10000000'],\n"
            "                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
            "first = p.stdout.readline()\n"
            "p.stdout.close()\n"
            "err = p.stderr.read()\n"
            "p.wait(timeout=60)\n"
            "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
            "print(first.decode().strip(), repr(err.decode()), peak)\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=HERE, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    first, err, peak = proc.stdout.split()
    assert first == "num_update,lr"
    assert err == "''"
    assert int(peak) < 200 * 1024        # kilobytes: far from the 1.3 GB of all rows


def test_streamed_json_equals_one_json_document():
    proc = run("table", "FactorScheduler(step=3, factor=0.5, base_lr=1)", "-n", "9000",
               "--format", "json", "--start", "2")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [row["num_update"] for row in rows] == list(range(2, 9002))
    assert proc.stdout == json.dumps(rows) + "\n"


def test_streamed_csv_has_every_row_once():
    proc = run("table", "CosineScheduler(max_update=5000, base_lr=1)", "-n", "9000")
    lines = proc.stdout.splitlines()
    assert lines[0] == "num_update,lr" and len(lines) == 9001
    assert [int(line.split(",")[0]) for line in lines[1:]] == list(range(1, 9001))


@pytest.mark.parametrize("spec", ["(1).real", "None.x", "os.system", "os.system(1)",
                                  "a.b.c(1)", "f()[0]"])
def test_hints_name_only_real_classes(spec):
    with pytest.raises(SpecError) as info:
        parse(spec)
    message = str(info.value)
    hints = [word.split("(")[0] for word in message.split() if word.endswith("(...)")]
    assert all(hint in SCHEDULERS for hint in hints), message
    assert "None(" not in message and "system(" not in message.replace(spec, "")


def test_a_known_class_in_an_unknown_module_is_hinted():
    with pytest.raises(SpecError, match=r"e\.g\. FactorScheduler\(\.\.\.\)"):
        parse("os.FactorScheduler(1)")
