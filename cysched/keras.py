"""Drive a Keras 3 optimizer with a cysched schedule.

``cysched.keras.LearningRateSchedule(schedule)`` is a
``keras.optimizers.schedules.LearningRateSchedule``: pass it as an
optimizer's ``learning_rate``, under the JAX, PyTorch or TensorFlow backend.
Keras counts the updates done before (``optimizer.iterations``), cysched the
update being made, so update ``k`` runs with ``schedule(k)``::

    rate at optimizer.iterations == k - 1   is   schedule(k)

Keras is imported when ``LearningRateSchedule`` is first used, not by
``import cysched`` nor by ``import cysched.keras``.

>>> import keras
>>> import cysched.keras
>>> from cysched import lr_scheduler
>>> lr = cysched.keras.LearningRateSchedule(
...     lr_scheduler.CosineScheduler(max_update=100, base_lr=0.1, warmup_steps=10))
>>> optimizer = keras.optimizers.SGD(learning_rate=lr)
"""
from cysched import _extras

__all__ = ["LearningRateSchedule"]  # noqa: F822 - made on first use, see __getattr__

__getattr__, __dir__ = _extras.defined_on_use(__name__, "LearningRateSchedule", lambda: _define())


def schedule_config(schedule):
    """``{"class_name", "config"}``: what remakes a fresh ``schedule``."""
    if not callable(getattr(schedule, "get_config", None)):
        raise TypeError("saving needs a schedule with get_config() (a cysched scheduler), "
                        "got schedule=%r" % (schedule,))
    return {"class_name": type(schedule).__name__, "config": schedule.get_config()}


def schedule_from_config(config):
    """The schedule ``schedule_config`` describes (this installation's classes)."""
    from cysched import lr_scheduler
    cls = getattr(lr_scheduler, config["class_name"], None)
    if not isinstance(cls, type):
        raise ValueError("unknown cysched schedule class, got class_name=%r"
                         % (config["class_name"],))
    return cls.from_config(config["config"])


def _define():
    keras = _extras.require("keras", "cysched.keras")

    @keras.saving.register_keras_serializable(package="cysched")
    class LearningRateSchedule(keras.optimizers.schedules.LearningRateSchedule):
        """A cysched schedule as a Keras ``LearningRateSchedule``.

        ``self(step)`` is ``schedule(step + 1)``, ``step`` being Keras'
        ``optimizer.iterations`` (updates done before this one).

        * JAX backend (traced inside ``model.fit``): the schedule's closed form
          in ``jax.numpy`` (:func:`cysched.jax.schedule`), in float32 unless
          ``jax_enable_x64`` is on: within a few float32 ulps of the float32
          rounding of ``schedule(k)``.  ``exact=True`` with ``num_steps`` uses
          the table of scalar calls instead: exactly that rounding for the
          first ``num_steps`` updates.
        * PyTorch backend and other eager backends: the scalar call itself,
          a float64 that the optimizer rounds to its variables' dtype
          (float32 by default): exactly the float32 rounding of ``schedule(k)``.
        * TensorFlow backend: the scalar call through ``tf.numpy_function``.

        ``get_config()`` holds the schedule's class name and ``get_config()``,
        so ``model.save()`` and ``keras.models.load_model()`` remake it (as a
        fresh schedule: a ``PlateauScheduler``'s reductions are not saved).

        Parameters
        ----------
        schedule : callable
            ``lr = schedule(num_update)``: a cysched scheduler (any callable
            runs, but only a cysched scheduler is saved with the model).
        num_steps, exact, past_end
            As for :func:`cysched.jax.schedule`, under the JAX backend.
        """

        def __init__(self, schedule, num_steps=None, exact=False, past_end=None):
            if isinstance(schedule, type) or not callable(schedule):
                raise TypeError("schedule must be callable (lr = schedule(num_update)), "
                                "got schedule=%r" % (schedule,))
            self.schedule = schedule
            self.num_steps = num_steps
            self.exact = exact
            self.past_end = past_end
            self._jax = None

        def __call__(self, step):
            backend = keras.backend.backend()
            if backend == "jax":
                if self._jax is None:
                    import cysched.jax
                    self._jax = cysched.jax.schedule(self.schedule, self.num_steps,
                                                     exact=self.exact, past_end=self.past_end)
                return self._jax(step)
            if backend == "tensorflow":
                import numpy
                import tensorflow as tf
                return tf.numpy_function(
                    lambda count: numpy.float64(self.schedule(int(count) + 1)),
                    [step], tf.float64, stateful=False)
            count = int(keras.ops.convert_to_numpy(step))
            return float(self.schedule(count + 1))

        def get_config(self):
            return {"schedule": schedule_config(self.schedule), "num_steps": self.num_steps,
                    "exact": self.exact, "past_end": self.past_end}

        @classmethod
        def from_config(cls, config):
            config = dict(config)
            return cls(schedule_from_config(config.pop("schedule")), **config)

        def __repr__(self):
            return "LearningRateSchedule(%r)" % (self.schedule,)

    LearningRateSchedule.__module__ = __name__
    LearningRateSchedule.__qualname__ = "LearningRateSchedule"
    return LearningRateSchedule
