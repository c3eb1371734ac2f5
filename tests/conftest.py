"""Every test taking ``impl`` runs once per implementation: compiled and pure."""
import os

import pytest

import cysched
from cysched import _lr_scheduler_py


def pytest_addoption(parser):
    parser.addoption("--no-c-extensions", action="store_true", default=False,
                     help="run only the pure-Python twin")


def _compiled():
    try:
        from cysched import _lr_scheduler_c
    except ImportError:
        return None
    return _lr_scheduler_c


def pytest_generate_tests(metafunc):
    if "impl" in metafunc.fixturenames:
        params = ["py"]
        if not metafunc.config.getoption("--no-c-extensions"):
            params.insert(0, "c")
        metafunc.parametrize("impl", params, indirect=True)


@pytest.fixture
def impl(request):
    """The implementation module: ``cysched._lr_scheduler_c`` or ``_lr_scheduler_py``."""
    if request.param == "py":
        return _lr_scheduler_py
    module = _compiled()
    if module is None:
        if os.environ.get("CYSCHED_REQUIRE_EXTENSIONS", "") not in ("", "0"):
            pytest.fail("CYSCHED_REQUIRE_EXTENSIONS is set but the extension "
                        "did not import: %s" % cysched.IMPORT_ERROR)
        pytest.skip("compiled extension not built (pure-Python install): %s"
                    % cysched.IMPORT_ERROR)
    return module


@pytest.fixture
def compiled():
    module = _compiled()
    if module is None:
        pytest.skip("compiled extension not built: %s" % cysched.IMPORT_ERROR)
    return module


@pytest.fixture
def pure():
    return _lr_scheduler_py
