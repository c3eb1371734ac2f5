"""The regression corpus: build scenarios from JSON specs, run them, encode the answers.

One place shared by ``tests/data/make_regression_corpus.py`` (which records the
answers of the current build into ``tests/data/regression_corpus.json``) and
``tests/test_regression_corpus.py`` (which replays them on each implementation).
The format is described in ``tests/data/README.md``.

A scenario is rebuilt from an implementation namespace by class NAME only
(``getattr(impl, "FactorScheduler")``), so it does not depend on the modules
the classes live in.
"""
import copy
import hashlib
import json
import logging
import pathlib
import random
import re

CORPUS = pathlib.Path(__file__).resolve().parent / "data" / "regression_corpus.json"
LOGGER = "cysched.lr_scheduler"
FORMAT = 1

#: Arrays longer than this are recorded as a digest and a few samples.
ARRAY_LIMIT = 64
#: Log messages kept per op (the count is kept too).
LOG_FIRST = 3

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
#: Messages NumPy words differently from one version to the next.
_NUMPY_MESSAGES = ("setting an array element with a sequence", "ufunc ")


# -- Python parts of composites ---------------------------------------------------
# A composite accepts any callable; the spec {"python": NAME} stands for these.

def inverse(n):
    """A plain Python schedule."""
    return 1.0 / (n + 1.0)


def int_part(n):
    """Returns ints: the composite converts them."""
    return 2 if n < 50 else 1


def bad_part(n):
    """Returns something that is not a number past 100."""
    return None if n > 100 else 0.5


def raising_part(n):
    """Raises past 200."""
    if n > 200:
        raise ValueError("raising_part refuses num_update=%r" % (n,))
    return 0.25


def numpy_part(n):
    """Returns a NumPy float64."""
    import numpy
    return numpy.float64(0.5) / (1 + n // 10)


class Scaled(object):
    """A callable object with a ``base_lr`` (composites read and rescale it)."""

    def __init__(self, base_lr=0.5):
        self.base_lr = base_lr

    def __call__(self, n):
        return self.base_lr * 0.5 ** (n // 10)

    def __repr__(self):
        return "Scaled(base_lr=%r)" % (self.base_lr,)


PYTHON_PARTS = {"inverse": lambda: inverse, "int_part": lambda: int_part,
                "bad_part": lambda: bad_part, "raising_part": lambda: raising_part,
                "numpy_part": lambda: numpy_part, "scaled": Scaled}


# -- decoding the specs ------------------------------------------------------------

def decode(value, impl):
    """A spec value as the Python object it stands for.

    JSON numbers, strings, booleans, null and lists are themselves (finite
    floats round-trip exactly through ``repr``); tagged objects:
    ``{"float": "nan"|"inf"|"-inf"}``, ``{"tuple": [...]}``,
    ``{"range": [start, stop, step]}`` (a ``range``),
    ``{"list_range": [start, stop, step]}``, ``{"perm": [start, stop, seed]}``
    (that range as a list shuffled by ``random.Random(seed)``),
    ``{"frange": [start, step, count]}`` (floats ``start + i * step``),
    ``{"np": dtype, "value": v}`` (a NumPy scalar),
    ``{"ndarray": dtype, "values": v}`` (a NumPy array),
    ``{"python": name}`` (a Python part, :data:`PYTHON_PARTS`) and
    ``{"class": name, "args": [...], "kwargs": {...}}`` (a scheduler of ``impl``).
    """
    if isinstance(value, list):
        return [decode(v, impl) for v in value]
    if not isinstance(value, dict):
        return value
    if "class" in value:
        return build(impl, value)
    if "float" in value:
        return float(value["float"])
    if "tuple" in value:
        return tuple(decode(v, impl) for v in value["tuple"])
    if "range" in value:
        return range(*value["range"])
    if "list_range" in value:
        return list(range(*value["list_range"]))
    if "perm" in value:
        start, stop, seed = value["perm"]
        items = list(range(start, stop))
        random.Random(seed).shuffle(items)
        return items
    if "frange" in value:
        start, step, count = value["frange"]
        return [start + i * step for i in range(count)]
    if "python" in value:
        return PYTHON_PARTS[value["python"]]()
    if "np" in value:
        import numpy
        return getattr(numpy, value["np"])(decode(value["value"], impl))
    if "ndarray" in value:
        import numpy
        return numpy.array(decode(value["values"], impl), dtype=value["ndarray"])
    raise ValueError("unknown spec value %r" % (value,))


def build(impl, spec):
    """``impl.<class>(*args, **kwargs)`` from a part spec."""
    cls = getattr(impl, spec["class"])
    args = [decode(v, impl) for v in spec.get("args", [])]
    kwargs = {k: decode(v, impl) for k, v in spec.get("kwargs", {}).items()}
    return cls(*args, **kwargs)


# -- encoding the answers ----------------------------------------------------------

def normalize(text):
    """Text with object addresses (``<function f at 0x7f...>``) blanked out."""
    return _ADDRESS.sub(" at 0x?", text)


def error(exc):
    """An exception: its type name and message.  One raised inside NumPy is
    recorded as the builtin type it derives from, without its text: both
    depend on the NumPy version."""
    kind = type(exc)
    if kind.__module__.split(".")[0] == "numpy" or str(exc).startswith(_NUMPY_MESSAGES):
        base = next(c for c in kind.__mro__ if c.__module__ == "builtins")
        return {"raises": base.__name__, "numpy": True}
    return {"raises": kind.__name__, "message": normalize(str(exc))}


def encode(value):
    """``value`` as JSON that keeps its type and exact bits.

    A ``float`` is its ``float.hex()`` (a JSON string: no other value is
    written as a bare string); ``None``, ``bool`` and ``int`` are themselves;
    a ``str`` is ``{"str": s}``; a list is a list; a tuple ``{"tuple": [...]}``;
    a dict ``{"dict": {key: value}}``; a NumPy array ``{"ndarray": dtype,
    "shape", "hex": [...]}`` (longer than :data:`ARRAY_LIMIT`: the SHA-256 of
    its little-endian bytes and a sample of ``[index, hex]`` instead of
    ``"hex"``); a complex number ``{"complex": [real hex, imag hex]}``;
    another number (``numpy.float64``, ``numpy.int64``, ``numpy.bool_``)
    ``{"type": type name, "hex" | "int" | "bool": value}`` (not its repr:
    NumPy 2 changed it); anything else ``{"type": type name, "repr":
    repr}``.
    """
    kind = type(value)
    if kind is float:
        return value.hex()
    if value is None or kind in (bool, int):
        return value
    if kind is str:
        return {"str": normalize(value)}
    if kind is list:
        return [encode(v) for v in value]
    if kind is tuple:
        return {"tuple": [encode(v) for v in value]}
    if kind is dict:
        return {"dict": {str(k): encode(v) for k, v in value.items()}}
    if kind is complex:
        return {"complex": [value.real.hex(), value.imag.hex()]}
    if kind.__name__ == "ndarray":
        return _array(value)
    if kind.__name__ in ("bool_", "bool"):
        return {"type": kind.__name__, "bool": bool(value)}
    if isinstance(value, float) or kind.__name__.startswith("float"):
        return {"type": kind.__name__, "hex": float(value).hex()}
    if isinstance(value, int) or kind.__name__.startswith(("int", "uint")):
        return {"type": kind.__name__, "int": int(value)}
    return {"type": kind.__name__, "repr": normalize(repr(value))}


def _array(value):
    import numpy
    out = {"ndarray": str(value.dtype), "shape": list(value.shape)}
    flat = value.ravel().tolist()
    hexes = [float(v).hex() for v in flat]
    if len(hexes) <= ARRAY_LIMIT:
        out["hex"] = hexes
    else:
        data = numpy.ascontiguousarray(value, dtype=value.dtype.newbyteorder("<"))
        out["sha256"] = hashlib.sha256(data.tobytes()).hexdigest()
        step = max(1, len(hexes) // 8)
        out["sample"] = [[i, hexes[i]] for i in list(range(0, len(hexes), step))
                         + [len(hexes) - 1]]
    return out


def _outcome(fn):
    try:
        return encode(fn())
    except Exception as exc:  # noqa: BLE001 - the exception is the answer recorded
        return error(exc)


# -- running -----------------------------------------------------------------------

class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages = []

    def emit(self, record):
        self.messages.append(normalize(record.getMessage()))


def run(impl, scenario):
    """Run ``scenario`` on the implementation namespace ``impl``; its answers, encoded.

    ``{"build": null or the constructor's exception, "ops": [one per op],
    "final": {"state_dict", "get_config", "repr"}}``; an op's answer is
    ``{"r": result}`` plus ``"logs": {"count", "first"}`` when it logged.
    ``scenario["log"]`` turns INFO on for logger ``cysched.lr_scheduler``
    (off: the schedulers' paths without logging run).
    """
    logger = logging.getLogger(LOGGER)
    handler = _Capture()
    saved = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if scenario.get("log") else logging.WARNING)
    logger.propagate = False
    try:
        return _run(impl, scenario, handler)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def _run(impl, scenario, handler):
    try:
        sched = build(impl, scenario["build"])
    except Exception as exc:  # noqa: BLE001 - recorded
        return {"build": error(exc), "ops": [], "final": None}
    answers = []
    for op in scenario["ops"]:
        start = len(handler.messages)
        sched, answer = _op(impl, sched, op)
        entry = {"r": answer}
        logs = _logs(handler.messages[start:])
        if logs is not None:
            entry["logs"] = logs
        answers.append(entry)
    final = {"state_dict": _outcome(sched.state_dict),
             "get_config": _outcome(sched.get_config),
             "repr": _repr(sched)}
    return {"build": None, "ops": answers, "final": final}


def _repr(sched):
    try:
        return normalize(repr(sched))
    except Exception as exc:  # noqa: BLE001 - recorded
        return error(exc)


def _logs(messages):
    if not messages:
        return None
    return {"count": len(messages), "first": messages[:LOG_FIRST]}


def _op(impl, sched, op):
    kind = op["op"]
    if kind == "calls":
        return sched, [_outcome(lambda: sched(n)) for n in decode(op["n"], impl)]
    if kind == "sweep":
        return sched, [_outcome(lambda: sched(n)) for n in range(*op["range"])]
    if kind == "evaluate":
        try:
            updates = decode(op["n"], impl)
        except Exception as exc:  # noqa: BLE001 - an input NumPy refuses
            return sched, {"input": error(exc)}
        return sched, _outcome(lambda: sched.evaluate(updates))
    if kind == "set":
        try:
            value = decode(op["value"], impl)
        except Exception as exc:  # noqa: BLE001 - a part that cannot be built
            return sched, {"input": error(exc)}
        return sched, _outcome(lambda: setattr(sched, op["attr"], value))
    if kind == "get":
        return sched, _outcome(lambda: getattr(sched, op["attr"]))
    if kind == "records":
        return sched, [_outcome(lambda: sched.record(decode(m, impl)))
                       for m in op["metrics"]]
    if kind == "warmup_lr":
        return sched, [_outcome(lambda: sched.get_warmup_lr(n))
                       for n in decode(op["n"], impl)]
    if kind == "deepcopy":
        try:
            twin = copy.deepcopy(sched)
        except Exception as exc:  # noqa: BLE001 - recorded; the original goes on
            return sched, error(exc)
        return twin, encode(type(twin).__name__)
    raise ValueError("unknown op %r" % (op,))


# -- comparing ---------------------------------------------------------------------

def compare(expected, got, path="", out=None, messages=True):
    """The differences between a recorded answer and a replayed one, as
    ``(path, expected, got)``; an exception recorded without ``"message"``
    (the two implementations worded it differently) is compared by type only,
    and so is every exception when ``messages`` is false."""
    if out is None:
        out = []
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            out.append((path, expected, got))
        elif "raises" in expected and ("message" not in expected or not messages):
            if got.get("raises") != expected["raises"] or set(got) - {"message"} \
                    != set(expected) - {"message"}:
                out.append((path, expected, got))
        elif set(expected) != set(got):
            out.append((path, expected, got))
        else:
            for key in expected:
                compare(expected[key], got[key], "%s.%s" % (path, key), out, messages)
    elif isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            out.append((path, expected, got))
        else:
            for i, (e, g) in enumerate(zip(expected, got)):
                compare(e, g, "%s[%d]" % (path, i), out, messages)
    elif type(expected) is not type(got) or expected != got:
        out.append((path, expected, got))
    return out


def load(path=CORPUS):
    return json.loads(pathlib.Path(path).read_text())


def short(value, limit=300):
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= limit else text[:limit] + "..."
