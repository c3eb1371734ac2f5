"""First jitted optax step with a 10^7-step schedule: cysched's closed form
(``cysched.jax.schedule(s)``), its exact table (``exact=True``) and optax's own
``warmup_cosine_decay_schedule`` for the same warmup-then-cosine shape.

Each case runs in a fresh interpreter (no compilation cache), every library
imported first: the time from building the schedule to the first step's
result, compile included; median of repeats, in seconds.

    python benchmarks/bench_jax_bridge.py            # 3 repeats
    python benchmarks/bench_jax_bridge.py --quick    # 1 repeat

``run(quick)`` returns the rows as ``(name, seconds)``; without JAX, none.
"""
import argparse
import importlib.util
import statistics
import subprocess
import sys

STEPS = 10 ** 7
WARMUP = 10 ** 5

CASE = r'''
import sys, time
import jax, jax.numpy as jnp, optax
kind, steps, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
import cysched.jax, cysched._closed
from cysched import lr_scheduler
params = {"w": jnp.zeros((64, 64))}
grads = {"w": jnp.ones((64, 64))}
start = time.perf_counter()          # the libraries are imported: not timed
if kind == "optax":
    lr = optax.warmup_cosine_decay_schedule(0.0, 0.1, warmup, steps, end_value=1e-3)
else:
    s = lr_scheduler.CosineScheduler(max_update=steps, base_lr=0.1, final_lr=1e-3,
                                     warmup_steps=warmup)
    lr = cysched.jax.schedule(s, steps, exact=True) if kind == "table" else \
        cysched.jax.schedule(s)
opt = optax.sgd(learning_rate=lr, momentum=0.9)

@jax.jit
def step(params, state):
    updates, state = opt.update(grads, state, params)
    return optax.apply_updates(params, updates), state

new, state = step(params, opt.init(params))
jax.block_until_ready(new)
print(time.perf_counter() - start)
'''

KINDS = (("optax warmup_cosine_decay_schedule", "optax"),
         ("cysched.jax.schedule(CosineScheduler), closed form", "closed"),
         ("cysched.jax.schedule(CosineScheduler, exact=True), 10^7-step table", "table"))


def _once(kind):
    out = subprocess.run([sys.executable, "-c", CASE, kind, str(STEPS), str(WARMUP)],
                         check=True, capture_output=True, text=True, timeout=600)
    return float(out.stdout.split()[-1])


def run(quick=False):
    """``[(name, seconds), ...]``: median first-step time of each case."""
    if importlib.util.find_spec("jax") is None or importlib.util.find_spec("optax") is None:
        return []
    repeats = 1 if quick else 3
    times = {kind: [] for _, kind in KINDS}
    for _ in range(repeats):                  # interleaved: the machine's load is shared
        for _, kind in KINDS:
            times[kind].append(_once(kind))
    return [(name, statistics.median(times[kind])) for name, kind in KINDS]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repeat")
    args = parser.parse_args(argv)
    rows = run(args.quick)
    if not rows:
        print("JAX or optax is not installed: nothing to measure")
        return
    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        print("%-*s  %6.3f s" % (width, name, seconds))
    print("closed form / optax: %.2fx" % (rows[1][1] / rows[0][1]))


if __name__ == "__main__":
    main()
