"""Run by tests/test_keras_bridge.py under each KERAS_BACKEND: fit a tiny model
with a cysched schedule, print what the optimizer used, save and reload."""
import json
import os
import sys

import numpy as np
import keras

import cysched.keras
from cysched import lr_scheduler

exact = sys.argv[1] == "exact"
schedule = lr_scheduler.Warmup(lr_scheduler.CosineRestartScheduler(7, base_lr=0.1,
                                                                   final_lr=1e-3), 5)
lr = cysched.keras.LearningRateSchedule(schedule, num_steps=40 if exact else None,
                                        exact=exact)
keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr, momentum=0.9), loss="mse")
seen = []


class Record(keras.callbacks.Callback):
    def on_train_batch_begin(self, batch, logs=None):
        opt = self.model.optimizer
        seen.append((int(keras.ops.convert_to_numpy(opt.iterations)),
                     float(keras.ops.convert_to_numpy(opt.learning_rate))))


x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
y = x.sum(axis=1, keepdims=True)
model.fit(x, y, batch_size=8, epochs=4, verbose=0, callbacks=[Record()])
path = os.path.join(sys.argv[2], "model.keras")
model.save(path)
loaded = keras.models.load_model(path)
again = loaded.optimizer._learning_rate          # the schedule itself, remade
print(json.dumps({"backend": keras.backend.backend(), "seen": seen,
                  "loaded": type(again).__name__,
                  "loaded_schedule": repr(again.schedule),
                  "loaded_rate": float(keras.ops.convert_to_numpy(again(13))),
                  "iterations": int(keras.ops.convert_to_numpy(loaded.optimizer.iterations))}))
