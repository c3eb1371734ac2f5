"""Optional dependencies: import one, or say which extra of cysched installs it.

>>> message("cysched.plot", "matplotlib")
'cysched.plot needs matplotlib, which is not installed: pip install "cysched[plot]" (from a source checkout: pip install ".[plot]")'
"""
import importlib

__all__ = ["EXTRAS", "install_command", "message", "require"]

#: The extra of ``pyproject.toml`` that installs each optional module.
EXTRAS = {"numpy": "numpy", "matplotlib": "plot", "torch": "torch", "jax": "jax",
          "optax": "jax", "keras": "keras"}


def install_command(extra):
    """The commands that install ``extra``: from an index, and from a checkout."""
    return 'pip install "cysched[%s]" (from a source checkout: pip install ".[%s]")' % (
        extra, extra)


def message(feature, module):
    """Why ``feature`` cannot run without ``module``, and what to install."""
    return "%s needs %s, which is not installed: %s" % (
        feature, module.split(".")[0], install_command(EXTRAS[module.split(".")[0]]))


def require(module, feature):
    """Import ``module`` for ``feature``; when its package is missing, raise
    ``ModuleNotFoundError`` (an ``ImportError``) naming the extra to install.
    Any other import failure of an installed package propagates as it is."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        top = module.split(".")[0]
        if exc.name is None or exc.name.split(".")[0] != top:
            raise
        raise ModuleNotFoundError(message(feature, module), name=top) from exc
