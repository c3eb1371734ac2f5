"""``isolated(impl, code)``: test code run in a fresh interpreter with a timeout,
so that a crash or a hang fails the test instead of killing the run."""
import subprocess
import sys
import textwrap

#: Makes ``L``, the public classes of the implementation named by argv[1].
PRELUDE = '''
import importlib, sys, threading, types
import numpy
from cysched import _messages as _m, _modules, lr_scheduler
FAMILIES = [name for name in lr_scheduler.__all__ if name not in lr_scheduler.MXNET + ["Schedule"]]
L = types.SimpleNamespace()
for pair in _modules.TWINS:
    module = importlib.import_module(pair[sys.argv[1] == "c"])
    for name in module.__all__:
        setattr(L, name, getattr(module, name))

def in_small_stack(function, kib=256):
    """function() in a thread with a small stack; its result or exception."""
    out = []
    def run():
        try:
            out.append(function())
        except BaseException as exc:
            out.append(exc)
    threading.stack_size(kib * 1024)
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    threading.stack_size(0)
    return out[0]
'''


def isolated(impl, code, timeout=60):
    """Run ``code`` (after PRELUDE) for ``impl`` in a fresh interpreter; its stdout."""
    kind = "c" if impl.__name__.endswith("_c") else "py"
    script = PRELUDE + textwrap.dedent(code)
    proc = subprocess.run([sys.executable, "-c", script, kind], capture_output=True,
                          text=True, timeout=timeout, cwd=sys.prefix)
    assert proc.returncode == 0, "exit status %d\n%s\n%s" % (
        proc.returncode, proc.stdout[-3000:], proc.stderr[-3000:])
    return proc.stdout
