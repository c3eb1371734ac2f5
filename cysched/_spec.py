"""Build a scheduler from text such as ``"CosineScheduler(max_update=800)"``, safely.

The text is parsed with :mod:`ast`, never evaluated: it must be one call of a
scheduler class of :mod:`cysched.lr_scheduler` (optionally written
``lr_scheduler.X``, ``mxnet.lr_scheduler.X`` or ``mx.lr_scheduler.X``) whose
arguments are literals (numbers, strings, booleans, ``None``, lists, tuples)
or, for composites, calls of scheduler classes written the same way:
``Warmup(CosineRestartScheduler(100, base_lr=1), warmup_steps=50)``.  Any
other name :func:`cysched.create` takes is built by it, with keyword arguments:
``cosine(lr=0.1, num_warmup_steps=500, num_training_steps=10000)``; the parts of
``SequentialLR`` are calls of PyTorch's names, which it makes with its own ``lr``:
``SequentialLR(lr=0.1, schedulers=[LinearLR(start_factor=0.1, total_iters=5),
CosineAnnealingLR(T_max=95)], milestones=[5])``.

>>> build("FactorScheduler(step=250, factor=0.5, base_lr=1)")(251)
0.5
>>> build("__import__('os').system('true')")  # doctest: +ELLIPSIS
Traceback (most recent call last):
  ...
cysched._spec.SpecError: __import__('os').system('true'): expected a scheduler class name...
"""
import ast
from collections import namedtuple

from cysched import lr_scheduler as _lr_scheduler

__all__ = ["SpecError", "SCHEDULERS", "FAILURES", "Call", "parse", "build"]

#: Base classes a spec may not name.
ABSTRACT = ("LRScheduler", "Schedule")

#: The classes a spec may name: every concrete class of cysched.lr_scheduler.
SCHEDULERS = tuple(sorted(name for name in _lr_scheduler.__all__ if name not in ABSTRACT))

#: A scheduler call nested as an argument, built before the call holding it.
Call = namedtuple("Call", "name args kwargs")

#: What a schedule's constructor or a call may raise on bad input (arithmetic
#: included: a spec's numbers can divide by zero or overflow).
FAILURES = (TypeError, ValueError, AssertionError, ArithmeticError, RecursionError)

_PREFIXES = ("lr_scheduler", "mxnet.lr_scheduler", "mx.lr_scheduler",
             "cysched.lr_scheduler")


class SpecError(ValueError):
    """A spec that cannot be parsed or built; the message names the problem."""


def _dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _class_name(text, func):
    known = ", ".join(SCHEDULERS)
    name = _dotted(func)
    if name is None:
        raise SpecError("%s: expected a scheduler class name, got an expression of type "
                        "%s; use one of %s" % (text, type(func).__name__, known))
    prefix, _, short = name.rpartition(".")
    if prefix and prefix not in _PREFIXES:
        raise SpecError("%s: unknown module %r: write the class name alone, %s"
                        % (text, prefix, _hint(short)))
    if short in ABSTRACT:
        raise SpecError("%s: %s is the abstract base class; use one of %s"
                        % (text, short, known))
    if short not in SCHEDULERS and not _factory_name(short):
        import difflib
        from cysched import factory
        close = difflib.get_close_matches(short, factory.names(), 3)
        hint = "did you mean %s? " % " or ".join(map(repr, close)) if close else ""
        raise SpecError("%s: unknown scheduler class %r; %suse one of %s, or a name "
                        "cysched.create takes" % (text, short, hint, known))
    return short


def _hint(name):
    """``e.g. Name(...)`` for a class a spec may name, else the classes it may."""
    if name in SCHEDULERS:
        return "e.g. %s(...)" % name
    return "e.g. CosineScheduler(max_update=800); the classes: %s" % ", ".join(SCHEDULERS)


def _factory_name(name):
    """A name of another library that :func:`cysched.create` takes."""
    from cysched import factory
    return name.lower() in {n.lower() for n in factory.names()}


def _argument(text, node, what):
    """A literal, or a nested scheduler call (also inside a list or tuple)."""
    if _names_a_scheduler(node):
        return Call(*_call(text, node))
    if isinstance(node, (ast.List, ast.Tuple)) and any(
            _names_a_scheduler(inner) for inner in ast.walk(node)):
        items = [_argument(text, item, what) for item in node.elts]
        return items if isinstance(node, ast.List) else tuple(items)
    return _literal(text, node, what)


def _names_a_scheduler(node):
    if not isinstance(node, ast.Call):
        return False
    name = _dotted(node.func)
    short = None if name is None else name.rpartition(".")[2]
    return short is not None and (short in SCHEDULERS + ABSTRACT or _factory_name(short))


def _literal(text, node, what):
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise SpecError("%s: %s must be a literal (number, string, list, True/False/None),"
                        " got %s" % (text, what, ast.unparse(node))) from None


def parse(text):
    """Return ``(class_name, args, kwargs)`` for a spec, or raise :class:`SpecError`.

    >>> parse("MultiFactorScheduler(step=[250, 750], factor=0.5)")
    ('MultiFactorScheduler', (), {'step': [250, 750], 'factor': 0.5})
    """
    if not isinstance(text, str):
        raise SpecError("a spec must be a string, got %r" % (text,))
    source = text.strip()
    if not source:
        raise SpecError("empty spec: expected e.g. CosineScheduler(max_update=800)")
    if len(source) > 10000:
        raise SpecError("spec too long (%d characters)" % len(source))
    try:
        tree = ast.parse(source, mode="eval")
    except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:
        detail = getattr(exc, "msg", None) or str(exc)
        raise SpecError("%s: not valid syntax (%s); expected e.g. "
                        "CosineScheduler(max_update=800)" % (source, detail)) from None
    call = tree.body
    if not isinstance(call, ast.Call):
        if isinstance(call, (ast.Name, ast.Attribute)):
            name = _dotted(call)
            raise SpecError("%s: expected a call with arguments, %s"
                            % (source, _hint(name and name.rpartition(".")[2])))
        raise SpecError("%s: expected a call like CosineScheduler(max_update=800)"
                        % source)
    return _call(source, call)


def _call(source, call):
    name = _class_name(source, call.func)
    args = []
    for i, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred):
            raise SpecError("%s: *arguments are not allowed" % source)
        args.append(_argument(source, arg, "positional argument %d" % (i + 1)))
    kwargs = {}
    for kw in call.keywords:
        if kw.arg is None:
            raise SpecError("%s: **arguments are not allowed" % source)
        if kw.arg in kwargs:
            raise SpecError("%s: argument %r given twice" % (source, kw.arg))
        kwargs[kw.arg] = _argument(source, kw.value, "argument %s" % kw.arg)
    return name, tuple(args), kwargs


def build(text, module=None):
    """Construct the scheduler a spec describes, or raise :class:`SpecError`.

    ``module`` defaults to :mod:`cysched.lr_scheduler`.  A constructor that
    rejects the arguments gives a :class:`SpecError` with its message.
    """
    if module is None:
        module = _lr_scheduler
    return _construct(text, Call(*parse(text)), module)


def _construct(text, value, module):
    if isinstance(value, (list, tuple)) and not isinstance(value, Call):
        return type(value)(_construct(text, item, module) for item in value)
    if not isinstance(value, Call):
        return value
    args = [_construct(text, arg, module) for arg in value.args]
    parts = _part_names(value.name)
    kwargs = {k: _named(text, v, module) if k == parts else _construct(text, v, module)
              for k, v in value.kwargs.items()}
    try:
        if value.name not in SCHEDULERS:
            from cysched import factory
            if args:
                raise TypeError("%s takes keyword arguments only" % value.name)
            return factory.create(value.name, **kwargs)
        return getattr(module, value.name)(*args, **kwargs)
    except FAILURES as exc:
        detail = str(exc) or "invalid arguments"
        raise SpecError("%s: %s: %s" % (text.strip(), type(exc).__name__, detail)) from None


def _part_names(name):
    """The argument of a factory name whose parts it makes itself (with its own
    rate): ``SequentialLR(lr=0.1, schedulers=[LinearLR(...), ...])``."""
    from cysched import _peers
    return _peers.PART_SPECS.get(name.lower())


def _named(text, value, module):
    """Nested calls as ``(name, kwargs)``, for the factory to make; a cysched
    class is made here, as a schedule."""
    if isinstance(value, Call) and value.name in SCHEDULERS:
        return _construct(text, value, module)
    if isinstance(value, Call):
        if value.args:
            raise SpecError("%s: %s takes keyword arguments only" % (text.strip(), value.name))
        return value.name, {k: _construct(text, v, module) for k, v in value.kwargs.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_named(text, item, module) for item in value)
    return value
