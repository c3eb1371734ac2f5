"""Every test taking ``impl`` runs once per implementation: compiled and pure.

``impl`` is a namespace holding every public class of one implementation:
the MXNet schedulers and, where built, the newer families.
"""
import importlib
import os
import types

import pytest

import cysched
from cysched import _modules

#: Pure-Python twin modules and their compiled counterparts.
TWINS = {
    "cysched._lr_scheduler_py": "cysched._lr_scheduler_c",
    **dict(_modules.FAMILIES),
}


def pytest_addoption(parser):
    parser.addoption("--no-c-extensions", action="store_true", default=False,
                     help="run only the pure-Python twin")


def _require_extensions():
    return os.environ.get("CYSCHED_REQUIRE_EXTENSIONS", "") not in ("", "0")


def _namespace(names):
    space = types.SimpleNamespace()
    for name in names:
        module = importlib.import_module(name)
        for attr in module.__all__:
            setattr(space, attr, getattr(module, attr))
    space.__name__ = names[0] if names else "none"
    return space


def pure_families():
    """The pure-Python families, as one namespace."""
    return _namespace([pure for pure, _ in _modules.FAMILIES])


def _pure_modules():
    found = []
    for name in TWINS:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        found.append(name)
    return found


def _compiled_namespace():
    try:
        return _namespace([TWINS[name] for name in _pure_modules()])
    except ImportError as exc:
        if _require_extensions():
            pytest.fail("CYSCHED_REQUIRE_EXTENSIONS is set but the extension did "
                        "not import: %s" % exc)
        pytest.skip("compiled extension not built (pure-Python install): %s" % exc)


def pytest_generate_tests(metafunc):
    if "impl" in metafunc.fixturenames:
        params = ["py"]
        if not metafunc.config.getoption("--no-c-extensions"):
            params.insert(0, "c")
        metafunc.parametrize("impl", params, indirect=True)


@pytest.fixture
def impl(request):
    """All public classes of one implementation (compiled "c" or pure "py")."""
    if request.param == "py":
        return _namespace(_pure_modules())
    return _compiled_namespace()


@pytest.fixture
def compiled(request):
    if request.config.getoption("--no-c-extensions"):
        pytest.skip("--no-c-extensions")
    return _compiled_namespace()


@pytest.fixture
def pure():
    return _namespace(_pure_modules())
