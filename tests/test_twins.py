"""The compiled classes and the pure-Python twin are twins: names, methods, docstrings."""
import inspect
import pathlib
import re

import pytest


ROOT = pathlib.Path(__file__).resolve().parent.parent
PUBLIC = re.compile(r"^    (?:def|cpdef)\s+(?:object\s+)?(\w+)\(", re.M)


def public_methods(cls):
    """Public and call methods, sorted (a type's dict does not keep source order)."""
    return sorted(name for name, value in vars(cls).items()
                  if callable(value) and (not name.startswith("_")
                                          or name in ("__call__", "__init__")))


def source_order(text, keyword):
    """Per class, the public methods in the order the source defines them."""
    order = {}
    for block in re.split(r"^(?=%s )" % keyword, text, flags=re.M)[1:]:
        name = re.match(r"%s (\w+)" % keyword, block).group(1)
        lines = block.splitlines()
        order[name] = [m.group(1) for i, m in enumerate(PUBLIC.finditer(block))
                       if not m.group(1).startswith("_") or m.group(1) in ("__call__", "__init__")]
        order[name] = [n for n in order[name]
                       if "    @property" not in _before(lines, n)
                       and ".setter" not in _before(lines, n)]
    return order


def _before(lines, name):
    for i, line in enumerate(lines):
        if re.match(r"^    (?:c?p?def)\s+(?:object\s+)?%s\(" % name, line):
            return lines[i - 1] if i else ""
    return ""


def test_same_method_order_in_the_sources():
    # MXNet's classes are the one pair of hand-written twins left: the
    # families are one source each.
    pyx = ROOT / "src" / "cysched" / "_lr_scheduler_c.pyx"
    py = ROOT / "cysched" / "_lr_scheduler_py.py"
    if not pyx.exists():
        pytest.skip("the Cython sources are not beside the tests")
    compiled = source_order(pyx.read_text(), "cdef class")
    pure = source_order(py.read_text(), "class")
    for name, methods in pure.items():
        if name.startswith("_") or name not in compiled:
            continue
        assert compiled[name] == methods, name


def _clean(doc):
    # Python 3.13 strips docstring indentation when it compiles; Cython does not.
    return None if doc is None else inspect.cleandoc(doc)


def test_same_classes(compiled, pure):
    assert sorted(vars(compiled)) == sorted(vars(pure))


def test_same_docstrings_and_methods(compiled, pure):
    for name in sorted(n for n in vars(pure) if not n.startswith("_")):
        c_cls, p_cls = getattr(compiled, name), getattr(pure, name)
        assert inspect.cleandoc(c_cls.__doc__) == inspect.cleandoc(p_cls.__doc__), name
        assert public_methods(c_cls) == public_methods(p_cls), name
        for method in public_methods(p_cls):
            c_doc = getattr(c_cls, method).__doc__
            p_doc = getattr(p_cls, method).__doc__
            if method.startswith("__") and p_doc is None:
                continue  # a slot wrapper's generic text where Python has none
            assert _clean(c_doc) == _clean(p_doc), (name, method)


@pytest.mark.parametrize("attr", ["_params", "_state"])
def test_same_state_layout(compiled, pure, attr):
    for name in sorted(n for n in vars(pure) if not n.startswith("_")):
        assert getattr(getattr(compiled, name), attr) == getattr(getattr(pure, name), attr)
