#!/usr/bin/env bash
# Draw docs/images/families.png, one panel per schedule family, with the cysched CLI.
# Run from the repository root with cysched[plot] installed.
set -e
cysched plot --grid -n 1000 -o docs/images/families.png \
  "ConstantScheduler(base_lr=1.0, warmup_steps=200, warmup_begin_lr=0.05, warmup_mode='cosine')" \
  "LinearScheduler(1000, base_lr=1.0, final_lr=0.05, warmup_steps=100)" \
  "PolynomialScheduler(1000, base_lr=1.0, final_lr=0.05, power=2.0)" \
  "ExponentialScheduler(0.5, base_lr=1.0, step=200, staircase=True)" \
  "InverseSqrtScheduler(base_lr=1.0, warmup_steps=100)" \
  "InverseTimeScheduler(0.5, base_lr=1.0, step=100, staircase=True)" \
  "OneCycleScheduler(1.0, 1000)" \
  "CyclicScheduler(0.1, 1.0, step_size_up=100, mode='triangular2')" \
  "CosineRestartScheduler(100, base_lr=1.0, final_lr=0.05, cycle_mult=2, peak_decay=0.7)" \
  "WarmupStableDecayScheduler(1000, base_lr=1.0, final_lr=0.05, decay_fraction=0.3, decay_mode='1-sqrt', warmup_steps=100)" \
  "PiecewiseScheduler([0, 250, 500, 750], [0.1, 1.0, 0.5, 0.1], interpolate='cosine')" \
  "PlateauScheduler(CosineRestartScheduler(250, base_lr=1.0), factor=0.5, patience=2)" \
  "Warmup(OneCycleScheduler(1.0, 800, pct_start=0.0), 200, warmup_begin_lr=0.01, warmup_mode='exponential')" \
  "SequentialScheduler([LinearScheduler(100, base_lr=0.0, final_lr=1.0), ConstantScheduler(base_lr=1.0), CosineRestartScheduler(1000, base_lr=1.0, final_lr=0.1)], [100, 400])" \
  "ProductScheduler(LinearScheduler(1000, base_lr=1.0, final_lr=0.2), CyclicScheduler(0.5, 1.0, step_size_up=50))"
