"""The suite runs against the installed package, and says which twin it got."""
import ast
import inspect
import os
import pathlib
import subprocess
import sys

import pytest

import cysched
from cysched import _lr_scheduler_py, lr_scheduler

REPO = pathlib.Path(__file__).resolve().parent.parent


def test_tests_import_the_installed_package():
    assert pathlib.Path(cysched.__file__).resolve().parent != REPO / "cysched", (
        "the source tree shadows the installed package: run `pytest`, not "
        "`python -m pytest`, from the repository root")


@pytest.mark.skipif(os.environ.get("CYSCHED_REQUIRE_EXTENSIONS", "") in ("", "0"),
                    reason="CYSCHED_REQUIRE_EXTENSIONS is not set: either build may be installed")
def test_required_extension_is_really_loaded():
    assert cysched.COMPILED, cysched.IMPORT_ERROR
    assert lr_scheduler.FactorScheduler.__module__ == "cysched._lr_scheduler_c"


def test_compiled_flag_matches_the_classes():
    module = lr_scheduler.CosineScheduler.__module__
    assert module == ("cysched._lr_scheduler_c" if cysched.COMPILED
                      else "cysched._lr_scheduler_py")
    assert (cysched.IMPORT_ERROR is None) == cysched.COMPILED


def test_no_extensions_env_forces_the_twin():
    code = "import cysched; print(cysched.COMPILED, cysched.IMPORT_ERROR)"
    env = dict(os.environ, CYSCHED_NO_EXTENSIONS="1")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=os.path.dirname(__file__), check=True)
    assert out.stdout.strip() == "False CYSCHED_NO_EXTENSIONS is set"


def test_stub_matches_the_real_signatures():
    stub = pathlib.Path(lr_scheduler.__file__).with_suffix(".pyi")
    assert stub.exists() and (stub.parent / "py.typed").exists()
    tree = ast.parse(stub.read_text())
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    for name in _lr_scheduler_py.__all__:
        init = next(n for n in classes[name].body
                    if isinstance(n, ast.FunctionDef) and n.name == "__init__")
        stub_args = [a.arg for a in init.args.args[1:]]
        real = list(inspect.signature(getattr(_lr_scheduler_py, name)).parameters)
        assert stub_args == real, name


def test_pure_classes_need_no_cython():
    """A pure-Python install runs the one-source families with cysched._cython
    standing in for Cython (here Cython is hidden from the import system)."""
    code = ("import sys\n"
            "sys.modules['cython'] = None\n"
            "import cysched._cython, cysched.lr_scheduler as L\n"
            "assert not L.COMPILED\n"
            "for name in L.__all__:\n"
            "    getattr(L, name)\n"
            "s = L.Warmup(L.SequentialScheduler([L.LinearScheduler(10), L.ConstantScheduler()],"
            " [10]), 3)\n"
            "print(s(1), s(12), s.evaluate([1, 12]).tolist())\n"
            "assert L.LinearScheduler.__module__ == 'cysched._shapes'\n")
    env = dict(os.environ, CYSCHED_NO_EXTENSIONS="1")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=os.path.dirname(__file__))
    assert out.returncode == 0, out.stderr
    first, twelfth, table = out.stdout.split(" ", 2)
    assert float(first) < float(twelfth)
