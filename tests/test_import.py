"""Importing cysched loads neither NumPy, matplotlib nor logging (nor torch, jax)."""
import os
import subprocess
import sys

import pytest

HEAVY = ("numpy", "matplotlib", "logging", "torch", "jax")
PROBE = ("{statement}\nimport sys\nprint(','.join(sorted(m for m in {heavy!r} "
         "if m in sys.modules)))")


@pytest.mark.parametrize("statement", ["import cysched", "import cysched.lr_scheduler",
                                       "from cysched import lr_scheduler",
                                       "from cysched import evaluate",
                                       "import cysched._lr_scheduler_py"])
@pytest.mark.parametrize("twin", ["compiled", "pure"])
def test_import_is_light(statement, twin):
    env = dict(os.environ)
    env.pop("PYTHONSTARTUP", None)
    if twin == "pure":
        env["CYSCHED_NO_EXTENSIONS"] = "1"
    out = subprocess.run([sys.executable, "-c", PROBE.format(statement=statement, heavy=HEAVY)],
                         capture_output=True, text=True, env=env, check=True,
                         cwd=os.path.dirname(__file__))
    assert out.stdout.strip() == "", "%s imported %s" % (statement, out.stdout.strip())


def test_calls_and_errors_stay_light():
    code = ("from cysched import lr_scheduler\n"
            "s = lr_scheduler.FactorScheduler(step=2, factor=0.5, base_lr=1)\n"
            "[s(n) for n in range(100)]\n"
            "try:\n    s(float('nan'))\nexcept ValueError:\n    pass\n"
            "import sys\nprint(','.join(m for m in %r if m in sys.modules))" % (HEAVY,))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=os.path.dirname(__file__))
    assert out.stdout.strip() == ""


def test_evaluate_imports_numpy_only_when_called():
    pytest.importorskip("numpy")
    code = ("import sys, cysched\nf = cysched.evaluate\nassert 'numpy' not in sys.modules\n"
            "print(f(lambda n: 2 * n, [1, 2]).tolist(), 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=os.path.dirname(__file__))
    assert out.stdout.strip() == "[2.0, 4.0] True"
