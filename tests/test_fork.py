"""evaluate works in a forked child after the parent ran it in parallel.

An OpenMP runtime's worker threads are not copied by ``fork``: a parallel
region in the child, after one in the parent, used to wait for them forever.
Each check runs in a subprocess with a timeout, so a deadlock fails the test
instead of hanging the run.
"""
import subprocess
import sys
import textwrap

import pytest

np = pytest.importorskip("numpy")

#: Long enough for the parallel loops (src/cysched/_call.h, CYSCHED_PARALLEL_SIZE).
SIZE = 100_000

SETUP = textwrap.dedent("""
    import numpy as np
    from conftest import _namespace, _pure_modules, TWINS
    IMPL = {impl!r}
    if IMPL == "c":
        ns = _namespace([TWINS[name] for name in _pure_modules()])
    else:
        ns = _namespace(_pure_modules())
    SIZE = {size}

    def tables():
        scheds = [ns.CosineScheduler(max_update=SIZE, base_lr=1.0, warmup_steps=10),
                  ns.CosineRestartScheduler(1000, cycle_mult=2.0),
                  ns.ProductScheduler(ns.ConstantScheduler(base_lr=0.5),
                                      ns.LinearScheduler(max_update=SIZE))]
        return [s.evaluate(np.arange(1, SIZE + 1)).tobytes() for s in scheds]
""")


def run(impl, body, timeout=240):
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    code = SETUP.format(impl="c" if impl.__name__.endswith("_c") else "py", size=SIZE) + textwrap.dedent(body)
    done = subprocess.run([sys.executable, "-c", code], cwd=here, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_a_fork_pool_evaluates_after_the_parent(impl):
    out = run(impl, """
        import multiprocessing as mp
        parent = tables()
        with mp.get_context("fork").Pool(2) as pool:
            children = pool.starmap(tables, [()] * 4)
        assert all(child == parent for child in children)
        print("ok", len(children))
    """)
    assert out.split() == ["ok", "4"]


def test_torch_dataloader_workers_evaluate_after_the_parent(impl):
    pytest.importorskip("torch")
    out = run(impl, """
        import torch
        from torch.utils.data import DataLoader, Dataset

        class Tables(Dataset):
            def __len__(self):
                return 4

            def __getitem__(self, i):
                return torch.from_numpy(np.frombuffer(b"".join(tables()), dtype=np.float64))

        parent = torch.from_numpy(np.frombuffer(b"".join(tables()), dtype=np.float64))
        loader = DataLoader(Tables(), batch_size=None, num_workers=2,
                            multiprocessing_context="fork")
        seen = [bool(torch.equal(item, parent)) for item in loader]
        print(seen.count(True), len(seen))
    """)
    assert out.split() == ["4", "4"]
