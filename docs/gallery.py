"""Draw docs/images/gallery.png: every schedule family of cysched.lr_scheduler.

Run from the repository root with cysched and matplotlib installed::

    python docs/gallery.py [docs/images/gallery.png]

Each panel is ``cysched.plot`` of one family (several settings overlaid) over
updates 1..1000, as in MXNet's tutorial.
"""
import sys

from matplotlib.figure import Figure

import cysched
from cysched import lr_scheduler as L
from cysched.cli import TutorialCosineScheduler


class Plateau(object):
    """Plot a PlateauScheduler as training would: a made-up validation loss is
    recorded every 50 updates, and it stops improving after update 300."""

    __name__ = "plateau"

    def __init__(self, sched):
        self.sched = sched

    def __call__(self, n):
        if n % 50 == 0:
            self.sched.record(max(1.0 - n / 300, 0.0) + 0.2)
        return self.sched(n)


PANELS = [
    ("ConstantScheduler (warmup modes)", {
        mode: L.ConstantScheduler(base_lr=1.0, warmup_steps=400, warmup_begin_lr=0.05,
                                  warmup_mode=mode)
        for mode in ("linear", "constant", "cosine", "exponential")}),
    ("LinearScheduler", {
        "decay": L.LinearScheduler(1000, base_lr=1.0, final_lr=0.05, warmup_steps=100),
        "growth": L.LinearScheduler(600, base_lr=0.1, final_lr=0.8)}),
    ("PolynomialScheduler", {
        "power=2": L.PolynomialScheduler(1000, base_lr=1.0, final_lr=0.05, power=2.0),
        "power=0.5, warmup 100": L.PolynomialScheduler(1000, base_lr=1.0, final_lr=0.05,
                                                       power=0.5, warmup_steps=100)}),
    ("ExponentialScheduler", {
        "gamma=0.997": L.ExponentialScheduler(0.997, base_lr=1.0, final_lr=0.1),
        "staircase": L.ExponentialScheduler(0.5, base_lr=1.0, step=200, staircase=True)}),
    ("InverseSqrtScheduler", {
        "warmup 100": L.InverseSqrtScheduler(base_lr=1.0, warmup_steps=100),
        "timescale 300": L.InverseSqrtScheduler(base_lr=1.0, warmup_steps=100,
                                                timescale=300)}),
    ("InverseTimeScheduler", {
        "decay_rate=0.01": L.InverseTimeScheduler(0.01, base_lr=1.0),
        "staircase, step 100": L.InverseTimeScheduler(0.5, base_lr=1.0, step=100,
                                                      staircase=True)}),
    ("OneCycleScheduler", {
        "cos": L.OneCycleScheduler(1.0, 1000),
        "linear, three_phase": L.OneCycleScheduler(1.0, 1000, anneal_strategy="linear",
                                                   three_phase=True)}),
    ("CyclicScheduler", {
        mode: L.CyclicScheduler(0.1, 1.0, step_size_up=100, mode=mode, gamma=0.998)
        for mode in ("triangular", "triangular2", "exp_range")}),
    ("CosineRestartScheduler", {
        "cycle_mult=1": L.CosineRestartScheduler(250, base_lr=1.0, final_lr=0.05),
        "cycle_mult=2, peak_decay=0.7": L.CosineRestartScheduler(
            100, base_lr=1.0, final_lr=0.05, cycle_mult=2, peak_decay=0.7)}),
    ("WarmupStableDecayScheduler", {
        mode: L.WarmupStableDecayScheduler(1000, base_lr=1.0, final_lr=0.05,
                                           decay_fraction=0.3, decay_mode=mode,
                                           warmup_steps=100)
        for mode in ("linear", "cosine", "1-sqrt")}),
    ("PiecewiseScheduler", {
        kind: L.PiecewiseScheduler(*({"constant": ([250, 500, 750], [1.0, 0.5, 0.25, 0.1])}
                                     .get(kind, ([0, 250, 500, 750], [0.1, 1.0, 0.5, 0.1]))),
                                   interpolate=kind)
        for kind in ("constant", "linear", "cosine")}),
    ("PlateauScheduler (loss flat after 300)", {
        "factor=0.5, patience=1": Plateau(L.PlateauScheduler(
            base_lr=1.0, factor=0.5, patience=1, final_lr=0.1)),
        "x CosineRestart": Plateau(L.PlateauScheduler(
            L.CosineRestartScheduler(250, base_lr=1.0), factor=0.5, patience=2))}),
    ("Warmup(any schedule)", {
        "tutorial's class": L.Warmup(TutorialCosineScheduler(1.0, 0.05, 800), 200),
        "exponential, OneCycle": L.Warmup(L.OneCycleScheduler(1.0, 800, pct_start=0.0),
                                          200, warmup_begin_lr=0.01,
                                          warmup_mode="exponential")}),
    ("SequentialScheduler / ProductScheduler", {
        "sequential": L.SequentialScheduler(
            [L.LinearScheduler(100, base_lr=0.0, final_lr=1.0),
             L.ConstantScheduler(base_lr=1.0),
             L.CosineRestartScheduler(1000, base_lr=1.0, final_lr=0.1)], [100, 400]),
        "product": L.ProductScheduler(L.LinearScheduler(1000, base_lr=1.0, final_lr=0.2),
                                      L.CyclicScheduler(0.5, 1.0, step_size_up=50))}),
]


def draw(path):
    columns = 3
    rows = -(-len(PANELS) // columns)
    fig = Figure(figsize=(5.0 * columns, 3.4 * rows), layout="constrained")
    for i, (title, schedules) in enumerate(PANELS):
        ax = fig.add_subplot(rows, columns, i + 1)
        cysched.plot(schedules, 1000, ax=ax, title=title, s=1)
        ax.legend(fontsize="small", markerscale=6)
    fig.savefig(path, dpi=72, metadata={"Software": None})


if __name__ == "__main__":
    draw(sys.argv[1] if len(sys.argv) > 1 else "docs/images/gallery.png")
