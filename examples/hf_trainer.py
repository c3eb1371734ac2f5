"""Train a tiny Hugging Face model (built from a config: nothing downloaded)
with the Trainer and a cysched schedule, then resume from a checkpoint and get
the uninterrupted run's rates and weights (CPU).

    pip install cysched torch transformers accelerate
    python examples/hf_trainer.py
"""
import sys
import tempfile
from typing import Any, Dict, List, Optional, Tuple

import torch
import transformers

import cysched.torch
from cysched import lr_scheduler


class Data(torch.utils.data.Dataset[Dict[str, torch.Tensor]]):
    def __init__(self) -> None:
        g = torch.Generator().manual_seed(0)
        self.ids = torch.randint(0, 64, (64, 12), generator=g)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i: int) -> Dict[str, torch.Tensor]:
        return {"input_ids": self.ids[i], "labels": self.ids[i]}


class Rates(transformers.TrainerCallback):
    def __init__(self) -> None:
        self.rates: List[float] = []                          # the lr of every update, in order

    def on_step_begin(self, args: Any, state: Any, control: Any,
                      optimizer: Optional[torch.optim.Optimizer] = None, **kwargs: Any) -> None:
        assert optimizer is not None
        self.rates.append(optimizer.param_groups[0]["lr"])


def fit(folder: str,
        resume: Optional[str] = None) -> Tuple[transformers.GPT2LMHeadModel, List[float]]:
    torch.manual_seed(0)
    config = transformers.GPT2Config(vocab_size=64, n_positions=16, n_embd=16, n_layer=1,
                                     n_head=2)
    model = transformers.GPT2LMHeadModel(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.0)
    schedule = lr_scheduler.CosineScheduler(max_update=32, base_lr=1e-3, final_lr=1e-5,
                                            warmup_steps=4)
    scheduler = cysched.torch.LRScheduler(optimizer, schedule)
    args = transformers.TrainingArguments(folder, per_device_train_batch_size=8,
                                          num_train_epochs=4, save_steps=16,
                                          report_to=[], use_cpu=True, logging_strategy="no",
                                          seed=0, data_seed=0, disable_tqdm=True)
    rates = Rates()
    trainer = transformers.Trainer(model=model, args=args, train_dataset=Data(),
                                   optimizers=(optimizer, scheduler),  # type: ignore[arg-type]
                                   callbacks=[rates])
    trainer.train(resume_from_checkpoint=resume)
    return model, rates.rates


with tempfile.TemporaryDirectory() as folder:
    straight, rates = fit(folder + "/a")          # 32 updates, a checkpoint at 16
    resumed, tail = fit(folder + "/b", resume=folder + "/a/checkpoint-16")

print("updates 1-4 lr", rates[:4])
print("resumed rates equal:", tail == rates[16:])
same = all(torch.equal(a, b) for a, b in zip(resumed.parameters(), straight.parameters()))
print("resumed weights equal:", same)
sys.exit(0 if same and tail == rates[16:] else 1)
