"""Train with Lightning and a cysched schedule stepped every update, then resume
from a checkpoint and get the uninterrupted run's rates and weights (CPU).

    pip install cysched torch lightning
    python examples/lightning_training.py
"""
import sys
import tempfile
from typing import List, Optional, Tuple

import lightning
import torch
from lightning.pytorch.utilities.types import OptimizerLRSchedulerConfig

import cysched.torch
from cysched import lr_scheduler


class Model(lightning.LightningModule):
    def __init__(self) -> None:
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.Tanh(),
                                       torch.nn.Linear(16, 1))
        self.rates: List[float] = []                          # the lr of every update, in order

    def training_step(self, batch: List[torch.Tensor], batch_idx: int) -> torch.Tensor:
        optimizer = self.optimizers()
        assert not isinstance(optimizer, list)          # one optimizer
        self.rates.append(optimizer.param_groups[0]["lr"])
        x, y = batch
        return torch.nn.functional.mse_loss(self.net(x), y)

    def configure_optimizers(self) -> OptimizerLRSchedulerConfig:
        optimizer = torch.optim.SGD(self.parameters(), lr=0.0, momentum=0.9)
        schedule = lr_scheduler.CosineScheduler(max_update=40, base_lr=0.1, final_lr=1e-3,
                                                warmup_steps=8)
        scheduler = cysched.torch.LRScheduler(optimizer, schedule)
        # interval="step": Lightning calls scheduler.step() after every optimizer.step()
        return {"optimizer": optimizer,
                "lr_scheduler": {"scheduler": scheduler, "interval": "step"}}


def data() -> torch.utils.data.DataLoader[Tuple[torch.Tensor, ...]]:
    g = torch.Generator().manual_seed(0)
    x = torch.randn(80, 8, generator=g)
    dataset = torch.utils.data.TensorDataset(x, x.sum(dim=1, keepdim=True).sin())
    return torch.utils.data.DataLoader(dataset, batch_size=8)     # 10 updates an epoch


def fit(epochs: int, ckpt_path: Optional[str] = None) -> Tuple[Model, lightning.Trainer]:
    torch.manual_seed(0)
    model = Model()
    trainer = lightning.Trainer(max_epochs=epochs, accelerator="cpu", logger=False,
                                enable_checkpointing=False, enable_progress_bar=False,
                                enable_model_summary=False)
    trainer.fit(model, data(), ckpt_path=ckpt_path)
    return model, trainer


straight, _ = fit(4)
first, trainer = fit(2)
with tempfile.TemporaryDirectory() as folder:
    trainer.save_checkpoint(folder + "/half.ckpt")
    resumed, _ = fit(4, ckpt_path=folder + "/half.ckpt")   # a new process could do this

print("updates 1-4 lr", straight.rates[:4])
print("resumed rates equal:", first.rates + resumed.rates == straight.rates)
same = all(torch.equal(a, b) for a, b in zip(resumed.parameters(), straight.parameters()))
print("resumed weights equal:", same)
sys.exit(0 if same else 1)
