"""cysched.keras.LearningRateSchedule inside model.fit under each installed
Keras backend (each in a subprocess: KERAS_BACKEND is read at import)."""
import importlib.util
import json
import os
import subprocess
import sys

import numpy as np
import pytest

if importlib.util.find_spec("keras") is None:
    pytest.skip("Keras 3 is not installed (pip install 'cysched[keras]')",
                allow_module_level=True)

from cysched import lr_scheduler  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BACKENDS = [name for name, module in (("jax", "jax"), ("torch", "torch"),
                                      ("tensorflow", "tensorflow"))
            if importlib.util.find_spec(module) is not None]


def fit(backend, mode, tmp_path):
    env = dict(os.environ, KERAS_BACKEND=backend)
    out = subprocess.run([sys.executable, os.path.join(HERE, "_keras_fit.py"), mode,
                          str(tmp_path)], env=env, cwd=str(tmp_path), check=True,
                         capture_output=True, text=True, timeout=600).stdout
    return json.loads(out.splitlines()[-1])


def schedule():
    return lr_scheduler.Warmup(lr_scheduler.CosineRestartScheduler(7, base_lr=0.1,
                                                                   final_lr=1e-3), 5)


def test_backends_to_test():
    assert "jax" in BACKENDS or "torch" in BACKENDS


@pytest.mark.parametrize("mode", ["closed", "exact"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_fit_uses_schedule_k_at_update_k_and_saving_round_trips(backend, mode, tmp_path):
    result = fit(backend, mode, tmp_path)
    assert result["backend"] == backend
    s = schedule()
    iterations = [it for it, _ in result["seen"]]
    assert iterations == list(range(32))                  # 4 epochs of 8 batches
    got = np.array([lr for _, lr in result["seen"]], dtype=np.float64)
    want = np.array([s(it + 1) for it in iterations])     # iterations k - 1: update k
    if backend == "jax" and mode == "closed":
        # float32 arithmetic (no x64): a few float32 ulps of the peak rate
        assert np.max(np.abs(got - want)) <= 4 * np.spacing(np.float32(0.1))
    elif backend == "jax":
        assert got.astype(np.float32).tobytes() == want.astype(np.float32).tobytes()
        assert got.tobytes() == want.astype(np.float32).astype(np.float64).tobytes()
    else:
        assert got.astype(np.float32).tobytes() == want.astype(np.float32).tobytes()
    assert len(set(got.tolist())) > 5
    assert result["loaded"] == "LearningRateSchedule"
    assert result["loaded_schedule"] == repr(s)
    assert result["loaded_rate"] == pytest.approx(s(14), rel=1e-6)
    assert result["iterations"] == 32


def test_config_round_trips_in_process(monkeypatch):
    # The backend the peer tests (tests/test_peers_loop.py) also take in this
    # process: Keras reads KERAS_BACKEND once, at its first import.
    default = "torch" if "torch" in BACKENDS else BACKENDS[0]
    monkeypatch.setenv("KERAS_BACKEND", os.environ.get("KERAS_BACKEND", default))
    import keras
    import cysched.keras
    lr = cysched.keras.LearningRateSchedule(schedule(), num_steps=9, exact=True)
    again = keras.optimizers.schedules.deserialize(keras.optimizers.schedules.serialize(lr))
    assert type(again) is type(lr) and repr(again.schedule) == repr(lr.schedule)
    assert (again.num_steps, again.exact, again.past_end) == (9, True, None)
    with pytest.raises(TypeError, match="saving needs a schedule with get_config"):
        cysched.keras.LearningRateSchedule(lambda n: 0.1).get_config()
    with pytest.raises(TypeError, match="schedule must be callable"):
        cysched.keras.LearningRateSchedule(lr_scheduler.CosineScheduler)


def test_importing_cysched_keras_does_not_import_keras():
    code = ("import sys, cysched, cysched.keras\n"
            "assert 'keras' not in sys.modules, 'keras imported'\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=HERE)
