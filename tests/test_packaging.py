"""What the sdist and the wheels ship: exactly what a user needs, nothing else.

These tests read the distributions in the folder ``CYSCHED_DIST`` names
(``nox -s packaging`` builds them there with ``python -m build``: the sdist,
the compiled wheel made from it, and a pure-Python wheel made without a C
compiler); they are skipped when it is not set.
"""
import email
import os
import pathlib
import re
import sysconfig
import tarfile
import zipfile

import pytest

from cysched import _modules

REPO = pathlib.Path(__file__).resolve().parent.parent
DIST = os.environ.get("CYSCHED_DIST")

pytestmark = pytest.mark.skipif(not DIST, reason="CYSCHED_DIST is not set: run "
                                "`nox -s packaging`, which builds the distributions")

PYTHONS = ("3.9", "3.10", "3.11", "3.12", "3.13")
DIST_INFO = {"METADATA", "WHEEL", "RECORD", "entry_points.txt", "licenses/LICENSE"}


def _one(pattern):
    found = sorted(pathlib.Path(DIST).glob(pattern))
    assert len(found) == 1, "expected one %s in %s, found %s" % (pattern, DIST, found)
    return found[0]


def _wheels():
    found = sorted(pathlib.Path(DIST).glob("cysched-*.whl"))
    assert found, "no wheel in %s" % DIST
    return found


def _package_files(suffixes):
    """The package's source files with these suffixes, as wheel paths."""
    return {"cysched/" + p.name for p in (REPO / "cysched").iterdir()
            if p.suffix in suffixes or p.name in suffixes}


def extension_modules():
    """Every compiled module: MXNet's classes and one per family module."""
    return ["_lr_scheduler_c"] + [compiled.rsplit(".", 1)[1]
                                  for _, compiled in _modules.FAMILIES]


def expected_wheel_files(compiled, ext_suffix):
    files = _package_files({".py", ".pyi", "py.typed"})
    if compiled:
        for module in extension_modules():
            files |= {"cysched/%s%s" % (module, ext_suffix), "cysched/%s.pxd" % module}
    return files


def _split(names):
    package, info = set(), set()
    for name in names:
        head, _, rest = name.partition("/")
        if head.endswith(".dist-info"):
            info.add(rest)
        else:
            package.add(name)
    return package, info


@pytest.mark.parametrize("wheel", _wheels() if DIST else [], ids=lambda p: p.name)
def test_wheel_ships_exactly_the_package(wheel):
    names = [n for n in zipfile.ZipFile(wheel).namelist() if not n.endswith("/")]
    package, info = _split(names)
    compiled = not wheel.name.endswith("-py3-none-any.whl")
    ext = re.search(r"(\.cpython-[^/]*\.so|\.pyd)$", next(
        (n for n in names if n.endswith((".so", ".pyd"))), "")) if compiled else None
    assert not compiled or ext, "%s has no extension module" % wheel.name
    assert package == expected_wheel_files(compiled, ext.group(1) if ext else "")
    assert info == DIST_INFO
    assert not [n for n in names if n.startswith("tests/") or n.endswith((".c", ".pyx"))]


def test_compiled_wheel_is_for_this_python():
    compiled = [w for w in _wheels() if not w.name.endswith("-py3-none-any.whl")]
    assert len(compiled) == 1
    names = zipfile.ZipFile(compiled[0]).namelist()
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    assert "cysched/_lr_scheduler_c%s" % suffix in names


def test_pure_wheel_is_universal():
    pure = [w for w in _wheels() if w.name.endswith("-py3-none-any.whl")]
    assert len(pure) == 1


def test_metadata():
    wheel = _wheels()[0]
    with zipfile.ZipFile(wheel) as zf:
        info = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        meta = email.message_from_bytes(zf.read(info))
    classifiers = meta.get_all("Classifier")
    supported = sorted(c.rsplit(" ", 1)[1] for c in classifiers
                       if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c))
    assert supported == sorted(PYTHONS)
    assert meta["Requires-Python"] == ">=%s" % PYTHONS[0]
    assert meta["License-Expression"] == "Apache-2.0"
    assert meta.get_all("License-File") == ["LICENSE"]
    assert meta.get_all("Project-URL")
    extras = set(meta.get_all("Provides-Extra"))
    assert {"numpy", "plot", "torch", "jax", "test"} <= extras
    assert meta["Version"] == _version()


def _version():
    text = (REPO / "cysched" / "__init__.py").read_text()
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)


def test_sdist_holds_what_builds_and_tests_the_package():
    sdist = _one("cysched-*.tar.gz")
    with tarfile.open(sdist) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    needed = {"pyproject.toml", "CMakeLists.txt", "README.md", "LICENSE", "PKG-INFO",
              "src/cysched/_lr_scheduler_c.pyx", "tests/conftest.py"}
    needed |= {"src/cysched/%s.pxd" % m for m in extension_modules()}
    needed |= {"cysched/" + p.name for p in (REPO / "cysched").iterdir() if p.is_file()}
    assert needed <= names, sorted(needed - names)
    leftovers = [n for n in names if n.endswith((".c", ".so", ".o", ".pyc"))
                 or n.startswith(("build/", "dist/", ".nox/"))]
    assert not leftovers
