"""cysched's performance, in one table: ``python -m benchmarks`` (or ``python benchmarks/run.py``).

Sections
  1. per call: ``for n in range(1, 1001): s(n)`` over the tutorial's schedules,
     nanoseconds per call for the compiled classes, the pure-Python twin and
     MXNet 1.9.1 (its ``lr_scheduler.py`` from the PyPI wheel), next to the
     empty loop and ``abs(n)``; ratios net of the empty loop, from one run.
  2. ``evaluate`` on ``--steps`` updates (10,000,000): against a hand-written
     NumPy expression of the same formula and the Python loop over MXNet;
     then the second pass's rows (``benchmarks/second_pass.py``).
  3. PyTorch: ``scheduler.step()`` per step for the equivalent schedules.
  4. the C API: ``lr_at`` from a tiny Cython consumer compiled against the
     installed ``.pxd``, called without the GIL.
  5. import time (``python -X importtime``) and what ``import`` loads.
  6. the size of a scheduler object.

Every number is a median of repeated, interleaved runs.  ``--quick`` runs a
smaller version in well under a minute.  The table is printed and written to
``benchmarks/RESULTS.md`` (``--output``).  Run it from the repository root
against the installed package (``pip install .`` first).
"""
import argparse
import datetime
import gc
import glob
import importlib
import importlib.util
import math
import os
import pathlib
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import types
import warnings
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
MXNET_VERSION = "1.9.1"


def use_installed_package():
    """Import cysched from site-packages, not the source tree next to this
    folder (it has no compiled extension); fall back to the source tree."""
    repo = HERE.parent
    kept = [p for p in sys.path if pathlib.Path(p or os.curdir).resolve() != repo]
    if len(kept) != len(sys.path):
        saved, sys.path[:] = list(sys.path), kept
        if importlib.util.find_spec("cysched") is None:
            sys.path[:] = saved


#: The tutorial's schedules (examples/schedule_learning_rate.md), by row name.
TUTORIAL = [
    ("FactorScheduler", "FactorScheduler", dict(base_lr=1, step=250, factor=0.5)),
    ("MultiFactorScheduler", "MultiFactorScheduler",
     dict(base_lr=1, step=[250, 750, 900], factor=0.5)),
    ("PolyScheduler", "PolyScheduler", dict(base_lr=1, final_lr=1e-3, max_update=800, pwr=2)),
    ("CosineScheduler", "CosineScheduler", dict(base_lr=1, final_lr=1e-3, max_update=800)),
    ("CosineScheduler, warmup", "CosineScheduler",
     dict(base_lr=1, final_lr=1e-3, max_update=800, warmup_steps=100, warmup_begin_lr=0,
          warmup_mode="linear")),
]


# -- helpers ------------------------------------------------------------------------

def median(values):
    return statistics.median(values) if values else float("nan")


def fmt(value, digits=1):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return "%.*f" % (digits, value)


def ratio(a, b, digits=2):
    if a is None or b is None or not b or math.isnan(a) or math.isnan(b):
        return "–"
    return "%.*fx" % (digits, a / b)


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join(":--" if i == 0 else "--:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def cpu_model():
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return pathlib.Path(base) / "cysched-bench"


# -- MXNet 1.9.1's lr_scheduler.py ---------------------------------------------------

def load_mxnet(log):
    """``mxnet/lr_scheduler.py`` of the mxnet==1.9.1 wheel, run as a module.

    The wheel is downloaded once with ``pip download`` into the cache dir
    (``$XDG_CACHE_HOME/cysched-bench``); the module needs only ``logging`` and
    ``math``.  ``None`` (and why) when it cannot be had.
    """
    source = os.environ.get("CYSCHED_MXNET_LR_SCHEDULER")
    if source:
        text = pathlib.Path(source).read_text()
    else:
        cache = cache_dir()
        wheels = sorted(glob.glob(str(cache / ("mxnet-%s-*.whl" % MXNET_VERSION))))
        if not wheels:
            log("downloading mxnet==%s (about 50 MB, once) into %s" % (MXNET_VERSION, cache))
            cache.mkdir(parents=True, exist_ok=True)
            try:
                subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps",
                                "--only-binary=:all:", "mxnet==%s" % MXNET_VERSION,
                                "-d", str(cache)], check=True, capture_output=True,
                               timeout=900)
            except (OSError, subprocess.SubprocessError) as exc:
                return None, "pip download mxnet==%s failed (%s)" % (MXNET_VERSION,
                                                                     type(exc).__name__)
            wheels = sorted(glob.glob(str(cache / ("mxnet-%s-*.whl" % MXNET_VERSION))))
            if not wheels:
                return None, "no mxnet==%s wheel was downloaded" % MXNET_VERSION
        with zipfile.ZipFile(wheels[-1]) as wheel:
            text = wheel.read("mxnet/lr_scheduler.py").decode("utf-8")
        source = "%s!mxnet/lr_scheduler.py" % wheels[-1]
    module = types.ModuleType("mxnet_lr_scheduler_%s" % MXNET_VERSION.replace(".", "_"))
    module.__file__ = source
    exec(compile(text, source, "exec"), module.__dict__)
    return module, None


# -- 1. per call ---------------------------------------------------------------------

def _sweep_empty(s, r):
    for n in r:
        pass


def _sweep_abs(s, r):
    for n in r:
        abs(n)


def _sweep(s, r):
    for n in r:
        s(n)


def per_call(impls, reps, log):
    """ns per call over 1..1000, fresh scheduler each sweep, interleaved; medians."""
    r = range(1, 1001)
    cells = {("floor", "empty"): (_sweep_empty, lambda: None),
             ("floor", "abs"): (_sweep_abs, lambda: None)}
    for row, cls, kwargs in TUTORIAL:
        for label, module in impls.items():
            cells[(row, label)] = (_sweep, (lambda m=module, c=cls, k=kwargs:
                                            getattr(m, c)(**k)))
    samples = {key: [] for key in cells}
    timer = time.perf_counter_ns
    order = list(cells)
    shuffle = random.Random(0).shuffle      # no cell always runs first or after another
    gc.disable()
    try:
        for rep in range(reps):
            shuffle(order)
            for key in order:
                fn, make = cells[key]
                s = make()
                t0 = timer()
                fn(s, r)
                samples[key].append((timer() - t0) / 1000.0)
    finally:
        gc.enable()
    return {key: median(v) for key, v in samples.items()}


# -- 2. evaluate ----------------------------------------------------------------------

def numpy_cosine(np, n, base_lr, final_lr, max_update, warmup_steps, warmup_begin_lr):
    """The cosine-with-warmup formula as one would write it with NumPy."""
    max_steps = max_update - warmup_steps
    decay = final_lr + (base_lr - final_lr) * (
        1 + np.cos(math.pi * (np.minimum(n, max_update) - warmup_steps) / max_steps)) / 2
    warm = warmup_begin_lr + (base_lr - warmup_begin_lr) * n / warmup_steps
    return np.where(n < warmup_steps, warm, decay)


def numpy_poly(np, n, base_lr, final_lr, max_update, pwr):
    return final_lr + (base_lr - final_lr) * (1 - np.minimum(n, max_update) / max_update) ** pwr


def numpy_factor(np, n, base_lr, step, factor, stop_factor_lr=1e-8):
    k = (n - 1) // step                     # decays done by update n
    return np.maximum(base_lr * factor ** k, stop_factor_lr)


def numpy_multifactor(np, n, base_lr, steps, factor):
    k = np.searchsorted(np.asarray(steps, dtype=np.float64), n, side="left")
    return base_lr * factor ** k


def timed(fns, reps):
    """Median seconds of each function, the runs interleaved (a busy machine
    then slows all of them alike)."""
    times = [[] for _ in fns]
    for _ in range(reps):
        for fn, samples in zip(fns, times):
            if fn is None:
                continue
            gc.collect()
            t0 = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - t0)
    return [median(samples) if samples else None for samples in times]


def evaluate_section(np, impls, steps, reps, mxnet_loop_steps, log):
    compiled = impls.get("compiled")
    pure = impls["pure"]
    mx = impls.get("MXNet %s" % MXNET_VERSION)
    n = np.arange(1, steps + 1, dtype=np.float64)
    cos_kw = dict(base_lr=1, final_lr=1e-3, max_update=steps * 8 // 10,
                  warmup_steps=steps // 10, warmup_begin_lr=0)
    poly_kw = dict(base_lr=1, final_lr=1e-3, max_update=steps * 8 // 10, pwr=2)
    fac_kw = dict(base_lr=1, step=max(1, steps // 4), factor=0.5)
    multi = [steps // 4, steps * 3 // 4, steps * 9 // 10]
    tut_fac = dict(base_lr=1, step=250, factor=0.5)
    tut_multi = [250, 750, 900]
    rows = []
    specs = [
        ("CosineScheduler, warmup", "CosineScheduler", dict(cos_kw, warmup_mode="linear"),
         lambda: numpy_cosine(np, n, **cos_kw)),
        ("PolyScheduler", "PolyScheduler", poly_kw, lambda: numpy_poly(np, n, **poly_kw)),
        ("FactorScheduler, step=250", "FactorScheduler", tut_fac,
         lambda: numpy_factor(np, n, **tut_fac)),
        ("FactorScheduler, step=N/4", "FactorScheduler", fac_kw,
         lambda: numpy_factor(np, n, **fac_kw)),
        ("MultiFactorScheduler, [250, 750, 900]", "MultiFactorScheduler",
         dict(base_lr=1, step=tut_multi, factor=0.5),
         lambda: numpy_multifactor(np, n, 1, tut_multi, 0.5)),
        ("MultiFactorScheduler, N x [0.25, 0.75, 0.9]", "MultiFactorScheduler",
         dict(base_lr=1, step=multi, factor=0.5),
         lambda: numpy_multifactor(np, n, 1, multi, 0.5)),
    ]
    for row, cls, kwargs, expr in specs:
        log("evaluate: %s" % row)
        t_np, t_c = timed([expr, (lambda: getattr(compiled, cls)(**kwargs).evaluate(n))
                           if compiled else None], reps)
        # The pure twin and the loops are slow: fewer steps, scaled up.
        small = min(steps, mxnet_loop_steps)
        scale = steps / small
        t_py = timed([lambda: getattr(pure, cls)(**kwargs).evaluate(n[:small])],
                     max(1, reps // 2))[0] * scale
        t_mx = t_mx_array = same = None
        if mx is not None:
            ref = getattr(mx, cls)(**kwargs)
            t0 = time.perf_counter()
            looped = np.array([ref(k) for k in range(1, small + 1)], dtype=np.float64)
            t_mx = (time.perf_counter() - t0) * scale
            mine = getattr(compiled or pure, cls)(**kwargs).evaluate(n[:small])
            same = bool((mine.view(np.int64) == looped.view(np.int64)).all())
            # The loop of the definition, over the array itself (NumPy scalars).
            few = min(small, 200_000)
            ref = getattr(mx, cls)(**kwargs)
            t0 = time.perf_counter()
            np.array([ref(k) for k in n[:few]], dtype=np.float64)
            t_mx_array = (time.perf_counter() - t0) * steps / few
        rows.append(dict(row=row, numpy=t_np, compiled=t_c, pure=t_py, mxnet=t_mx, same=same,
                         mxnet_array=t_mx_array, scaled=scale != 1))
    return rows, cos_kw


def one_thread_cosine(steps, cos_kw, reps):
    """The cosine row's compiled evaluate with OMP_NUM_THREADS=1, in a subprocess."""
    code = ("import time, numpy as np\nfrom cysched import _lr_scheduler_c as C\n"
            "n = np.arange(1, %d + 1, dtype=np.float64)\nts = []\n"
            "for _ in range(%d):\n"
            "    t = time.perf_counter(); C.CosineScheduler(**%r).evaluate(n)\n"
            "    ts.append(time.perf_counter() - t)\n"
            "ts.sort(); print(ts[len(ts) // 2])\n" % (steps, reps, dict(cos_kw)))
    env = dict(os.environ, OMP_NUM_THREADS="1")
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env, check=True, timeout=600, cwd=tempfile.gettempdir())
        return float(out.stdout.strip())
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


# -- 3. PyTorch -----------------------------------------------------------------------

def torch_section(reps, log):
    try:
        import torch
    except ImportError:
        return None, "torch is not installed"
    log("PyTorch %s" % torch.__version__)
    from torch.optim import lr_scheduler as tls

    def make(kind):
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
        if kind == "StepLR":
            return tls.StepLR(opt, step_size=250, gamma=0.5)
        if kind == "MultiStepLR":
            return tls.MultiStepLR(opt, milestones=[250, 750, 900], gamma=0.5)
        if kind == "CosineAnnealingLR":
            return tls.CosineAnnealingLR(opt, T_max=800, eta_min=1e-3)
        return tls.LambdaLR(opt, lambda e: (1 - min(e, 800) / 800) ** 2)

    results = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")      # step() before optimizer.step()
        for kind in ("StepLR", "MultiStepLR", "CosineAnnealingLR", "LambdaLR"):
            samples = []
            for _ in range(reps):
                sched = make(kind)
                step = sched.step
                t0 = time.perf_counter_ns()
                for _ in range(1000):
                    step()
                samples.append((time.perf_counter_ns() - t0) / 1000.0)
            results[kind] = median(samples)
    return (torch.__version__, results), None


# -- 4. the C API ---------------------------------------------------------------------

def build_consumer(log):
    """Compile benchmarks/consumer.pyx against the installed .pxd; the module or why not."""
    import cysched
    package = pathlib.Path(cysched.__file__).resolve().parent
    if not (package / "_lr_scheduler_c.pxd").exists():
        return None, "the installed package has no _lr_scheduler_c.pxd"
    if importlib.util.find_spec("Cython") is None:
        return None, "Cython is not installed"
    ldshared = sysconfig.get_config_var("LDSHARED")
    if not ldshared or shutil.which(shlex.split(ldshared)[0]) is None:
        return None, "no C compiler"
    work = pathlib.Path(tempfile.mkdtemp(prefix="cysched-capi-"))
    c_file = work / "cysched_bench_consumer.c"
    pyx = work / "cysched_bench_consumer.pyx"
    shutil.copy(HERE / "consumer.pyx", pyx)
    so = work / ("cysched_bench_consumer" + sysconfig.get_config_var("EXT_SUFFIX"))
    try:
        subprocess.run([sys.executable, "-m", "cython", "-3", "-I", str(package.parent),
                        str(pyx), "-o", str(c_file)], check=True, capture_output=True)
        subprocess.run(shlex.split(ldshared) + ["-O2", "-fPIC",
                                                "-I" + sysconfig.get_paths()["include"],
                                                str(c_file), "-o", str(so)],
                       check=True, capture_output=True)
    except subprocess.CalledProcessError as exc:
        return None, "building the consumer failed: %s" % exc.stderr.decode()[-300:]
    module = load("cysched_bench_consumer", so)
    log("C API consumer built in %s" % work)
    return module, None


def load(name, path):
    """The module in the file ``path`` (a sibling benchmark, the consumer)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def capi_section(compiled, reps, log):
    if compiled is None:
        return None, "the compiled extension is not installed"
    consumer, why = build_consumer(log)
    if consumer is None:
        return None, why
    results = {}
    for row, cls, kwargs in TUTORIAL:
        samples = [consumer.sweep_ns(getattr(compiled, cls)(**kwargs), 1, 1001)[0]
                   for _ in range(reps)]
        results[row] = median(samples)
    return results, None


# -- 5. import time ---------------------------------------------------------------------

def import_time(statement, reps, env_extra=None):
    """Median cumulative ms of the statement's top-level import in a fresh
    interpreter, and which heavy modules it loaded."""
    env = dict(os.environ, **(env_extra or {}))
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    target = statement.split()[-1]
    probe = ("%s\nimport sys\nprint(','.join(m for m in ('numpy', 'matplotlib', 'logging', "
             "'torch', 'jax') if m in sys.modules))" % statement)
    samples = []
    loaded = None
    for _ in range(reps):
        out = subprocess.run([sys.executable, "-X", "importtime", "-c", probe],
                             capture_output=True, text=True, env=env,
                             cwd=tempfile.gettempdir())
        for line in out.stderr.splitlines():
            # "import time: self | cumulative | <2 spaces per level>name"
            match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S+)$", line)
            if match and match.group(2) == target:
                samples.append(int(match.group(1)))
        loaded = out.stdout.strip()
    return median(samples) / 1000.0, loaded


def import_breakdown():
    """The largest cumulative entries (µs, name) of one ``import cysched.lr_scheduler``."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import cysched.lr_scheduler"],
                         capture_output=True, text=True, cwd=tempfile.gettempdir())
    parts = []
    for line in out.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| ( *)(\S+)$", line)
        if match and match.group(3) not in ("cysched", "cysched.lr_scheduler"):
            parts.append((int(match.group(1)), match.group(3)))
    return sorted(parts, reverse=True)[:8]


# -- 6. object size -----------------------------------------------------------------------

def deep_size(obj):
    """sys.getsizeof of the object, its __dict__ and every attribute value (lists deep),
    each object counted once; small shared ints and interned strings included."""
    seen = set()
    total = 0
    stack = [obj]
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, type):
            continue
        seen.add(id(item))
        total += sys.getsizeof(item)
        if item is obj:
            d = getattr(item, "__dict__", None)
            if d is not None:
                stack.append(d)
            for name in type(item)._state:
                stack.append(getattr(item, name))
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return total


# -- the report ---------------------------------------------------------------------------

def machine_header(np, compiled_module):
    import cysched
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    load = (" ".join("%.2f" % x for x in os.getloadavg()) if hasattr(os, "getloadavg")
            else "?")
    lines = [
        "- %s, %s" % (platform.platform(), cpu_model()),
        "- %s CPU cores (%s usable), load average at start %s" % (
            os.cpu_count(), usable, load),
        "- Python %s (%s), NumPy %s" % (
            platform.python_version(), platform.python_implementation(),
            np.__version__ if np else "absent"),
        "- cysched %s from %s, compiled: %s%s" % (
            cysched.__version__, pathlib.Path(cysched.__file__).parent, cysched.COMPILED,
            ", OpenMP threads for evaluate: %d" % compiled_module._threads()
            if compiled_module is not None and hasattr(compiled_module, "_threads") else ""),
        "- %s" % datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
    ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split(
        "\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="fewer repetitions and 1,000,000 evaluate steps (under a minute)")
    parser.add_argument("--steps", type=int, default=None,
                        help="updates for the evaluate section (default 10,000,000; "
                             "1,000,000 with --quick)")
    parser.add_argument("--reps", type=int, default=None,
                        help="sweeps per per-call cell (default 301; 61 with --quick)")
    parser.add_argument("--output", default=str(HERE / "RESULTS.md"),
                        help="where to write the table (default benchmarks/RESULTS.md); "
                             "'-' for nowhere")
    parser.add_argument("--no-mxnet", action="store_true", help="skip the MXNet column")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch")
    parser.add_argument("--no-capi", action="store_true", help="skip the C API consumer")
    args = parser.parse_args(argv)
    steps = args.steps or (1_000_000 if args.quick else 10_000_000)
    reps = args.reps or (61 if args.quick else 301)
    eval_reps = 3 if args.quick else 5
    mxnet_loop_steps = 200_000 if args.quick else steps

    def log(message):
        print("#", message, file=sys.stderr, flush=True)

    use_installed_package()
    try:
        import numpy as np
    except ImportError:
        np = None
    from cysched import _lr_scheduler_py as pure
    try:
        from cysched import _lr_scheduler_c as compiled
    except ImportError:
        compiled = None
    impls = {}
    if compiled is not None:
        impls["compiled"] = compiled
    impls["pure"] = pure
    mx, mx_why = (None, "--no-mxnet") if args.no_mxnet else load_mxnet(log)
    mx_label = "MXNet %s" % MXNET_VERSION
    if mx is not None:
        impls[mx_label] = mx

    command = " ".join(["python -m benchmarks"]
                       + list(argv if argv is not None else sys.argv[1:]))
    out = ["# cysched benchmarks", "", machine_header(np, compiled), "",
           "Command: `%s`" % command, ""]

    # 1. per call
    log("per call: %d interleaved sweeps of 1..1000 per cell" % reps)
    cells = per_call(impls, reps, log)
    empty, absn = cells[("floor", "empty")], cells[("floor", "abs")]
    header = ["ns per call, n = 1..1000", "compiled", "pure", mx_label if mx else "MXNet",
              "compiled vs MXNet (net)", "pure vs MXNet (net)", "compiled / abs(n)"]
    rows = [["empty loop `for n in r: pass`", fmt(empty), "", "", "", "", ""],
            ["`abs(n)`", fmt(absn), "", "", "", "", "1.00x"]]
    for row, _, _ in TUTORIAL:
        c = cells.get((row, "compiled"))
        p = cells.get((row, "pure"))
        m = cells.get((row, mx_label))
        rows.append([row, fmt(c), fmt(p), fmt(m),
                     ratio(m - empty, c - empty) if c and m else "–",
                     ratio(m - empty, p - empty) if m else "–",
                     ratio(c, absn) if c else "–"])
    out += ["## Per call", "",
            "Gross ns per call of `for n in range(1, 1001): s(n)` on a fresh scheduler of the "
            "tutorial (median of %d interleaved sweeps); \"net\" subtracts the empty loop. "
            "\"x faster\" ratios: MXNet's time over ours." % reps, "",
            table(header, rows), ""]
    if mx is None:
        out += ["MXNet column skipped: %s." % mx_why, ""]

    # 2. evaluate
    if np is None:
        out += ["## evaluate", "", "Skipped: NumPy is not installed.", ""]
    else:
        ev_rows, cos_kw = evaluate_section(np, impls, steps, eval_reps, mxnet_loop_steps, log)
        one = one_thread_cosine(steps, cos_kw, eval_reps) if compiled is not None else None
        header = ["%s updates, ms" % format(steps, ","), "NumPy expression", "compiled evaluate",
                  "pure evaluate", "loop over %s" % (mx_label if mx else "MXNet"),
                  "vs NumPy", "vs MXNet loop", "vs MXNet loop over the array",
                  "bits = MXNet loop"]
        rows = []
        for r in ev_rows:
            ours = r["compiled"] if r["compiled"] is not None else r["pure"]
            star = "*" if r["scaled"] else ""
            rows.append([r["row"], fmt(r["numpy"] * 1e3),
                         fmt(r["compiled"] * 1e3 if r["compiled"] else None),
                         fmt(r["pure"] * 1e3) + star,
                         fmt(r["mxnet"] * 1e3 if r["mxnet"] else None)
                         + (star if r["mxnet"] else ""),
                         ratio(r["numpy"], ours), ratio(r["mxnet"], ours, 0) if r["mxnet"]
                         else "–", ratio(r["mxnet_array"], ours, 0) if r["mxnet_array"]
                         else "–", {True: "yes", False: "NO", None: "–"}[r["same"]]])
        scaled_note = ("; * = measured on the first %s updates and scaled"
                       % format(min(steps, mxnet_loop_steps), ",")
                       if steps > mxnet_loop_steps else "")
        out += ["## evaluate", "",
                "`s.evaluate(n)` for `n = numpy.arange(1, %s + 1.0)`; the cosine and poly "
                "schedules are the tutorial's stretched to this length (warmup 10%%, "
                "`max_update` at 80%%); the factor schedules are the tutorial's as they are "
                "and stretched (N = the number of updates). The NumPy "
                "expression is the same formula written by hand (its bits may differ); the "
                "MXNet loop is `numpy.array([s(k) for k in range(1, N + 1)])` (Python ints); "
                "\"over the array\" loops over `n` itself, NumPy scalars, as "
                "`numpy.array([s(k) for k in n])` reads (timed on 200,000 updates, scaled). "
                "Median of %d runs%s." % (format(steps, ","), eval_reps, scaled_note), "",
                table(header, rows), ""]
        if one is not None:
            cos_row = ev_rows[0]
            out += ["Cosine row with one thread (`OMP_NUM_THREADS=1`): %s ms (%s the "
                    "two-thread run)." % (fmt(one * 1e3), ratio(one, cos_row["compiled"])), ""]

    # 2b. the second pass's rows (issue 15)
    if np is not None and compiled is not None:
        second_pass = load("second_pass", HERE / "second_pass.py")
        from cysched import lr_scheduler
        out += second_pass.section(np, lr_scheduler, compiled, mx, args.quick, table,
                                   TUTORIAL, log)

    # 3. PyTorch
    if args.no_torch:
        torch_res, torch_why = None, "--no-torch"
    else:
        torch_res, torch_why = torch_section(max(11, reps // 5), log)
    out += ["## PyTorch `scheduler.step()`", ""]
    if torch_res is None:
        out += ["Skipped: %s." % torch_why, ""]
    else:
        version, res = torch_res
        pairs = [("StepLR(step_size=250, gamma=0.5)", "StepLR", "FactorScheduler"),
                 ("MultiStepLR([250, 750, 900], 0.5)", "MultiStepLR", "MultiFactorScheduler"),
                 ("CosineAnnealingLR(T_max=800, eta_min=1e-3)", "CosineAnnealingLR",
                  "CosineScheduler"),
                 ("LambdaLR(poly, power 2)", "LambdaLR", "PolyScheduler")]
        rows = []
        for label, kind, ours in pairs:
            c = cells.get((ours, "compiled")) or cells.get((ours, "pure"))
            rows.append([label, fmt(res[kind] * 1.0), ours, fmt(c),
                         ratio(res[kind], c, 0)])
        out += ["torch %s, ns per `scheduler.step()` (1000 steps after construction, median "
                "of %d), next to the per-call time of the matching cysched schedule above." % (
                    version, max(11, reps // 5)), "",
                table(["PyTorch scheduler", "ns per step", "cysched", "ns per call", "ratio"],
                      rows), ""]

    # 3b. the PyTorch bridge, next to PyTorch's own LambdaLR and CosineAnnealingLR
    if torch_res is not None:
        log("PyTorch bridge")
        bridge = load("bench_torch_bridge", HERE / "bench_torch_bridge.py")
        bridge_rows = bridge.run(args.quick)
        out += ["## PyTorch bridge", "",
                "ns per `scheduler.step()` on a one-group SGD optimizer: PyTorch's "
                "`LambdaLR` (a cosine lambda) and `CosineAnnealingLR` against "
                "`cysched.torch.LRScheduler` driving the same cosine schedule "
                "(`benchmarks/bench_torch_bridge.py`).", "",
                table(["scheduler", "ns per step"],
                      [[name, fmt(ns)] for name, ns in bridge_rows]), ""]

    # 3c. the JAX bridge: first jitted step with a 10^7-step schedule
    log("JAX bridge")
    jax_bench = load("bench_jax_bridge", HERE / "bench_jax_bridge.py")
    jax_rows = jax_bench.run(args.quick)
    if jax_rows:
        out += ["## JAX bridge", "",
                "Seconds from building the schedule to the first jitted `optax.sgd` step's "
                "result, compile included, in a fresh interpreter with every library imported "
                "first (median of repeats), for a "
                "10^7-step warmup-then-cosine schedule (`benchmarks/bench_jax_bridge.py`).", "",
                table(["schedule", "s"], [[name, "%.3f" % sec] for name, sec in jax_rows]),
                ""]

    # 4. C API
    out += ["## C API: `lr_at` without the GIL", ""]
    if args.no_capi:
        capi, capi_why = None, "--no-capi"
    else:
        capi, capi_why = capi_section(compiled, max(11, reps // 3), log)
    if capi is None:
        out += ["Skipped: %s." % capi_why, ""]
    else:
        rows = [[row, fmt(capi[row], 2), fmt(cells.get((row, "compiled"))),
                 ratio(cells.get((row, "compiled")), capi[row], 0)] for row, _, _ in TUTORIAL]
        out += ["`benchmarks/consumer.pyx`, compiled against the installed "
                "`cysched/_lr_scheduler_c.pxd`, runs `sched.lr_at(n)` for n = 1..1000 in a "
                "`with nogil` loop (decay steps take the GIL for that one call).", "",
                table(["ns per call, n = 1..1000", "lr_at (nogil)", "Python call s(n)",
                       "ratio"], rows), ""]

    # 5. import
    log("import time")
    ireps = 5 if args.quick else 15
    rows = []
    for statement, env_extra, label in (
            ("import cysched.lr_scheduler", None, "compiled"),
            ("import cysched.lr_scheduler", {"CYSCHED_NO_EXTENSIONS": "1"}, "pure"),
            ("import cysched", None, "compiled")):
        ms, loaded = import_time(statement, ireps, env_extra)
        rows.append(["`%s` (%s)" % (statement, label), fmt(ms, 2), loaded or "none"])
    breakdown = ", ".join("%s %.2f" % (name, us / 1000.0) for us, name in import_breakdown())
    out += ["## Import", "",
            "Cumulative ms of the top-level import in `python -X importtime` (median of %d "
            "fresh interpreters); which of numpy, matplotlib, logging, torch, jax it loaded."
            % ireps, "",
            table(["statement", "ms", "loaded"], rows), "",
            "Largest cumulative entries (ms): %s." % breakdown, ""]

    # 6. size
    rows = []
    for row, cls, kwargs in TUTORIAL[:4]:
        sizes = []
        for label in ("compiled", "pure"):
            module = impls.get(label)
            if module is None:
                sizes += ["–", "–"]
                continue
            obj = getattr(module, cls)(**kwargs)
            obj(300)
            sizes += [str(sys.getsizeof(obj) + (sys.getsizeof(obj.__dict__)
                                                if getattr(obj, "__dict__", None) is not None
                                                else 0)),
                      str(deep_size(obj))]
        rows.append([cls] + sizes)
    out += ["## Object size", "",
            "Bytes: `sys.getsizeof` of the object (plus its `__dict__`), and the same plus "
            "every attribute value (each object once).", "",
            table(["class", "compiled object", "compiled + attributes", "pure object",
                   "pure + attributes"], rows), ""]

    report = "\n".join(out)
    print(report)
    if args.output != "-":
        pathlib.Path(args.output).write_text(report + "\n")
        log("written to %s" % args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
