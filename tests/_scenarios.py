"""Replay a reference scenario (format: tests/data/README.md) on an implementation."""
import json
import logging
import pathlib

DATA = pathlib.Path(__file__).parent / "data" / "mxnet_lr_scheduler_vectors.json"
CLAMP_TAIL = "will not change in the future"


def load_cases():
    return json.loads(DATA.read_text())["cases"]


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _logs(messages):
    # The reference leaves out MXNet's "...will not change in the future" line.
    kept = [m for m in messages if CLAMP_TAIL not in m]
    return {"count": len(kept), "first": kept[:20]}


def _error(exc):
    return {"type": type(exc).__name__, "message": str(exc)}


def run(module, scenario, capture_logs=True):
    """Run ``scenario`` on ``module``; return (result, raw log messages)."""
    logger = logging.getLogger("cysched.lr_scheduler")
    handler = Capture()
    old_level = logger.level
    if capture_logs:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    try:
        return _run(module, scenario, handler), handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def _run(module, scenario, handler):
    cls = getattr(module, scenario["class"])
    try:
        sched = cls(**scenario["kwargs"])
    except Exception as exc:  # noqa: BLE001 - recorded and compared
        return {"id": scenario["id"], "raises": _error(exc)}
    results = []
    for op in scenario["ops"]:
        start = len(handler.messages)
        if op["op"] == "set":
            setattr(sched, op["attr"], op["value"])
            results.append(None)
        elif op["op"] == "call":
            try:
                lr = sched(op["n"])
            except Exception as exc:  # noqa: BLE001
                results.append({"raises": _error(exc)})
            else:
                results.append({"lr": lr, "logs": _logs(handler.messages[start:])})
        else:
            lrs = [sched(n) for n in range(op["start"], op["stop"])]
            results.append({"lrs": lrs, "logs": _logs(handler.messages[start:])})
    return {"id": scenario["id"], "results": results, "sched": sched}


def same_number(a, b):
    """Same type (int or float) and the same float64 bits."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a.hex() == b.hex()
    return a == b
