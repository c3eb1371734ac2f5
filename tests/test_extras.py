"""A missing optional dependency says which extra installs it, both ways.

Each case runs in a subprocess where the dependency is hidden from the import
system (``sys.modules[name] = None``), so it holds whatever is installed.
"""
import os
import subprocess
import sys

import pytest

from cysched import _extras

HERE = os.path.dirname(os.path.abspath(__file__))

CASES = {
    "optimizer": ("numpy", "numpy", "from cysched import lr_scheduler, optimizer"),
    "evaluate": ("numpy", "numpy", "import cysched\ncysched.evaluate(lambda n: n, [1, 2])"),
    "mxnet-evaluate": ("numpy", "numpy", ("from cysched import lr_scheduler as L\n"
                                          "L.CosineScheduler(10).evaluate([1, 2])")),
    "family-evaluate": ("numpy", "numpy", ("from cysched import lr_scheduler as L\n"
                                           "L.Warmup(L.LinearScheduler(10), 2).evaluate([1, 2])")),
    "plot": ("matplotlib", "plot", "import cysched\ncysched.plot(lambda n: 0.1, 3)"),
    "torch": ("torch", "torch", "import cysched.torch\ncysched.torch.LRScheduler"),
    "jax": ("jax", "jax", "import cysched.jax\ncysched.jax.schedule(lambda n: 0.1, 3, past_end='hold')"),
    "keras": ("keras", "keras", "import cysched.keras\ncysched.keras.LearningRateSchedule"),
}

PROBE = """\
import sys
sys.modules[{hidden!r}] = None
try:
{body}
except ModuleNotFoundError as exc:
    print(exc.name)
    print(exc)
else:
    print("no error")
"""


def _run(code, *args, env=None, cwd=HERE):
    return subprocess.run([sys.executable, "-c", code] + list(args), capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300)


@pytest.mark.parametrize("twin", ["compiled", "pure"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_missing_dependency_names_the_extra(case, twin):
    hidden, extra, statement = CASES[case]
    env = dict(os.environ, CYSCHED_NO_EXTENSIONS="1" if twin == "pure" else "")
    body = "\n".join("    " + line for line in statement.splitlines())
    proc = _run(PROBE.format(hidden=hidden, body=body), env=env)
    assert proc.returncode == 0, proc.stderr
    name, message = proc.stdout.strip().split("\n", 1)
    assert name == hidden
    assert 'pip install "cysched[%s]"' % extra in message
    assert 'pip install ".[%s]"' % extra in message


def test_every_extra_named_is_declared():
    tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11")
    root = os.path.dirname(HERE)
    with open(os.path.join(root, "pyproject.toml"), "rb") as f:
        declared = tomllib.load(f)["project"]["optional-dependencies"]
    for module, extra in _extras.EXTRAS.items():
        assert any(req.startswith(module) for req in declared[extra]), (module, extra)


def test_a_broken_installed_package_keeps_its_own_error(tmp_path):
    (tmp_path / "brokenpkg.py").write_text("import cysched_missing_dependency_of_brokenpkg\n")
    code = ("import sys\nsys.path.insert(0, sys.argv[1])\nfrom cysched import _extras\n"
            "try:\n    _extras.require('brokenpkg', 'a feature')\n"
            "except ModuleNotFoundError as exc:\n    print(exc.name)\n")
    proc = _run(code, str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "cysched_missing_dependency_of_brokenpkg"


def test_cli_without_matplotlib_leaves_no_folder(tmp_path):
    code = ("import sys\nsys.modules['matplotlib'] = None\nfrom cysched.cli import main\n"
            "sys.exit(main(['tutorial', '-o', sys.argv[1]]))")
    out = tmp_path / "figures"
    proc = _run(code, str(out))
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("cysched: error: plotting needs matplotlib")
    assert 'pip install "cysched[plot]"' in proc.stderr
    assert not out.exists()
