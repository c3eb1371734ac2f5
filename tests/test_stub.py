"""The families' part of ``cysched/lr_scheduler.pyi`` is generated from the classes.

``render()`` writes the section between the BEGIN/END markers from the live
pure-Python classes of ``cysched._modules.FAMILIES`` (their ``__all__``, in
order, with the private bases they derive from): their names added to
``__all__``, each class's base, ``@disjoint_base`` where its .pxd adds C fields
(the compiled class's layout), its public attributes (the parameter
descriptors and properties in its ``__dict__``), its ``__init__`` (from
``inspect.signature``) and the methods of ``METHODS``.  The test checks that the checked-in stub holds exactly that;
after changing a family run::

    python tests/test_stub.py --write

A parameter, argument, property or method the tables below do not cover
makes ``render()`` fail, naming what to add.  The MXNet part of the stub,
above the markers, stays hand-written.
"""
import ast
import importlib
import inspect
import pathlib
import re
import sys

from cysched import _modules
from cysched._params import BaseRate, Choice, Count, Kept, Optional, PartRate, Param, Rate

REPO = pathlib.Path(__file__).resolve().parent.parent
STUB = REPO / "cysched" / "lr_scheduler.pyi"
PXD = REPO / "src" / "cysched"

BEGIN = ("# -- BEGIN GENERATED: the schedule families "
         "(python tests/test_stub.py --write) --")
END = "# -- END GENERATED: the schedule families --"

_PART = "Callable[[_Number], float]"

#: Parameters typed by their name: (attribute type, argument type).  Kept
#: parameters (checked by lambdas or helpers) are all here.
BY_NAME = {
    "schedule": (_PART, _PART),
    "schedules": ("Tuple[%s, ...]" % _PART, "Iterable[%s]" % _PART),
    "milestones": ("Tuple[int, ...]", "Iterable[int]"),
    "boundaries": ("Tuple[_Number, ...]", "Iterable[_Number]"),
    "values": ("Tuple[float, ...]", "Iterable[_Number]"),
}

#: Plain ``Param``s typed by their check (``module.qualname``).
BY_CHECK = {
    "cysched._messages.between": ("float", "_Number"),
    "cysched._messages.positive": ("float", "_Number"),
    "cysched._messages.at_least": ("float", "_Number"),
    "cysched._messages.flag": ("bool", "bool"),
    "cysched._plateau._metric": ("float", "_Number"),
}

#: Properties (a composite's ``base_lr`` reads and writes its parts').
PROPERTIES = {
    "base_lr": ("float", "_Number"),
}

#: Arguments that are no attribute: (argument type).
ARGUMENTS = {
    "parts": _PART,             # ProductScheduler(*parts)
}

#: Class-level lines (attributes, methods) beyond the parameters and
#: ``__init__``, as the stub writes them.  Each method's parameter names are
#: checked against the class's own; the methods of ``cysched._state`` name
#: their instance ``sched``, and so does the stub.
METHODS = {
    "Schedule": [
        "_params: ClassVar[Tuple[Tuple[str, str], ...]]",
        "_state: ClassVar[Tuple[str, ...]]",
        "def __call__(self, num_update: _Number) -> float: ...",
        "def evaluate(self, num_updates: _Updates,\n"
        "                 out: Optional[numpy.ndarray] = ...) -> numpy.ndarray: ...",
        "def state_dict(sched) -> Dict[str, Any]: ...",
        "def load_state_dict(sched, data: Dict[str, Any]) -> None: ...",
        "def get_config(sched) -> Dict[str, Any]: ...",
        "@classmethod",
        "def from_config(cls: type[_F], config: Dict[str, Any]) -> _F: ...",
        "def __copy__(self: _F) -> _F: ...",
        "def __deepcopy__(self: _F, memo: Dict[int, Any]) -> _F: ...",
    ],
    "PlateauScheduler": [
        "def record(self, metric: SupportsFloat) -> bool: ...",
    ],
    "OneCycleScheduler": [
        "def momentum_schedule(self, base_momentum: float = ..., "
        "max_momentum: float = ...) -> OneCycleMomentum: ...",
    ],
    "CyclicScheduler": [
        "def momentum_schedule(self, base_momentum: float = ..., "
        "max_momentum: float = ...) -> CyclicMomentum: ...",
    ],
}

#: The section's opening lines (its typing names are imported as used).
HEAD = [
    '_F = TypeVar("_F", bound="Schedule")',
    "_Updates = Union[Iterable[_Number], numpy.ndarray]",
]

#: Names the hand-written part above imports; the others are imported here.
IMPORTED_ABOVE = {"Any", "ClassVar", "Dict", "Iterable", "List", "Optional", "Tuple",
                  "TypeVar", "Union"}
TYPING = ("Callable", "SupportsFloat")

WIDTH = 95


class StubError(Exception):
    """The tables above do not say how to write something in the stub."""


def _check_name(check):
    return "%s.%s" % (getattr(check, "__module__", "?"), getattr(check, "__qualname__", check))


def param_types(param):
    """(attribute type, argument type) of a parameter descriptor."""
    kind = type(param)
    if kind is Optional:
        attr, arg = param_types(param.args[0])
        return "Optional[%s]" % attr, "Optional[%s]" % arg
    if kind in (Rate, BaseRate, PartRate):
        return "float", "_Number"
    if kind is Count:
        return "int", "int"
    if kind is Choice:
        return "str", "str"
    if kind in (Kept, Param):
        if param.name in BY_NAME:
            return BY_NAME[param.name]
        if _check_name(param.check) in BY_CHECK:
            return BY_CHECK[_check_name(param.check)]
        raise StubError("no stub type for the %s %r (checked by %s): add it to BY_NAME or "
                        "BY_CHECK in tests/test_stub.py"
                        % (kind.__name__, param.name, _check_name(param.check)))
    raise StubError("no stub type for the parameter kind %s (%r): teach param_types in "
                    "tests/test_stub.py" % (kind.__name__, param.name))


def _attribute(cls, name):
    """(attribute type, argument type) of ``cls``'s public attribute ``name``, or None."""
    for klass in cls.__mro__:
        if name in vars(klass):
            value = vars(klass)[name]
            if isinstance(value, Param):
                return param_types(value)
            if isinstance(value, property):
                if name not in PROPERTIES:
                    raise StubError("no stub type for the property %s.%s: add it to "
                                    "PROPERTIES in tests/test_stub.py"
                                    % (klass.__name__, name))
                return PROPERTIES[name]
            return None
    return None


def _default(value):
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"%s"' % value if '"' not in value and "\\" not in value else repr(value)
    raise StubError("no stub default for %r" % (value,))


def _argument(cls, param):
    """``name: type = default`` for one parameter of ``cls.__init__``."""
    types = _attribute(cls, param.name)
    if types is not None:
        kind = types[1]
    elif param.name in ARGUMENTS:
        kind = ARGUMENTS[param.name]
    else:
        raise StubError("no stub type for the argument %r of %s.__init__: it names no "
                        "parameter of the class; add it to ARGUMENTS in tests/test_stub.py"
                        % (param.name, cls.__name__))
    if param.default is None and not kind.startswith("Optional["):
        kind = "Optional[%s]" % kind
    star = {param.VAR_POSITIONAL: "*", param.VAR_KEYWORD: "**"}.get(param.kind, "")
    text = "%s%s: %s" % (star, param.name, kind)
    if param.default is not param.empty:
        text += " = " + _default(param.default)
    return text


def _wrap(head, items, tail, indent):
    """``head + ", ".join(items) + tail``, wrapped at WIDTH under the first item."""
    lines, line = [], indent + head
    for i, item in enumerate(items):
        piece = item + (", " if i < len(items) - 1 else tail)
        if line.strip() and len(line) + len(piece.rstrip()) > WIDTH and line != indent + head:
            lines.append(line.rstrip())
            line = " " * len(indent + head)
        line += piece
    if not items:
        line += tail
    lines.append(line)
    return lines


def init_lines(cls):
    """The stub of ``cls.__init__`` (when the class defines one)."""
    if "__init__" not in vars(cls):
        return []
    items, keyword_only = ["self"], False
    for param in inspect.signature(vars(cls)["__init__"]).parameters.values():
        if param.name == "self":
            continue
        if param.kind is param.VAR_POSITIONAL:
            keyword_only = True
        elif param.kind is param.KEYWORD_ONLY and not keyword_only:
            items.append("*")
            keyword_only = True
        if param.kind is param.POSITIONAL_ONLY:
            raise StubError("%s.__init__: positional-only parameters are not written yet"
                            % cls.__name__)
        items.append(_argument(cls, param))
    return _wrap("def __init__(", items, ") -> None: ...", "    ")


def _cdef_methods(cls):
    """Methods declared ``cdef`` for ``cls`` or a base in their family's .pxd:
    C-only, not visible on the compiled class, so not in the stub."""
    names = set()
    for klass in cls.__mro__:
        if klass.__module__ in dict(_modules.FAMILIES):
            names |= _pxd_methods(klass)
    return names


def _pxd_block(cls):
    """The lines of ``cdef class <cls>`` in its family's .pxd (none if absent)."""
    module = cls.__module__.rsplit(".", 1)[1]
    path = PXD / ("%s_c.pxd" % module)
    lines, inside = [], False
    for line in path.read_text().splitlines() if path.exists() else ():
        found = re.match(r"cdef class (\w+)\b", line)
        if found or (line[:1].strip() and not line.startswith("#")):
            inside = bool(found) and found.group(1) == cls.__name__
            continue
        if inside:
            lines.append(line)
    return lines


def _pxd_methods(cls):
    names = set()
    for line in _pxd_block(cls):
        method = re.match(r"\s+cdef\s.*?\b(\w+)\(self\b", line)
        if method:
            names.add(method.group(1))
    return names


def is_disjoint_base(cls):
    """True when the compiled class adds C fields to its base's layout (PEP 800:
    no class can derive from two such classes), which its .pxd declares."""
    return any(re.match(r"\s+cdef\s", line) and "(self" not in line
               for line in _pxd_block(cls))


def _public_members(cls):
    """The public names in ``cls.__dict__``, in order, as (name, kind): kind
    ``"attribute"`` for a parameter or property, ``"method"`` for the rest.
    Names in the pure class's ``__slots__`` are the compiled class's private C
    fields, not shown."""
    slots = set(vars(cls).get("__slots__", ()))
    out = []
    for name, value in vars(cls).items():
        if (name.startswith("_") and name != "__call__") or name in slots:
            continue
        if isinstance(value, (Param, property)):
            out.append((name, "attribute"))
        elif callable(value) or isinstance(value, (classmethod, staticmethod)):
            out.append((name, "method"))
        else:
            raise StubError("%s.%s: a public class attribute the stub generator does not "
                            "know; teach tests/test_stub.py" % (cls.__name__, name))
    return out


def method_lines(cls):
    """``METHODS[cls]``, checked against the class's own methods."""
    lines = METHODS.get(cls.__name__, [])
    written = {}
    for line in lines:
        if line.startswith("def "):
            node = ast.parse(line).body[0]
            names = [a.arg for a in node.args.posonlyargs + node.args.args][1:]
            names += [a.arg for a in node.args.kwonlyargs]
            written[node.name] = names
    methods = [name for name, kind in _public_members(cls) if kind == "method"]
    cdefs = _cdef_methods(cls)
    for name in methods:
        if name not in written and name not in cdefs:
            raise StubError("%s.%s is a public method the stub does not show: add it to "
                            "METHODS in tests/test_stub.py (or declare it cdef in the .pxd)"
                            % (cls.__name__, name))
    for name, names in written.items():
        if name not in vars(cls):
            raise StubError("METHODS[%r] writes %s, which %s does not define"
                            % (cls.__name__, name, cls.__name__))
        real = list(inspect.signature(getattr(cls, name)).parameters)
        if not isinstance(vars(cls)[name], classmethod):
            real = real[1:]
        if names != real:
            raise StubError("METHODS[%r] writes %s(%s); the class has %s(%s)"
                            % (cls.__name__, name, ", ".join(names), name, ", ".join(real)))
    return ["    " + line for line in lines]


def class_lines(cls):
    bases = [base for base in cls.__bases__ if base is not object]
    head = "class %s%s:" % (cls.__name__,
                            "(%s)" % ", ".join(b.__name__ for b in bases) if bases else "")
    body = ["    %s: %s" % (name, _attribute(cls, name)[0])
            for name, kind in _public_members(cls) if kind == "attribute"]
    # Schedule's class variables go before its __init__, the other lines after.
    extra = method_lines(cls)
    first = [line for line in extra if not line.lstrip().startswith(("def ", "@"))]
    body += first + init_lines(cls) + [line for line in extra if line not in first]
    return ["@disjoint_base"] * is_disjoint_base(cls) + [head] + (body or ["    ..."])


def family_classes():
    """The families' public classes in ``__all__`` order, each after the
    (private) bases it derives from."""
    modules = [importlib.import_module(pure) for pure, _ in _modules.FAMILIES]
    own = {m.__name__ for m in modules}
    out = []

    def add(cls):
        if cls in out or cls.__module__ not in own:
            return
        for base in cls.__bases__:
            add(base)
        out.append(cls)

    for module in modules:
        for name in module.__all__:
            add(getattr(module, name))
    return out


def all_lines():
    """``__all__ += [...]``: the families' public names, as the module publishes them."""
    names = [name for pure, _ in _modules.FAMILIES
             for name in importlib.import_module(pure).__all__]
    return _wrap("__all__ += [", ['"%s"' % name for name in names], "]", "")


def render():
    """The generated section, markers included."""
    body = []
    for cls in family_classes():
        body += [""] + class_lines(cls)
    text = "\n".join(HEAD + body)
    used = [name for name in TYPING if re.search(r"\b%s\b" % name, text)]
    known = (IMPORTED_ABOVE | set(TYPING) | {"True", "False", "None"}
             | {cls.__name__ for cls in family_classes()})
    unknown = set(re.findall(r"\b[A-Z]\w*", text)) - known
    if unknown:
        raise StubError("the stub uses %s: add the typing names to TYPING in "
                        "tests/test_stub.py" % ", ".join(sorted(unknown)))
    imports = ["from typing import %s" % ", ".join(used)] if used else []
    modules = ", ".join(pure.rsplit(".", 1)[1] for pure, _ in _modules.FAMILIES)
    note = ("# Generated from the pure-Python classes of %s;\n# edit the classes "
            "(or the tables in tests/test_stub.py), not these lines." % modules)
    return "\n".join([BEGIN, note] + imports + [""] + all_lines() + [""] + HEAD + body + [END]) + "\n"


def split(text):
    """(hand-written part, generated section, rest) of the stub's text."""
    start, stop = text.find(BEGIN), text.find(END)
    if start < 0 or stop < start or text.count(BEGIN) != 1 or text.count(END) != 1:
        raise StubError("%s must hold one %r line and, after it, one %r line"
                        % (STUB, BEGIN, END))
    stop = text.index("\n", stop) + 1 if "\n" in text[stop:] else len(text)
    return text[:start], text[start:stop], text[stop:]


def write():
    above, _, below = split(STUB.read_text())
    STUB.write_text(above + render() + below)


def test_stub_families_section_is_generated():
    """The stub's families section is exactly what the classes render: their
    bases, parameters, ``__init__`` signatures and public methods."""
    _, section, _ = split(STUB.read_text())
    assert section == render(), (
        "cysched/lr_scheduler.pyi is out of date with the family classes: "
        "run `python tests/test_stub.py --write` and commit the result")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write()
        print("wrote", STUB)
    elif sys.argv[1:]:
        sys.exit("usage: python tests/test_stub.py [--write]")
    else:
        sys.stdout.write(render())
