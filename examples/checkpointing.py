"""Save a schedule's state and configuration, resume it exactly, build one from a file.

    python examples/checkpointing.py
"""
import json

import cysched
from cysched import lr_scheduler

# A run uses a stateful schedule (FactorScheduler decays base_lr in place) ...
schedule = lr_scheduler.FactorScheduler(step=100, factor=0.5, base_lr=0.1, warmup_steps=10)
rates = [schedule(num_update) for num_update in range(1, 251)]

# ... and checkpoints it: the configuration (constructor arguments, JSON-safe)
# and the state (plain Python types: JSON, pickle or torch.save all work).
checkpoint = json.dumps({
    "scheduler": {"class_name": type(schedule).__name__, "config": schedule.get_config()},
    "scheduler_state": schedule.state_dict(),
    "num_update": 250,
})

# A new process rebuilds the scheduler from its configuration and continues
# exactly where the run stopped.
saved = json.loads(checkpoint)
resumed = cysched.create_from_config(saved["scheduler"])   # as constructed
resumed.load_state_dict(saved["scheduler_state"])          # as it was at update 250
print("resumed at update 251 with lr", resumed(251))
rest = range(saved["num_update"] + 1, 501)
assert [resumed(n) for n in rest] == [schedule(n) for n in rest]

# A state_dict of another class is refused, and nothing changes.
other = lr_scheduler.CosineScheduler(max_update=1000)
try:
    other.load_state_dict(saved["scheduler_state"])
except ValueError as exc:
    print("refused:", exc)

# An experiment file names its schedule the way other libraries do.
experiment = json.loads("""
{
  "scheduler": {
    "name": "SequentialScheduler",
    "milestones": [1000],
    "schedules": [
      {"name": "constant_with_warmup", "lr": 3e-4, "num_warmup_steps": 100},
      {"name": "cosine", "lr": 3e-4, "t_initial": 9000, "lr_min": 1e-6}
    ]
  }
}
""")
scheduler = cysched.create_from_config(experiment["scheduler"])
print(scheduler)
print("lr at updates 51, 1000, 5501, 10001:",
      [scheduler(n) for n in (51, 1000, 5501, 10001)])
