"""Hugging Face's ``lr_lambda`` formulas (``transformers.optimization``), re-derived:
the factor the optimizer's rate is multiplied by at ``step``."""
import math


def hf_linear(step, w, t):
    if step < w:
        return step / max(1, w)
    return max(0.0, (t - step) / max(1, t - w))


def hf_cosine(step, w, t, cycles=0.5):
    if step < w:
        return step / max(1, w)
    progress = (step - w) / max(1, t - w)
    return max(0.0, 0.5 * (1.0 + math.cos(math.pi * cycles * 2.0 * progress)))


def hf_hard_restarts(step, w, t, cycles=1):
    if step < w:
        return step / max(1, w)
    progress = (step - w) / max(1, t - w)
    if progress >= 1.0:
        return 0.0
    return max(0.0, 0.5 * (1.0 + math.cos(math.pi * ((cycles * progress) % 1.0))))


def hf_polynomial(step, w, t, lr_init, lr_end=1e-7, power=1.0):
    if step < w:
        return step / max(1, w)
    if step > t:
        return lr_end / lr_init
    decay = (lr_init - lr_end) * (1 - (step - w) / (t - w)) ** power + lr_end
    return decay / lr_init


def hf_constant_with_warmup(step, w):
    return step / max(1.0, w) if step < w else 1.0


def hf_inverse_sqrt(step, num_warmup_steps, timescale=None):
    """``_get_inverse_sqrt_schedule_lr_lambda`` of ``get_inverse_sqrt_schedule``."""
    if timescale is None:
        timescale = num_warmup_steps or 10_000
    if step < num_warmup_steps:
        return float(step) / float(max(1, num_warmup_steps))
    shift = timescale - num_warmup_steps
    return 1.0 / math.sqrt((step + shift) / timescale)


def hf_wsd(step, warmup, stable, decay, warmup_type, decay_type, min_lr_ratio,
           num_cycles=0.5):
    """``_get_wsd_scheduler_lambda`` of ``get_wsd_schedule``."""
    if step < warmup:
        progress = float(step) / float(max(1, warmup))
        if warmup_type == "linear":
            factor = progress
        elif warmup_type == "cosine":
            factor = 0.5 * (1.0 - math.cos(math.pi * progress))
        else:
            factor = 1.0 - math.sqrt(1.0 - progress)
        factor = factor * (1.0 - min_lr_ratio) + min_lr_ratio
        return max(0.0, factor)
    if step < warmup + stable:
        return 1.0
    if step < warmup + stable + decay:
        progress = float(step - warmup - stable) / float(max(1, decay))
        if decay_type == "linear":
            factor = 1.0 - progress
        elif decay_type == "cosine":
            factor = 0.5 * (1.0 + math.cos(math.pi * float(num_cycles) * 2.0 * progress))
        else:
            factor = 1.0 - math.sqrt(progress)
        factor = factor * (1.0 - min_lr_ratio) + min_lr_ratio
        return max(0.0, factor)
    return min_lr_ratio
