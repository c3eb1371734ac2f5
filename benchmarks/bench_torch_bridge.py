"""Per-step overhead of ``cysched.torch.LRScheduler.step()`` against PyTorch's
own ``LambdaLR.step()`` and ``CosineAnnealingLR.step()``.

Each row times ``scheduler.step()`` alone (the optimizer is not stepped in
the loop), one param group, a cosine schedule long enough never to end:
best of several repeats, in nanoseconds per step.

    python benchmarks/bench_torch_bridge.py            # full
    python benchmarks/bench_torch_bridge.py --quick    # a few seconds

``run(quick)`` returns the rows as ``(name, ns_per_step)`` for the benchmark
suite; without PyTorch it returns no rows.
"""
import argparse
import gc
import math
import time
import warnings

HORIZON = 10 ** 9


def _timed(step, count, repeats):
    best = float("inf")
    for _ in range(repeats):
        gc.disable()
        try:
            start = time.perf_counter_ns()
            for _ in range(count):
                step()
            best = min(best, (time.perf_counter_ns() - start) / count)
        finally:
            gc.enable()
    return best


def _optimizer(torch, tensor_lr):
    weight = torch.zeros(4, requires_grad=True)
    lr = torch.tensor(0.1) if tensor_lr else 0.1
    opt = torch.optim.SGD([weight], lr=lr)
    opt.step()     # no gradient: nothing moves, but the scheduler sees a step taken
    return opt


def _cases(torch):
    import cysched.torch
    from cysched import _lr_scheduler_py
    try:
        from cysched import _lr_scheduler_c
    except ImportError:
        _lr_scheduler_c = None

    def pytorch(tensor_lr):
        return torch.optim.lr_scheduler.CosineAnnealingLR(
            _optimizer(torch, tensor_lr), T_max=HORIZON, eta_min=0.0)

    def lambda_lr(tensor_lr):
        # LambdaLR multiplies the group's initial lr (0.1) by the lambda's factor.
        return torch.optim.lr_scheduler.LambdaLR(
            _optimizer(torch, tensor_lr),
            lambda epoch: (1.0 + math.cos(math.pi * epoch / HORIZON)) / 2.0)

    def bridge(module, tensor_lr):
        schedule = module.CosineScheduler(max_update=HORIZON, base_lr=0.1)
        return cysched.torch.LRScheduler(_optimizer(torch, tensor_lr), schedule)

    for tensor_lr, kind in ((False, "float lr"), (True, "tensor lr")):
        yield "torch LambdaLR.step() (a cosine lambda), %s" % kind, \
            lambda t=tensor_lr: lambda_lr(t)
        yield "torch CosineAnnealingLR.step(), %s" % kind, lambda t=tensor_lr: pytorch(t)
        if _lr_scheduler_c is not None:
            yield ("cysched.torch.LRScheduler.step(), compiled CosineScheduler, %s" % kind,
                   lambda t=tensor_lr: bridge(_lr_scheduler_c, t))
        yield ("cysched.torch.LRScheduler.step(), pure-Python CosineScheduler, %s" % kind,
               lambda t=tensor_lr: bridge(_lr_scheduler_py, t))


def run(quick=False):
    """``[(name, ns_per_step), ...]``; empty when PyTorch is not installed."""
    try:
        import torch
    except ImportError:
        return []
    torch.set_num_threads(1)
    count, repeats = (2000, 3) if quick else (20000, 7)
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, make in _cases(torch):
            scheduler = make()
            scheduler.step()                      # warm up
            rows.append((name, _timed(scheduler.step, count, repeats)))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps and repeats")
    args = parser.parse_args(argv)
    rows = run(args.quick)
    if not rows:
        print("PyTorch is not installed: nothing to measure")
        return
    import torch
    print("torch %s, ns per scheduler.step() (best of repeats)" % torch.__version__)
    width = max(len(name) for name, _ in rows)
    for name, ns in rows:
        print("%-*s  %8.0f" % (width, name, ns))


if __name__ == "__main__":
    main()
