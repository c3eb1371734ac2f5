"""The one table of test samples: every public scheduler class, with an example
construction and a hypothesis strategy for its arguments.

Adding a class to cysched means adding it here; ``test_samples.py`` fails for a
public class that has no entry.  The differential (compiled == pure), state,
config, pickling, evaluate and CLI tests draw from this table.
"""
from hypothesis import strategies as st

from cysched import lr_scheduler

#: Base classes: public, but not schedules on their own.
ABSTRACT = ("LRScheduler", "Schedule")

#: Every public class that makes schedules, MXNet's and the families.
PUBLIC = [name for name in lr_scheduler.__all__ if name not in ("LRScheduler", "Schedule")]

#: The families (every public class beyond MXNet 1.9.1's).
FAMILY_NAMES = [name for name in PUBLIC if name not in lr_scheduler.MXNET]

#: Composites: their parts are drawn by the tests (a tree of samples).
COMPOSITES = ("Warmup", "SequentialScheduler", "ProductScheduler", "PlateauScheduler")

lrs = st.one_of(st.sampled_from([0, 1, 0.5, 1e-3, 2, 5e-324, 1e-300]),
                st.floats(0, 2, allow_nan=False))
counts = st.one_of(st.integers(0, 300), st.sampled_from([1, 2, 2 ** 53]))
odd = st.sampled_from([-1, -0.5, 2.5, float("inf"), float("nan"), "x", None, True,
                       2 ** 60, [1], (3, 4), 0])
reals = st.one_of(st.floats(-2, 2, allow_nan=False), st.integers(-3, 5))
updates = st.one_of(st.integers(0, 3000), st.floats(0, 3000, allow_nan=False),
                    st.sampled_from([0, 1, 2 ** 53, 2 ** 53 + 1, -1, -0.0, float("nan"),
                                     float("inf"), True, "7", None, 1.5]))

WARMUP = dict(base_lr=lrs, warmup_steps=st.integers(0, 50), warmup_begin_lr=lrs,
              warmup_mode=st.sampled_from(["linear", "constant", "cosine", "exponential",
                                           "bogus"]))
#: The arguments the one-cycle and cyclic pairs share (their common base classes).
ONE_CYCLE = dict(total_steps=st.integers(0, 400),
                 pct_start=st.one_of(st.floats(0, 1), st.sampled_from([0.0, 0.5, 1.0])),
                 anneal_strategy=st.sampled_from(["cos", "linear", "x"]),
                 three_phase=st.booleans())
CYCLIC = dict(step_size_up=st.one_of(st.integers(0, 50), st.floats(0.5, 50)),
              step_size_down=st.one_of(st.none(), st.integers(1, 50), st.floats(1, 50)),
              mode=st.sampled_from(["triangular", "triangular2", "exp_range"]),
              gamma=st.floats(0.9, 1))
#: Hypothesis strategies of the arguments, by class (composites: their own
#: arguments, the parts aside).
STRATEGIES = {
    "ConstantScheduler": dict(WARMUP),
    "LinearScheduler": dict(max_update=st.integers(0, 400), final_lr=lrs, **WARMUP),
    "PolynomialScheduler": dict(max_update=st.integers(0, 400), final_lr=lrs,
                                power=st.floats(0.01, 8), **WARMUP),
    "ExponentialScheduler": dict(gamma=st.one_of(st.floats(0, 1), st.sampled_from([1, 0.5])),
                                 step=st.integers(0, 20), staircase=st.booleans(),
                                 final_lr=lrs, **WARMUP),
    "InverseSqrtScheduler": dict(timescale=st.one_of(st.none(), st.integers(0, 200)),
                                 **WARMUP),
    "InverseTimeScheduler": dict(decay_rate=st.one_of(st.floats(0, 10),
                                                     st.sampled_from([0, 1, 0.5, 1e300])),
                                 step=st.integers(0, 20), staircase=st.booleans(), **WARMUP),
    "OneCycleScheduler": dict(max_lr=lrs, div_factor=st.floats(0.5, 100),
                              final_div_factor=st.floats(0.5, 1e4), **ONE_CYCLE),
    "CyclicScheduler": dict(base_lr=lrs, max_lr=lrs, **CYCLIC),
    "OneCycleMomentum": dict(base_momentum=lrs, max_momentum=lrs, **ONE_CYCLE),
    "CyclicMomentum": dict(base_momentum=lrs, max_momentum=lrs, **CYCLIC),
    "CosineRestartScheduler": dict(cycle_length=st.integers(0, 60), final_lr=lrs,
                                   cycle_mult=st.one_of(st.sampled_from([1, 2, 3, 1.5]),
                                                        st.floats(1, 4)),
                                   peak_decay=st.floats(0.1, 1), **WARMUP),
    "WarmupStableDecayScheduler": dict(max_update=st.integers(1, 400), final_lr=lrs,
                                       decay_steps=st.one_of(st.none(),
                                                             st.integers(0, 200)),
                                       decay_fraction=st.one_of(st.none(), st.floats(0, 1)),
                                       decay_mode=st.sampled_from(["linear", "cosine",
                                                                   "1-sqrt"]), **WARMUP),
    "PiecewiseScheduler": dict(boundaries=st.lists(st.one_of(st.integers(-5, 400),
                                                             st.floats(-5, 400)),
                                                   max_size=5).map(sorted),
                               values=st.lists(lrs, max_size=6),
                               interpolate=st.sampled_from(["constant", "linear",
                                                            "cosine"])),
}
REQUIRED = {"LinearScheduler": {"max_update": 100}, "PolynomialScheduler": {"max_update": 100},
            "ExponentialScheduler": {"gamma": 0.9},
            "InverseTimeScheduler": {"decay_rate": 0.5},
            "OneCycleScheduler": {"max_lr": 0.1, "total_steps": 100},
            "CyclicScheduler": {"base_lr": 0.01, "max_lr": 0.1},
            "CosineRestartScheduler": {"cycle_length": 10},
            "OneCycleMomentum": {"total_steps": 100},
            "WarmupStableDecayScheduler": {"max_update": 100},
            "PiecewiseScheduler": {"boundaries": [10], "values": [0.1, 0.01]}}
PLATEAU = dict(mode=st.sampled_from(["min", "max"]), factor=st.floats(0, 0.99),
               patience=st.integers(0, 3), threshold=st.floats(0, 0.5),
               threshold_mode=st.sampled_from(["rel", "abs"]), cooldown=st.integers(0, 3),
               final_lr=lrs)

LR_MXNET = st.one_of(st.integers(0, 3), st.floats(0, 2, allow_nan=False),
                     st.sampled_from([1e-8, 0.1, 0.5, 1, 1e-300, 5e-324]))
WARMUP_MXNET = dict(base_lr=LR_MXNET, warmup_steps=st.integers(0, 300),
                    warmup_begin_lr=LR_MXNET,
                    warmup_mode=st.sampled_from(["linear", "constant"]))
STRATEGIES.update({
    "FactorScheduler": dict(step=st.one_of(st.integers(1, 300), st.floats(1, 300)),
                            factor=st.one_of(st.sampled_from([0, 1, 0.5, 0.9]),
                                             st.floats(0, 1)),
                            stop_factor_lr=LR_MXNET, **WARMUP_MXNET),
    "MultiFactorScheduler": dict(step=st.lists(st.integers(1, 2500), min_size=1, max_size=5,
                                               unique=True).map(sorted),
                                 factor=st.one_of(st.sampled_from([0, 1, 0.5]),
                                                  st.floats(0, 1)), **WARMUP_MXNET),
    "PolyScheduler": dict(max_update=st.integers(1, 2500),
                          pwr=st.one_of(st.integers(-2, 4), st.floats(-1, 4)),
                          final_lr=LR_MXNET, **WARMUP_MXNET),
    "CosineScheduler": dict(max_update=st.integers(1, 2500), final_lr=LR_MXNET,
                            **WARMUP_MXNET),
    "PlateauScheduler": PLATEAU,
    "Warmup": dict(warmup_steps=st.integers(0, 60), warmup_begin_lr=lrs,
                   warmup_mode=st.sampled_from(["linear", "constant", "cosine",
                                                "exponential"]),
                   prefix=st.booleans()),
    "SequentialScheduler": {},
    "ProductScheduler": {},
})

#: Arguments a construction must have (the others are drawn or left out).
REQUIRED.update({"FactorScheduler": {"step": 100},
                 "MultiFactorScheduler": {"step": [100, 200]},
                 "PolyScheduler": {"max_update": 100},
                 "CosineScheduler": {"max_update": 100}})


def example(ns, name, variant=0):
    """A fresh scheduler of class ``name`` from the implementation ``ns``;
    ``variant=1`` makes one in another state."""
    v = variant
    samples = {
        "FactorScheduler": lambda: ns.FactorScheduler(
            base_lr=[1, 0.5][v], step=[3, 7][v], factor=0.5, stop_factor_lr=0.01,
            warmup_steps=2, warmup_begin_lr=0.25),
        "MultiFactorScheduler": lambda: ns.MultiFactorScheduler(
            base_lr=1, step=[[3, 7, 12], [50]][v], factor=0.5, warmup_steps=2),
        "PolyScheduler": lambda: ns.PolyScheduler(
            base_lr=0.5, max_update=[20, 3][v], pwr=2, final_lr=0.01, warmup_steps=2,
            warmup_mode="constant", warmup_begin_lr=0.125),
        "CosineScheduler": lambda: ns.CosineScheduler(
            base_lr=1, max_update=[20, 3][v], final_lr=0.001, warmup_steps=2),
        "ConstantScheduler": lambda: ns.ConstantScheduler(
            base_lr=[0.5, 2.0][v], warmup_steps=[3, 1][v], warmup_begin_lr=0.1,
            warmup_mode=["cosine", "linear"][v]),
        "LinearScheduler": lambda: ns.LinearScheduler(
            max_update=[20, 9][v], base_lr=[1.0, 3][v], final_lr=[0.1, 2.5][v],
            warmup_steps=[2, 0][v]),
        "PolynomialScheduler": lambda: ns.PolynomialScheduler(
            max_update=[20, 9][v], base_lr=[1.0, 3][v], final_lr=[0.1, 2.5][v],
            power=[2.0, 0.5][v], warmup_steps=[2, 0][v]),
        "ExponentialScheduler": lambda: ns.ExponentialScheduler(
            [0.9, 0.5][v], base_lr=[0.5, 1e-3][v], step=[3, 1][v], staircase=[True, False][v],
            final_lr=[0.01, 0][v], warmup_steps=[2, 7][v]),
        "InverseSqrtScheduler": lambda: ns.InverseSqrtScheduler(
            base_lr=[1.0, 0.25][v], warmup_steps=[4, 0][v], timescale=[8, None][v]),
        "InverseTimeScheduler": lambda: ns.InverseTimeScheduler(
            [0.5, 2.0][v], base_lr=[1.0, 0.25][v], step=[3, 1][v], staircase=[True, False][v],
            warmup_steps=[2, 0][v]),
        "OneCycleScheduler": lambda: ns.OneCycleScheduler(
            max_lr=[1.0, 0.1][v], total_steps=[30, 8][v], pct_start=[0.25, 0.5][v],
            three_phase=[True, False][v], anneal_strategy=["cos", "linear"][v]),
        "CyclicScheduler": lambda: ns.CyclicScheduler(
            base_lr=[0.1, 0][v], max_lr=[1.0, 5][v], step_size_up=[4, 2][v],
            step_size_down=[6, None][v], mode=["exp_range", "triangular2"][v],
            gamma=[0.99, 1.0][v]),
        "OneCycleMomentum": lambda: ns.OneCycleMomentum(
            [30, 8][v], base_momentum=[0.85, 0.5][v], max_momentum=[0.95, 0.75][v],
            pct_start=[0.25, 0.5][v], three_phase=[True, False][v],
            anneal_strategy=["cos", "linear"][v]),
        "CyclicMomentum": lambda: ns.CyclicMomentum(
            [0.8, 0.5][v], [0.9, 1.0][v], step_size_up=[4, 2][v], step_size_down=[6, None][v],
            mode=["exp_range", "triangular2"][v], gamma=[0.99, 1.0][v]),
        "CosineRestartScheduler": lambda: ns.CosineRestartScheduler(
            [5, 3][v], base_lr=[1.0, 0.2][v], final_lr=[0.01, 0.1][v], cycle_mult=[2, 1][v],
            peak_decay=[0.5, 1.0][v], warmup_steps=[2, 0][v]),
        "WarmupStableDecayScheduler": lambda: ns.WarmupStableDecayScheduler(
            [40, 10][v], base_lr=[1.0, 0.3][v], final_lr=[0.01, 0][v],
            decay_steps=[10, None][v], decay_fraction=[None, 0.5][v],
            decay_mode=["1-sqrt", "linear"][v], warmup_steps=[5, 1][v]),
        "PiecewiseScheduler": lambda: ns.PiecewiseScheduler(
            [[5, 10], [1, 2, 3]][v], [[1.0, 0.5, 0.25], [4.0, 3.0, 2.0]][v],
            ["constant", "cosine"][v]),
        "PlateauScheduler": lambda: ns.PlateauScheduler(
            schedule=[ns.CosineScheduler(max_update=30, base_lr=1.0),
                      ns.CosineScheduler(max_update=9, base_lr=0.3)][v],
            factor=[0.5, 0.1][v], patience=[1, 4][v], mode=["min", "max"][v]),
        "Warmup": lambda: ns.Warmup(
            [ns.ExponentialScheduler(0.9, base_lr=1.0),
             ns.ExponentialScheduler(0.5, base_lr=2.0, step=4)][v],
            warmup_steps=[5, 2][v], warmup_mode=["exponential", "linear"][v],
            warmup_begin_lr=[0.01, 0][v], prefix=[True, False][v]),
        "SequentialScheduler": lambda: ns.SequentialScheduler(
            [[ns.LinearScheduler(max_update=5, base_lr=0.0, final_lr=1.0),
              ns.FactorScheduler(step=3, factor=0.5, base_lr=1.0)],
             [ns.LinearScheduler(max_update=9, base_lr=1e-3),
              ns.FactorScheduler(step=2, factor=0.9, base_lr=3.0)]][v],
            milestones=[[5], [2]][v]),
        "ProductScheduler": lambda: ns.ProductScheduler(
            *[[ns.ConstantScheduler(base_lr=0.5), ns.CosineScheduler(max_update=20, base_lr=1.0)],
              [ns.ConstantScheduler(base_lr=4.0),
               ns.CosineScheduler(max_update=5, base_lr=2.0)]][v]),
    }
    return samples[name]()
