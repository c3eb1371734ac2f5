"""The rows of the second performance pass (issue 15), called by run.py.

NumPy scalar arguments, the families per call, SequentialScheduler by number
of parts, evaluate's input kinds with peak memory, MultiFactorScheduler with
10**6 steps, CosineRestartScheduler.evaluate, evaluate's fixed cost, out=
against NumPy's fill, and evaluate by size with one and two threads.  Rows
that allocate large arrays or set OMP_NUM_THREADS run in a fresh interpreter.
"""
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time

#: Families per call: (row, class, arguments).
FAMILIES = [
    ("ConstantScheduler", "ConstantScheduler", dict(base_lr=0.1)),
    ("LinearScheduler", "LinearScheduler", dict(max_update=800)),
    ("ExponentialScheduler", "ExponentialScheduler", dict(gamma=0.99)),
    ("InverseSqrtScheduler", "InverseSqrtScheduler", dict(warmup_steps=100)),
    ("WarmupStableDecayScheduler", "WarmupStableDecayScheduler", dict(max_update=800)),
    ("PiecewiseScheduler", "PiecewiseScheduler", dict(boundaries=[250, 750],
                                                       values=[1.0, 0.5, 0.25])),
    ("OneCycleScheduler", "OneCycleScheduler", dict(max_lr=1.0, total_steps=1000)),
    ("CyclicScheduler", "CyclicScheduler", dict(base_lr=0.1, max_lr=1.0, step_size_up=100)),
    ("CosineRestartScheduler", "CosineRestartScheduler", dict(cycle_length=100, cycle_mult=2)),
]


def _best(fn, reps):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _per_call(s, args, reps):
    """ns per call of ``s(n)`` over ``args`` (a list), best of ``reps``."""
    def sweep():
        for n in args:
            s(n)
    return _best(sweep, reps) * 1e9 / len(args)


def _loop_ns(args, reps):
    def sweep():
        for n in args:
            abs(n)
    return _best(sweep, reps) * 1e9 / len(args)


def _fresh(code, env_extra=None, timeout=900):
    """Run ``code`` in a fresh interpreter; its last stdout line, as JSON."""
    env = dict(os.environ, **(env_extra or {}))
    # Not from the source tree, whose cysched/ is the pure-Python package.
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env,
                          cwd=tempfile.gettempdir(), capture_output=True, text=True,
                          timeout=timeout)
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def numpy_scalars(np, lr, compiled, mx, reps, tutorial):
    """ns per call with NumPy int64 arguments, compiled against MXNet."""
    args = [np.int64(n) for n in range(1, 1001)]
    rows = []
    for row, cls, kwargs in tutorial[:4]:
        c = _per_call(getattr(compiled, cls)(**kwargs), args, reps)
        m = _per_call(getattr(mx, cls)(**kwargs), args, reps) if mx else None
        rows.append([row, "%.1f" % c, "%.1f" % m if m else "–",
                     "%.2fx" % (m / c) if m else "–"])
    return rows


def _paired(s, args, reps):
    """ns per call of ``s(n)`` and of ``abs(n)`` over ``args``, their sweeps
    taken in turn (best of ``reps`` each), so load that comes and goes weighs
    on both sides of the ratio alike."""
    calls, absn = [], []
    for _ in range(reps):
        calls.append(_per_call(s, args, 1))
        absn.append(_loop_ns(args, 1))
    return min(calls), min(absn)


def families_per_call(lr, reps):
    args = list(range(1, 1001))
    cosine, absn = _paired(lr.CosineScheduler(max_update=800), args, reps)
    rows = [["CosineScheduler (MXNet's class)", "%.1f" % cosine, "%.1f" % absn, "1.00x",
             "%.2fx" % (cosine / absn)]]
    for row, cls, kwargs in FAMILIES:
        ns, absn = _paired(getattr(lr, cls)(**kwargs), args, reps)
        rows.append([row, "%.1f" % ns, "%.1f" % absn, "%.2fx" % (ns / cosine),
                     "%.2fx" % (ns / absn)])
    return rows


def sequential_parts(lr, reps, sizes=(1, 100, 10_000)):
    args = list(range(1, 1001))
    rows = []
    one = None
    for parts in sizes:
        s = lr.SequentialScheduler([lr.ConstantScheduler(base_lr=0.1 + k * 1e-6)
                                    for k in range(parts)], list(range(1, parts)))
        ns = _per_call(s, args, reps)
        one = one or ns
        rows.append(["%s parts" % format(parts, ","), "%.1f" % ns, "%.2fx" % (ns / one)])
    return rows


INPUT_KINDS = """
    import json, resource, sys, time
    import numpy as np
    import cysched.lr_scheduler as L
    assert L.COMPILED, "the compiled classes did not import"
    N, kind = {n}, {kind!r}
    s = L.CosineScheduler(max_update=N, base_lr=1.0)
    given = {{"range": lambda: range(1, N + 1),
              "int64": lambda: np.arange(1, N + 1, dtype=np.int64),
              "float64": lambda: np.arange(1, N + 1, dtype=np.float64)}}[kind]()
    s.evaluate(given[:1000] if kind != "range" else range(1, 1001))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    t0 = time.perf_counter()
    out = s.evaluate(given)
    seconds = time.perf_counter() - t0
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before
    print(json.dumps([seconds, grown, out.nbytes]))
"""


def input_kinds(n):
    rows = []
    results = {kind: _fresh(INPUT_KINDS.format(n=n, kind=kind))
               for kind in ("float64", "int64", "range")}
    base = results["float64"][0]
    for kind, (seconds, grown, nbytes) in results.items():
        rows.append(["`%s`" % kind, "%.1f" % (seconds * 1e3), "%.2fx" % (seconds / base),
                     "%.0f" % (grown / 2 ** 20), "%.2fx" % (grown / nbytes)])
    return rows


def multifactor(compiled, mx, n=10 ** 6):
    steps = list(range(1, n + 1))
    rows = []
    for label, module in (("compiled", compiled), ("MXNet 1.9.1", mx)):
        if module is None:
            continue
        build = _best(lambda: module.MultiFactorScheduler(step=steps, factor=0.9999), 3)
        jumps = []
        for _ in range(3):
            s = module.MultiFactorScheduler(step=steps, factor=0.9999)
            jumps.append(_best(lambda: s(n + 5), 1))
        rows.append([label, "%.1f" % (build * 1e3), "%.2f" % (min(jumps) * 1e3)])
    return rows


def restart_evaluate(np, lr, n, reps):
    x = np.arange(1, n + 1, dtype=np.float64)
    out = np.empty(n)
    rows = []
    cos = None
    for label, s in (("CosineScheduler (MXNet's class)", lr.CosineScheduler(max_update=n)),
                     ("CosineRestartScheduler, cycle_mult=2",
                      lr.CosineRestartScheduler(1000, cycle_mult=2)),
                     ("CosineRestartScheduler, cycle_mult=1",
                      lr.CosineRestartScheduler(1000))):
        ns = _best(lambda: s.evaluate(x, out=out), reps) * 1e9 / n
        cos = cos or ns
        rows.append([label, "%.2f" % ns, "%.2fx" % (ns / cos)])
    return rows


def fixed_cost(np, lr, reps, tutorial):
    x = np.array([5.0])
    rows = []
    names = [cls for _, cls, _ in tutorial[:4]] + [cls for _, cls, _ in FAMILIES]
    kwargs = dict([(cls, kw) for _, cls, kw in tutorial[:4] + FAMILIES])
    for cls in names + ["SequentialScheduler", "ProductScheduler", "PlateauScheduler",
                        "Warmup"]:
        if cls == "SequentialScheduler":
            s = lr.SequentialScheduler([lr.ConstantScheduler(), lr.ConstantScheduler()], [5])
        elif cls == "ProductScheduler":
            s = lr.ProductScheduler(lr.ConstantScheduler(), lr.ConstantScheduler())
        elif cls == "PlateauScheduler":
            s = lr.PlateauScheduler(lr.ConstantScheduler())
        elif cls == "Warmup":
            s = lr.Warmup(lr.ConstantScheduler(), warmup_steps=3)
        else:
            s = getattr(lr, cls)(**kwargs[cls])
        us = _best(lambda: [s.evaluate(x) for _ in range(1000)], reps) * 1e3
        rows.append([cls, "%.2f" % us])
    return rows


def out_against_fill(np, lr, n, reps):
    buf = np.empty(n)
    s = lr.FactorScheduler(step=250, factor=0.5, base_lr=1)
    r = range(1, n + 1)
    s.evaluate(r, out=buf)
    ours = _best(lambda: s.evaluate(r, out=buf), reps)
    fill = _best(lambda: buf.fill(0.5), reps)
    return [["`FactorScheduler.evaluate(range(1, N + 1), out=buf)`", "%.2f" % (ours * 1e3),
             "%.2fx" % (ours / fill)],
            ["`buf.fill(0.5)`", "%.2f" % (fill * 1e3), "1.00x"]]


THREADS = """
    import json, time
    import numpy as np
    import cysched.lr_scheduler as L
    assert L.COMPILED, "the compiled classes did not import"
    rows = []
    for n in {sizes}:
        x = np.arange(1, n + 1, dtype=np.float64)
        out = np.empty(n)
        row = []
        for s in (L.CosineScheduler(max_update=n), L.CosineRestartScheduler(1000, cycle_mult=2)):
            s.evaluate(x, out=out)
            reps = max(3, min(200, 10 ** 7 // n))
            best = min((lambda t: (s.evaluate(x, out=out), time.perf_counter() - t)[1])(
                time.perf_counter()) for _ in range(reps))
            row.append(best * 1e9 / n)
        rows.append(row)
    print(json.dumps(rows))
"""


def threads(sizes):
    one = _fresh(THREADS.format(sizes=list(sizes)), {"OMP_NUM_THREADS": "1"})
    two = _fresh(THREADS.format(sizes=list(sizes)), {"OMP_NUM_THREADS": "2"})
    rows = []
    for n, a, b in zip(sizes, one, two):
        rows.append([format(n, ","), "%.2f" % a[0], "%.2f" % b[0], "%.2fx" % (a[0] / b[0]),
                     "%.2f" % a[1], "%.2f" % b[1], "%.2fx" % (a[1] / b[1])])
    return rows


def section(np, lr, compiled, mx, quick, table, tutorial, log):
    """The markdown lines of these rows."""
    reps = 5 if quick else 21
    big = 10 ** 6 if quick else 10 ** 8
    out = ["## Second pass (issue 15)", ""]

    def part(title, text, header, rows):
        """One table: its title, what it measures, the rows (measured now)."""
        log(title)
        out.extend(["### " + title, "", text, "", table(header, rows()), ""])

    part("NumPy int64 arguments",
         "ns per call of `for n in args: s(n)` with `args` 1..1000 as `numpy.int64` "
         "(best of %d); target: compiled at least 3x MXNet." % reps,
         ["class", "compiled", "MXNet 1.9.1", "MXNet / compiled"],
         lambda: numpy_scalars(np, lr, compiled, mx, reps, tutorial))
    part("Families per call",
         "ns per call over n = 1..1000, each row's sweeps taken in turn with sweeps of "
         "`abs(n)` (best of %d each); targets: at most 1.5x CosineScheduler's and 2.5x "
         "`abs(n)`." % reps,
         ["class", "ns per call", "`abs(n)`, ns", "vs CosineScheduler", "vs abs(n)"],
         lambda: families_per_call(lr, reps))
    part("SequentialScheduler by parts",
         "ns per call over n = 1..1000 of ConstantScheduler parts; target: 10,000 parts "
         "at most 2x one part.",
         ["parts", "ns per call", "vs 1 part"], lambda: sequential_parts(lr, reps))
    part("evaluate by input kind",
         "CosineScheduler.evaluate of %s updates given as each kind, in a fresh "
         "interpreter: time and peak RSS growth (the output is %d MiB); targets: a "
         "range at most 1.2x the float64 time and 1.1x the output's memory." % (
             format(big, ","), big * 8 // 2 ** 20),
         ["input", "ms", "vs float64", "peak RSS growth, MiB", "vs output"],
         lambda: input_kinds(big))
    part("MultiFactorScheduler with 1,000,000 steps",
         "Construction, and the first call past every step (one jump); targets: "
         "construction at least as fast as MXNet, the jump under 20 ms.",
         ["", "construction, ms", "jump, ms"], lambda: multifactor(compiled, mx))
    n = 10 ** 6 if quick else 10 ** 7
    part("CosineRestartScheduler.evaluate",
         "ns per element of `evaluate(x, out=buf)`, %s float64 updates; target: "
         "cycle_mult=2 at most 2x CosineScheduler." % format(n, ","),
         ["schedule", "ns per element", "vs CosineScheduler"],
         lambda: restart_evaluate(np, lr, n, max(3, reps // 3)))
    part("evaluate's fixed cost",
         "µs per `s.evaluate(numpy.array([5.0]))` (best of %d runs of 1,000); target: "
         "under 2 µs for every class." % reps,
         ["class", "µs per call"], lambda: fixed_cost(np, lr, reps, tutorial))
    n = 10 ** 7
    part("out= against NumPy's fill",
         "N = %s; target: at most 1.5x `fill`." % format(n, ","),
         ["", "ms", "vs fill"], lambda: out_against_fill(np, lr, n, max(3, reps // 3)))
    sizes = [10 ** k for k in range(3, 7 if quick else 9)]
    part("Threads",
         "ns per element of `evaluate(x, out=buf)` (float64 input), fresh interpreters "
         "with `OMP_NUM_THREADS=1` and `2`; evaluate uses threads from 65,536 "
         "elements on.",
         ["elements", "Cosine, 1 thread", "Cosine, 2", "speed-up",
          "CosineRestart m=2, 1 thread", "CosineRestart, 2", "speed-up"],
         lambda: threads(sizes))
    return out
