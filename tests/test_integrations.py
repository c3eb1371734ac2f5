"""cysched.torch.LRScheduler inside Lightning and the Hugging Face Trainer: the
examples/ files the README quotes, run when those packages are installed. Each
trains, resumes from a checkpoint, and compares with the uninterrupted run."""
import ast
import importlib.util
import os
import subprocess
import sys

import pytest

from cysched import lr_scheduler

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def needs(*modules):
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    return pytest.mark.skipif(bool(missing), reason="not installed: %s" % ", ".join(missing))


def run(name, tmp_path):
    out = subprocess.run([sys.executable, os.path.join(ROOT, "examples", name)],
                         cwd=str(tmp_path), capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-4000:]
    lines = [line for line in out.stdout.splitlines()
             if line.startswith(("updates 1-4 lr", "resumed "))]
    return lines


def first_rates(line):
    return ast.literal_eval(line.split(" lr ", 1)[1])


@needs("torch", "lightning")
def test_lightning_steps_resumes_and_equals_the_uninterrupted_run(tmp_path):
    lines = run("lightning_training.py", tmp_path)
    schedule = lr_scheduler.CosineScheduler(max_update=40, base_lr=0.1, final_lr=1e-3,
                                            warmup_steps=8)
    assert first_rates(lines[0]) == [schedule(k) for k in range(1, 5)]
    assert lines[1:] == ["resumed rates equal: True", "resumed weights equal: True"]


@needs("torch", "transformers", "accelerate")
def test_hf_trainer_steps_resumes_and_equals_the_uninterrupted_run(tmp_path):
    lines = run("hf_trainer.py", tmp_path)
    schedule = lr_scheduler.CosineScheduler(max_update=32, base_lr=1e-3, final_lr=1e-5,
                                            warmup_steps=4)
    assert first_rates(lines[0]) == [schedule(k) for k in range(1, 5)]
    assert lines[1:] == ["resumed rates equal: True", "resumed weights equal: True"]
