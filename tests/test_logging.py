"""MXNet's INFO messages on the logger cysched.lr_scheduler, propagating to root."""
import logging
import os
import subprocess
import sys


def messages(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "cysched.lr_scheduler"]


def test_decays_are_logged_at_info_and_reach_the_root_logger(impl, caplog):
    caplog.set_level(logging.INFO)
    sched = impl.FactorScheduler(base_lr=1, step=250, factor=0.5)
    sched(1), sched(250), sched(251), sched(501)
    assert messages(caplog) == ["Update[251]: Change learning rate to 5.00000e-01",
                                "Update[501]: Change learning rate to 2.50000e-01"]
    multi = impl.MultiFactorScheduler(base_lr=1, step=[2, 4], factor=0.1)
    multi(10)
    assert messages(caplog)[-2:] == ["Update[10]: Change learning rate to 1.00000e-01",
                                     "Update[10]: Change learning rate to 1.00000e-02"]


def test_the_clamp_is_announced_once(impl, caplog):
    caplog.set_level(logging.INFO)
    sched = impl.FactorScheduler(base_lr=1, step=1, factor=0.5, stop_factor_lr=0.1)
    for n in range(0, 40):
        sched(n)
    clamp = [m for m in messages(caplog) if "will not change" in m]
    assert clamp == ["Update[5]: now learning rate arrived at 1.00000e-01, "
                     "will not change in the future"]
    assert sched(10 ** 12) == 0.1 and len(messages(caplog)) == 4


def test_nothing_is_logged_when_info_is_off(impl, caplog):
    caplog.set_level(logging.WARNING)
    impl.FactorScheduler(base_lr=1, step=1, factor=0.5)(100)
    assert messages(caplog) == []


def test_logging_is_never_imported_by_the_schedulers():
    code = ("import sys\n"
            "from cysched import lr_scheduler\n"
            "s = lr_scheduler.FactorScheduler(base_lr=1, step=1, factor=0.5)\n"
            "s(100); lr_scheduler.MultiFactorScheduler(step=[1])(5)\n"
            "print('logging' in sys.modules, s.base_lr)\n")
    for pure in ("", "1"):
        env = dict(os.environ, CYSCHED_NO_EXTENSIONS=pure)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env, cwd=os.path.dirname(__file__), check=True)
        assert out.stdout.split() == ["False", "1e-08"]
