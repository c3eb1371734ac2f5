"""Optional dependencies: import one, or say which extra of cysched installs it.

>>> message("cysched.plot", "matplotlib")
'cysched.plot needs matplotlib, which is not installed: pip install "cysched[plot]" (from a source checkout: pip install ".[plot]")'
"""
import importlib

__all__ = ["EXTRAS", "install_command", "message", "require", "defined_on_use"]

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


def defined_on_use(module, name, define):
    """A module's ``__getattr__`` and ``__dir__`` for a class ``name`` that
    ``define()`` makes on first use (it imports the optional framework), then
    keeps in the module ``module`` (its ``__name__``)."""
    def __getattr__(attr):
        if attr == name:
            cls = define()
            setattr(importlib.import_module(module), name, cls)
            return cls
        raise AttributeError("module %r has no attribute %r" % (module, attr))

    def __dir__():
        return sorted(set(vars(importlib.import_module(module))) | {name})
    return __getattr__, __dir__
