"""The test matrix and the release checks, one nox session each (``nox -l`` lists them).

    nox                          # tests on every Python 3.9-3.13 found, pure on 3.9 and 3.13
    nox -s tests-3.12            # one interpreter; arguments after -- go to pytest
    nox -s packaging stubs       # distributions and type stubs
    nox -s sanitize              # the suite against an ASan/UBSan build

Every test session builds the sdist from this checkout and installs it in a
fresh virtual environment, so the suite runs against what a user installs.
Interpreters are looked up on PATH and in pyenv's versions folder; one that is
not installed is skipped, and nox says so ("Python interpreter 3.x not found").
"""
import os
import pathlib
import shutil
import subprocess

import nox

try:
    import tomllib
except ImportError:   # nox on Python < 3.11: the extras' dependencies come with cysched
    tomllib = None

PYTHONS = ["3.9", "3.10", "3.11", "3.12", "3.13"]
PURE_PYTHONS = [PYTHONS[0], PYTHONS[-1]]
#: The one interpreter for the heavy optional dependencies: the CPU build of
#: torch 2.13.0 on this machine's disk is for CPython 3.11.
HEAVY_PYTHON = "3.11"
TORCH = "torch==2.13.0"   # by exact version, so nothing pulls another build
NO_COMPILER = {"CC": "/bin/false", "CXX": "/bin/false"}
REQUIRE = {"CYSCHED_REQUIRE_EXTENSIONS": "1"}
ROOT = pathlib.Path(__file__).resolve().parent

nox.options.sessions = ["tests", "pure"]
nox.options.default_venv_backend = "virtualenv"
nox.options.download_python = "never"             # an interpreter not installed is skipped,
nox.options.error_on_missing_interpreters = False  # on CI too


def _pyenv_interpreters():
    """pyenv's installed versions, ahead of its shims (a shim of a version that
    is not the global one fails instead of running)."""
    root = pathlib.Path(os.environ.get("PYENV_ROOT", pathlib.Path.home() / ".pyenv"))
    return [str(p.parent) for p in sorted((root / "versions").glob("3.*/bin/python3"))]


os.environ["PATH"] = os.pathsep.join(_pyenv_interpreters() + [os.environ.get("PATH", "")])

CHECK_BUILD = """\
import importlib.metadata as md, sys
import cysched
tags = [line for line in md.distribution("cysched").read_text("WHEEL").splitlines()
        if line.startswith("Tag:")]
print("cysched", cysched.__version__, "wheel", tags, "COMPILED =", cysched.COMPILED,
      "|", cysched.IMPORT_ERROR)
pure = tags == ["Tag: py3-none-any"] and not cysched.COMPILED
sys.exit(pure != (sys.argv[1] == "pure"))
"""


def build_sdist(session):
    """The sdist of this checkout, built in the session's temporary folder."""
    session.install("build", "scikit-build-core")
    out = pathlib.Path(session.create_tmp()) / "sdist"
    shutil.rmtree(out, ignore_errors=True)
    session.run("python", "-m", "build", "--sdist", "--no-isolation", "--skip-dependency-check",
                "--outdir", str(out), str(ROOT), silent=True)
    (sdist,) = out.glob("cysched-*.tar.gz")
    return sdist


def _requirements(extras):
    if tomllib is None:
        return []
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["optional-dependencies"][extras]


def install_sdist(session, extras="test", env=None, args=()):
    """The sdist with its extras: the dependencies first (pip's cache may serve
    them), then cysched built afresh (a cached wheel could be another build)."""
    sdist = build_sdist(session)
    requirements = _requirements(extras)
    if requirements:
        session.install(*requirements)
    session.install("--no-cache-dir", *args, "%s[%s]" % (sdist, extras), env=env)


def check_build(session, kind):
    """Import the installed package from outside the checkout (python -c puts
    the current folder first on sys.path) and check which build it is."""
    tmp = session.create_tmp()
    with session.chdir(tmp):
        session.run("python", "-c", CHECK_BUILD, kind)


def heavy_dependencies(session):
    """torch (this build only), JAX and optax; the peers and integrations the
    tests run live, kept beside that torch by a constraint; timm without its
    dependencies (torchvision would pull another torch)."""
    session.install(TORCH)
    session.install("jax", "optax")
    constraints = pathlib.Path(session.create_tmp()) / "constraints.txt"
    constraints.write_text(TORCH + "\n")
    session.install("-c", str(constraints), "transformers", "keras", "lightning", "accelerate")
    session.install("--no-deps", "timm")


@nox.session(python=PYTHONS)
def tests(session):
    """The whole suite against the compiled extension, which must build."""
    if session.python == HEAVY_PYTHON:
        heavy_dependencies(session)
    install_sdist(session, env=REQUIRE)
    check_build(session, "compiled")
    session.run("pytest", "-q", *session.posargs, env=REQUIRE)


@nox.session(python=PURE_PYTHONS)
def pure(session):
    """The whole suite against the pure-Python wheel a machine without a C compiler gets."""
    install_sdist(session, env=NO_COMPILER)
    check_build(session, "pure")
    session.run("pytest", "-q", "--no-c-extensions", *session.posargs)


@nox.session(python=HEAVY_PYTHON)
def packaging(session):
    """python -m build (the sdist, then the compiled wheel from it), a pure
    wheel built without a compiler, twine check, and what each one ships."""
    session.install("build", "twine", "pytest")
    dist = pathlib.Path(session.create_tmp()) / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist), str(ROOT), env=REQUIRE)
    (sdist,) = dist.glob("cysched-*.tar.gz")
    session.run("python", "-m", "build", "--wheel", "--outdir", str(dist), str(sdist),
                env=NO_COMPILER)
    session.run("twine", "check", "--strict", *map(str, sorted(dist.iterdir())))
    (wheel,) = [w for w in dist.glob("*.whl") if not w.name.endswith("-py3-none-any.whl")]
    session.install("--no-deps", "--force-reinstall", str(wheel))
    session.run("pytest", "-q", "tests/test_packaging.py",
                env={"CYSCHED_DIST": str(dist)})


@nox.session(python=HEAVY_PYTHON)
def stubs(session):
    """mypy's stubtest of every stubbed module (the compiled classes and the pure
    twin) and mypy --strict over examples/."""
    heavy_dependencies(session)   # cysched.torch, .jax and .keras import them
    session.install("mypy", "numpy", "matplotlib")
    install_sdist(session, extras="numpy", env=REQUIRE)
    allow = ROOT / "tests" / "stubtest"
    modules = ["cysched.lr_scheduler", "cysched.optimizer", "cysched.torch",
               "cysched.jax", "cysched.keras"]
    tmp = session.create_tmp()
    with session.chdir(tmp):   # the installed package, not the source folder
        session.run("python", "-m", "mypy.stubtest", *modules,
                    "--allowlist", str(allow / "compiled.txt"), env=REQUIRE)
        # The stub marks the compiled classes' layouts (@disjoint_base); the
        # pure classes are ordinary Python classes, some with __slots__.
        session.run("python", "-m", "mypy.stubtest", "cysched.lr_scheduler",
                    "--allowlist", str(allow / "pure.txt"), "--ignore-disjoint-bases",
                    env={"CYSCHED_NO_EXTENSIONS": "1"})
    session.run("python", "-m", "mypy", "--strict", "examples/")


def _gcc_library(session, name):
    out = subprocess.run(["gcc", "-print-file-name=%s" % name], capture_output=True,
                         text=True, check=False).stdout.strip()
    if not os.path.isabs(out):
        session.error("gcc's %s was not found" % name)
    return out


def _asan_preload(session):
    """The ASan runtime first, then the C++ runtime: loaded later (matplotlib's
    pybind11 modules), ASan's interceptor of C++ throws would not find it."""
    return " ".join(_gcc_library(session, name) for name in ("libasan.so", "libstdc++.so.6"))


@nox.session(python=HEAVY_PYTHON)
def sanitize(session):
    """The whole suite against an extension built with AddressSanitizer and
    UndefinedBehaviorSanitizer; any report fails the session."""
    preload = _asan_preload(session)
    install_sdist(session, env=REQUIRE, args=("-Ccmake.define.CYSCHED_SANITIZE=ON",))
    logs = pathlib.Path(session.create_tmp()) / "sanitizer-logs"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir()
    env = dict(REQUIRE, LD_PRELOAD=preload,
               # The interpreter is not instrumented and keeps memory to exit:
               # no leak detection. A huge allocation returns NULL (MemoryError).
               ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1:"
                            "log_path=%s/asan" % logs,
               UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=%s/ubsan" % logs)
    # Reports go to files, so those of child processes count too.
    try:
        session.run("pytest", "-q", *session.posargs, env=env)
    finally:
        reports = sorted(logs.iterdir())
        for report in reports:
            session.log("%s:\n%s" % (report.name, report.read_text(errors="replace")[:20000]))
    if reports:
        session.error("%d sanitizer report(s) in %s" % (len(reports), logs))
