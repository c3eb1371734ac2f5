"""Train a small PyTorch model with a cysched schedule (CPU, a few seconds).

    pip install cysched torch
    python examples/pytorch_training.py
"""
from typing import Any, Dict, List

import torch

import cysched.torch
from cysched import lr_scheduler

torch.manual_seed(0)
x = torch.randn(512, 8)
y = x.sum(dim=1, keepdim=True).sin()
model = torch.nn.Sequential(torch.nn.Linear(8, 64), torch.nn.Tanh(), torch.nn.Linear(64, 1))

# The scheduler sets every group's lr: schedule(num_update) * lr_mult.
groups: List[Dict[str, Any]] = [
    {"params": model[0].parameters()},
    {"params": model[2].parameters(), "lr_mult": 0.5},
]
optimizer = torch.optim.SGD(groups, lr=0.0, momentum=0.9)
schedule = lr_scheduler.CosineScheduler(max_update=300, base_lr=0.1, final_lr=1e-3,
                                        warmup_steps=30)
scheduler = cysched.torch.LRScheduler(optimizer, schedule)

for _ in range(300):
    num_update, lrs = scheduler.num_update, scheduler.get_last_lr()   # 1, 2, ...
    optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()          # runs with lr = schedule(num_update) * lr_mult
    scheduler.step()          # then moves on to num_update + 1
    if num_update % 60 == 1:
        print("update %3d  lr %s  loss %.5f" % (num_update, lrs, loss.item()))

print("final loss %.5f" % torch.nn.functional.mse_loss(model(x), y).item())
