"""Build a scheduler from text such as ``"CosineScheduler(max_update=800)"``, safely.

The text is parsed with :mod:`ast`, never evaluated: it must be one call of a
scheduler class of :mod:`cysched.lr_scheduler` (optionally written
``lr_scheduler.X``, ``mxnet.lr_scheduler.X`` or ``mx.lr_scheduler.X``) whose
arguments are literals (numbers, strings, booleans, ``None``, lists, tuples).

>>> build("FactorScheduler(step=250, factor=0.5, base_lr=1)")(251)
0.5
>>> build("__import__('os').system('true')")  # doctest: +ELLIPSIS
Traceback (most recent call last):
  ...
cysched._spec.SpecError: __import__('os').system('true'): expected a scheduler class name...
"""
import ast

__all__ = ["SpecError", "SCHEDULERS", "parse", "build"]

#: The classes a spec may name.
SCHEDULERS = ("CosineScheduler", "FactorScheduler", "MultiFactorScheduler",
              "PolyScheduler")

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
        raise SpecError("%s: unknown module %r: write the class name alone, e.g. %s(...)"
                        % (text, prefix, short))
    if short == "LRScheduler":
        raise SpecError("%s: LRScheduler is the abstract base class; use one of %s"
                        % (text, known))
    if short not in SCHEDULERS:
        raise SpecError("%s: unknown scheduler class %r; use one of %s"
                        % (text, short, known))
    return short


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
            raise SpecError("%s: expected a call with arguments, e.g. %s(...)"
                            % (source, _dotted(call)))
        raise SpecError("%s: expected a call like CosineScheduler(max_update=800)"
                        % source)
    name = _class_name(source, call.func)
    args = []
    for i, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred):
            raise SpecError("%s: *arguments are not allowed" % source)
        args.append(_literal(source, arg, "positional argument %d" % (i + 1)))
    kwargs = {}
    for kw in call.keywords:
        if kw.arg is None:
            raise SpecError("%s: **arguments are not allowed" % source)
        if kw.arg in kwargs:
            raise SpecError("%s: argument %r given twice" % (source, kw.arg))
        kwargs[kw.arg] = _literal(source, kw.value, "argument %s" % kw.arg)
    return name, tuple(args), kwargs


def build(text, module=None):
    """Construct the scheduler a spec describes, or raise :class:`SpecError`.

    ``module`` defaults to :mod:`cysched.lr_scheduler`.  A constructor that
    rejects the arguments gives a :class:`SpecError` with its message.
    """
    name, args, kwargs = parse(text)
    if module is None:
        from cysched import lr_scheduler as module
    cls = getattr(module, name)
    try:
        return cls(*args, **kwargs)
    except (TypeError, ValueError, AssertionError, OverflowError) as exc:
        detail = str(exc) or "invalid arguments"
        raise SpecError("%s: %s: %s" % (text.strip(), type(exc).__name__, detail)) from None
