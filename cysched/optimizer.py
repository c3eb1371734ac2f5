"""MXNet 1.9.1's optimizers around learning-rate schedules, on NumPy arrays.

Same names and semantics as ``mxnet.optimizer``: an :class:`Optimizer` asks
its ``lr_scheduler`` for the rate of every update (``num_update`` is the
largest per-weight update count), ``learning_rate`` overwrites the
scheduler's ``base_lr``, and :class:`SGD`, :class:`NAG` and :class:`Adam`
update NumPy arrays in place with MXNet's update rules.

>>> import numpy as np
>>> from cysched import lr_scheduler, optimizer
>>> sched = lr_scheduler.FactorScheduler(base_lr=1, step=2, factor=0.5)
>>> opt = optimizer.SGD(lr_scheduler=sched)
>>> w, g = np.zeros(2), np.ones(2)
>>> for _ in range(4):
...     opt.update(0, w, g, opt.create_state(0, w))
>>> w.tolist()
[-3.0, -3.0]
"""
import math
import numbers
import pickle
import warnings

import numpy

__all__ = ["Optimizer", "SGD", "NAG", "Adam", "Updater", "create", "get_updater",
           "register"]

OVERWRITE_MESSAGE = ("learning rate from ``lr_scheduler`` has been overwritten "
                     "by ``learning_rate`` in optimizer.")
SET_LR_MESSAGE = ("LRScheduler of the optimizer has already been defined. Note that "
                  "set_learning_rate can mutate the value of the learning rate of the "
                  "optimizer only when the LRScheduler of the optimizer is undefined.")
FP16_MESSAGE = ("Accumulating with float16 in optimizer can lead to poor accuracy or "
                "slow convergence. Consider using multi_precision=True option of the "
                "%soptimizer")


def _real(name, value, minimum=None, below=None, optional=False):
    """Check a real-valued hyperparameter and return it unchanged."""
    if value is None and optional:
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError("%s must be a real number, got %s=%r" % (name, name, value))
    if value != value:
        raise ValueError("%s must not be NaN, got %s=%r" % (name, name, value))
    if minimum is not None and value < minimum:
        raise ValueError("%s must be >= %r, got %s=%r" % (name, minimum, name, value))
    if below is not None and not value < below:
        raise ValueError("%s must be < %r, got %s=%r" % (name, below, name, value))
    return value


def _as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


class Optimizer(object):
    """The base class of all optimizers, as in MXNet 1.9.1.

    Parameters
    ----------
    rescale_grad : float, default 1.0
        Multiply the gradient by ``rescale_grad`` (often ``1.0 / batch_size``).
    param_idx2name : dict of int to str, optional
        Parameter names; parameters not named ``*_weight`` or ``*_gamma`` get
        no weight decay.
    wd : float, default 0.0
        Weight decay (L2 regularization) coefficient.
    clip_gradient : float, optional
        Clip the rescaled gradient to ``[-clip_gradient, clip_gradient]``;
        ``None``, 0 or a negative value turns clipping off.
    learning_rate : float, optional
        The initial learning rate.  ``None`` uses the scheduler's rates, or
        0.01 without a scheduler.  A value different from the scheduler's
        ``base_lr`` overwrites it (and prints MXNet's message).
    lr_scheduler : LRScheduler or callable, optional
        ``lr = lr_scheduler(num_update)`` for every update.
    sym : None
        MXNet's Symbol; cysched has no Symbol API, so only ``None``.
    begin_num_update : int, default 0
        The update count every weight starts from.
    multi_precision : bool, default False
        Keep a float32 master copy of float16 weights (see
        :meth:`create_state_multi_precision`).
    param_dict : dict of int to object, optional
        Objects with ``lr_mult`` and ``wd_mult`` attributes, looked up first.

    Example
    -------
    >>> from cysched import lr_scheduler
    >>> opt = Optimizer(learning_rate=0.5,
    ...                 lr_scheduler=lr_scheduler.FactorScheduler(step=10, base_lr=1))
    learning rate from ``lr_scheduler`` has been overwritten by ``learning_rate`` in optimizer.
    >>> opt.lr_scheduler.base_lr, opt.learning_rate
    (0.5, 0.5)
    """

    opt_registry = {}

    def __init__(self, rescale_grad=1., param_idx2name=None, wd=0.,
                 clip_gradient=None, learning_rate=None,
                 lr_scheduler=None, sym=None, begin_num_update=0,
                 multi_precision=False, param_dict=None):
        self.rescale_grad = _real("rescale_grad", rescale_grad)
        if lr_scheduler is not None and not callable(lr_scheduler):
            raise TypeError("lr_scheduler must be callable (lr = lr_scheduler(num_update)),"
                            " got lr_scheduler=%r" % (lr_scheduler,))
        self.lr_scheduler = lr_scheduler
        if self.lr_scheduler is None and learning_rate is None:
            learning_rate = 0.01
        self.lr = _real("learning_rate", learning_rate, optional=True)
        if self.lr_scheduler is not None and learning_rate is not None:
            if not hasattr(self.lr_scheduler, "base_lr"):
                raise AttributeError(
                    "lr_scheduler has no base_lr for learning_rate=%r to overwrite; pass "
                    "learning_rate=None to use the scheduler's rates, got lr_scheduler=%r"
                    % (learning_rate, self.lr_scheduler))
            if self.lr_scheduler.base_lr != learning_rate:
                print(UserWarning(OVERWRITE_MESSAGE))
                self.lr_scheduler.base_lr = learning_rate

        self.wd = _real("wd", wd)
        self.lr_mult = {}
        self.wd_mult = {}
        if isinstance(begin_num_update, bool) or not isinstance(begin_num_update,
                                                                numbers.Integral):
            raise TypeError("begin_num_update must be an integer, got begin_num_update=%r"
                            % (begin_num_update,))
        if begin_num_update < 0:
            raise ValueError("begin_num_update must be >= 0, got begin_num_update=%r"
                             % (begin_num_update,))
        self.begin_num_update = int(begin_num_update)
        self.num_update = self.begin_num_update
        self._all_index_update_counts = {0: {}}
        self._index_update_count = self._all_index_update_counts[0]
        self.clip_gradient = _real("clip_gradient", clip_gradient, optional=True)
        self.multi_precision = multi_precision
        self.aggregate_num = 0

        if param_idx2name is None:
            param_idx2name = {}
        if not isinstance(param_idx2name, dict):
            raise AssertionError("param_idx2name should be a dict of param indexes to "
                                 "names, got param_idx2name=%r" % (param_idx2name,))
        self.idx2name = param_idx2name.copy()
        if sym is not None:
            raise TypeError("sym must be None: cysched has no MXNet Symbol, got sym=%r"
                            % (sym,))
        self.sym_info = ()
        self.param_dict = param_dict if param_dict else {}

        self.set_lr_mult({})
        self.set_wd_mult({})

    @staticmethod
    def register(klass):
        """Register an optimizer class under its lower-cased name.

        >>> @Optimizer.register
        ... class MyOptimizer(Optimizer):
        ...     pass
        >>> type(Optimizer.create_optimizer('MyOptimizer')).__name__
        'MyOptimizer'
        """
        if not isinstance(klass, type):
            raise AssertionError("register needs a class, got klass=%r" % (klass,))
        name = klass.__name__.lower()
        if name in Optimizer.opt_registry:
            warnings.warn('WARNING: New optimizer %s.%s is overriding '
                          'existing optimizer %s.%s' %
                          (klass.__module__, klass.__name__,
                           Optimizer.opt_registry[name].__module__,
                           Optimizer.opt_registry[name].__name__))
        Optimizer.opt_registry[name] = klass
        return klass

    @staticmethod
    def create_optimizer(name, **kwargs):
        """Instantiate a registered optimizer by case-insensitive name.

        >>> type(Optimizer.create_optimizer('sgd', momentum=0.9)).__name__
        'SGD'
        """
        if name.lower() in Optimizer.opt_registry:
            return Optimizer.opt_registry[name.lower()](**kwargs)
        raise ValueError("Cannot find optimizer %s (registered: %s)"
                         % (name, ", ".join(sorted(Optimizer.opt_registry))))

    @property
    def learning_rate(self):
        """The rate at the current ``num_update`` (before ``lr_mult``)."""
        if self.lr_scheduler is not None:
            return self.lr_scheduler(self.num_update)
        return self.lr

    def create_state(self, index, weight):
        """Create the auxiliary state (e.g. momentum) for ``weight``."""

    def create_state_multi_precision(self, index, weight):
        """Like :meth:`create_state`, plus a float32 master copy of a float16
        ``weight`` when ``multi_precision`` is set: ``(weight32, state)``."""
        if self.multi_precision and weight.dtype == numpy.float16:
            weight_master_copy = weight.astype(numpy.float32)
            return (weight_master_copy,) + (self.create_state(index, weight_master_copy),)
        if weight.dtype == numpy.float16 and not self.multi_precision:
            warnings.warn(FP16_MESSAGE % "")
        return self.create_state(index, weight)

    def update(self, index, weight, grad, state):
        """Update ``weight`` in place from ``grad`` and ``state``.

        ``index``, ``weight``, ``grad`` and ``state`` may be lists of the same
        length: every index is counted before the rates are read, as MXNet's
        aggregated update does.
        """
        if type(self)._step is Optimizer._step:
            raise NotImplementedError("%s must override update()" % type(self).__name__)
        self._update_impl(index, weight, grad, state)

    def update_multi_precision(self, index, weight, grad, state):
        """:meth:`update` through the float32 master copy for float16 weights."""
        self._update_impl(index, weight, grad, state, multi_precision=True)

    def set_learning_rate(self, lr):
        """Set the rate; raises ``UserWarning`` when a scheduler is set."""
        if self.lr_scheduler is not None:
            raise UserWarning(SET_LR_MESSAGE)
        self.lr = _real("lr", lr)

    def set_lr_scale(self, args_lrscale):
        """[DEPRECATED] Sets lr scale. Use set_lr_mult instead."""
        raise DeprecationWarning

    def set_lr_mult(self, args_lr_mult):
        """Set learning-rate multipliers, keyed by parameter index or name.

        >>> opt = SGD(learning_rate=0.1)
        >>> opt.set_lr_mult({0: 2.0})
        >>> opt._get_lr(0)
        0.2
        """
        self.lr_mult = {}
        self.lr_mult.update(args_lr_mult)

    def set_wd_mult(self, args_wd_mult):
        """Set weight-decay multipliers, keyed by parameter index or name.

        Named parameters not ending in ``_weight`` or ``_gamma`` get 0.

        >>> opt = SGD(wd=0.1, param_idx2name={0: 'fc_bias'})
        >>> opt._get_wd(0)
        0.0
        """
        self.wd_mult = {}
        for n in self.idx2name.values():
            if not (n.endswith('_weight') or n.endswith('_gamma')):
                self.wd_mult[n] = 0.0
        self.wd_mult.update(args_wd_mult)

    def _set_current_context(self, device_id):
        """Use the per-index update counts of device ``device_id``."""
        if device_id not in self._all_index_update_counts:
            self._all_index_update_counts[device_id] = {}
        self._index_update_count = self._all_index_update_counts[device_id]

    def _update_count(self, index):
        """Count one update of each index and raise ``num_update`` to the max."""
        for idx in _as_list(index):
            if idx not in self._index_update_count:
                self._index_update_count[idx] = self.begin_num_update
            self._index_update_count[idx] += 1
            self.num_update = max(self._index_update_count[idx], self.num_update)

    def _get_lrs(self, indices):
        """``lr_scheduler(num_update)`` (or ``lr``) times each index's ``lr_mult``."""
        if self.lr_scheduler is not None:
            lr = self.lr_scheduler(self.num_update)
        else:
            lr = self.lr
        lrs = [lr for _ in indices]
        for i, index in enumerate(indices):
            if index in self.param_dict:
                lrs[i] *= self.param_dict[index].lr_mult
            elif index in self.lr_mult:
                lrs[i] *= self.lr_mult[index]
            elif index in self.idx2name:
                lrs[i] *= self.lr_mult.get(self.idx2name[index], 1.0)
        return lrs

    def _get_lr(self, index):
        return self._get_lrs([index])[0]

    def _get_wds(self, indices):
        """``wd`` times each index's ``wd_mult``."""
        wds = [self.wd for _ in indices]
        for i, index in enumerate(indices):
            if index in self.param_dict:
                wds[i] *= self.param_dict[index].wd_mult
            elif index in self.wd_mult:
                wds[i] *= self.wd_mult[index]
            elif index in self.idx2name:
                wds[i] *= self.wd_mult.get(self.idx2name[index], 1.0)
        return wds

    def _get_wd(self, index):
        return self._get_wds([index])[0]

    def _grad(self, grad, dtype):
        """``clip(rescale_grad * grad, clip_gradient)`` as a new array."""
        g = numpy.multiply(self.rescale_grad, numpy.asarray(grad, dtype=dtype),
                           dtype=dtype)
        if self.clip_gradient and self.clip_gradient >= 0:
            numpy.clip(g, -self.clip_gradient, self.clip_gradient, out=g)
        return g

    def _update_impl(self, index, weight, grad, state, multi_precision=False):
        indices = _as_list(index)
        many = isinstance(index, (list, tuple))
        weights, grads, states = ((list(weight), list(grad), list(state)) if many
                                  else ([weight], [grad], [state]))
        if not len(indices) == len(weights) == len(grads) == len(states):
            raise ValueError("index, weight, grad and state must have the same length, "
                             "got %d, %d, %d and %d" % (len(indices), len(weights),
                                                        len(grads), len(states)))
        for w, g in zip(weights, grads):
            _check_arrays(w, g)
        self._update_count(indices)
        lrs = self._get_lrs(indices)
        wds = self._get_wds(indices)
        for idx, w, g, s, lr, wd in zip(indices, weights, grads, states, lrs, wds):
            if multi_precision:
                self._step_multi_precision(idx, w, g, s, lr, wd)
            else:
                self._step(idx, w, self._grad(g, w.dtype), s, lr, wd)

    def _step_multi_precision(self, index, weight, grad, state, lr, wd):
        if (self.multi_precision and weight.dtype == numpy.float16
                and isinstance(state, tuple)):
            weight32, inner = state
            self._step(index, weight32, self._grad(grad, numpy.float32), inner, lr, wd)
            weight[...] = weight32
        else:
            self._step(index, weight, self._grad(grad, weight.dtype), state, lr, wd)

    def _step(self, index, weight, grad, state, lr, wd):
        raise NotImplementedError("%s must override update()" % type(self).__name__)

    def __getstate__(self):
        ret = self.__dict__.copy()
        del ret['param_dict']
        return ret

    def __setstate__(self, state):
        self.__dict__ = state
        self.param_dict = {}


def _check_arrays(weight, grad):
    if not isinstance(weight, numpy.ndarray):
        raise TypeError("weight must be a numpy.ndarray (it is updated in place), got "
                        "weight of type %s" % type(weight).__name__)
    if not numpy.issubdtype(weight.dtype, numpy.floating):
        raise TypeError("weight must have a floating dtype, got weight.dtype=%s"
                        % weight.dtype)
    if numpy.shape(grad) != weight.shape:
        raise ValueError("grad must have the weight's shape %s, got grad.shape=%s"
                         % (weight.shape, numpy.shape(grad)))


register = Optimizer.register
create = Optimizer.create_optimizer


class _MomentumMixin(object):
    """SGD and NAG: one momentum array, ``None`` without momentum; with
    ``multi_precision`` the state is ``(momentum, weight32)`` as in MXNet."""

    def create_state(self, index, weight):
        if self.momentum != 0.0:
            return numpy.zeros_like(weight)
        return None

    def create_state_multi_precision(self, index, weight):
        if self.multi_precision and weight.dtype == numpy.float16:
            weight_master_copy = weight.astype(numpy.float32)
            return (self.create_state(index, weight_master_copy), weight_master_copy)
        if weight.dtype == numpy.float16 and not self.multi_precision:
            warnings.warn(FP16_MESSAGE % (type(self).__name__ + " "))
        return self.create_state(index, weight)

    def _step_multi_precision(self, index, weight, grad, state, lr, wd):
        if (self.multi_precision and weight.dtype == numpy.float16
                and isinstance(state, tuple)):
            momentum, weight32 = state
            self._step(index, weight32, self._grad(grad, numpy.float32), momentum, lr, wd)
            weight[...] = weight32
        else:
            self._step(index, weight, self._grad(grad, weight.dtype), state, lr, wd)


@register
class SGD(_MomentumMixin, Optimizer):
    """Stochastic gradient descent with momentum and weight decay.

    With ``g = clip(rescale_grad * grad, clip_gradient)`` each update does::

        rescaled_grad = lr * (g + wd * weight)
        state = momentum * state + rescaled_grad
        weight = weight - state

    and without momentum (``state`` is ``None``)
    ``weight = weight - lr * (g + wd * weight)``.

    Parameters
    ----------
    momentum : float, default 0.0
        The momentum value, >= 0.
    lazy_update : bool, default True
        Accepted for MXNet compatibility; NumPy arrays are dense.
    **kwargs
        :class:`Optimizer`'s arguments.

    Example
    -------
    >>> import numpy as np
    >>> opt = SGD(learning_rate=0.5, momentum=0.5)
    >>> w = np.array([1.0]); state = opt.create_state(0, w)
    >>> opt.update(0, w, np.array([1.0]), state); w.tolist()
    [0.5]
    >>> opt.update(0, w, np.array([1.0]), state); w.tolist()
    [-0.25]
    """

    def __init__(self, momentum=0.0, lazy_update=True, **kwargs):
        super(SGD, self).__init__(**kwargs)
        self.momentum = _real("momentum", momentum, minimum=0)
        self.lazy_update = lazy_update

    def _step(self, index, weight, grad, state, lr, wd):
        rescaled = lr * (grad + wd * weight)
        if state is None:
            weight -= rescaled
        else:
            state *= self.momentum
            state += rescaled
            weight -= state


@register
class NAG(_MomentumMixin, Optimizer):
    """Nesterov accelerated gradient.

    With ``g = clip(rescale_grad * grad, clip_gradient) + wd * weight``::

        state = momentum * state + g
        weight = weight - lr * (g + momentum * state)

    and without momentum ``weight = weight - lr * g``.

    Example
    -------
    >>> import numpy as np
    >>> opt = NAG(learning_rate=0.5, momentum=0.5)
    >>> w = np.array([1.0]); state = opt.create_state(0, w)
    >>> opt.update(0, w, np.array([1.0]), state); w.tolist()
    [0.25]
    """

    def __init__(self, momentum=0.0, **kwargs):
        super(NAG, self).__init__(**kwargs)
        self.momentum = _real("momentum", momentum, minimum=0)

    def _step(self, index, weight, grad, state, lr, wd):
        grad += wd * weight
        if state is None:
            weight -= lr * grad
        else:
            state *= self.momentum
            state += grad
            weight -= lr * (grad + self.momentum * state)


@register
class Adam(Optimizer):
    """Adam (Kingma and Ba), with MXNet 1.9.1's bias correction on ``lr``.

    At step ``t`` (this weight's update count, from ``begin_num_update``)::

        g = clip(rescale_grad * grad + wd * weight, clip_gradient)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        lr_t = lr * sqrt(1 - beta2**t) / (1 - beta1**t)
        weight = weight - lr_t * m / (sqrt(v) + epsilon)

    (MXNet's docstring swaps ``beta1`` and ``beta2`` in ``lr_t``; its code,
    followed here, does not.)  The state is the pair ``(m, v)``.

    Example
    -------
    >>> import numpy as np
    >>> opt = Adam(learning_rate=0.1)
    >>> w = np.array([1.0]); state = opt.create_state(0, w)
    >>> opt.update(0, w, np.array([3.0]), state); round(float(w[0]), 6)
    0.9
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 lazy_update=True, **kwargs):
        super(Adam, self).__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = _real("beta1", beta1, minimum=0, below=1)
        self.beta2 = _real("beta2", beta2, minimum=0, below=1)
        self.epsilon = _real("epsilon", epsilon, minimum=0)
        self.lazy_update = lazy_update

    def create_state(self, index, weight):
        return (numpy.zeros_like(weight), numpy.zeros_like(weight))

    def _grad(self, grad, dtype):
        return numpy.multiply(self.rescale_grad, numpy.asarray(grad, dtype=dtype),
                              dtype=dtype)

    def _step(self, index, weight, grad, state, lr, wd):
        t = self._index_update_count[index]
        coef1 = 1. - self.beta1 ** t
        coef2 = 1. - self.beta2 ** t
        lr *= math.sqrt(coef2) / coef1
        grad += wd * weight
        if self.clip_gradient and self.clip_gradient >= 0:
            numpy.clip(grad, -self.clip_gradient, self.clip_gradient, out=grad)
        mean, var = state
        mean *= self.beta1
        mean += (1. - self.beta1) * grad
        var *= self.beta2
        var += (1. - self.beta2) * (grad * grad)
        weight -= lr * mean / (numpy.sqrt(var) + self.epsilon)


class Updater(object):
    """Keep one state per index and update weights, as MXNet's kvstore updater.

    >>> import numpy as np
    >>> updater = get_updater(SGD(learning_rate=0.1))
    >>> w = np.ones(3)
    >>> updater(0, np.ones(3), w); w.tolist()
    [0.9, 0.9, 0.9]
    """

    def __init__(self, optimizer):
        self.optimizer = optimizer
        self.states = {}
        self.states_synced = {}

    def __call__(self, index, grad, weight):
        """Update ``weight`` (or each of a list of weights) from ``grad``."""
        indices = _as_list(index)
        many = isinstance(index, (list, tuple))
        grads = list(grad) if many else [grad]
        weights = list(weight) if many else [weight]
        for idx, g, w in zip(indices, grads, weights):
            if idx not in self.states:
                self.states[idx] = self.optimizer.create_state_multi_precision(idx, w)
                self.states_synced[idx] = True
            self.optimizer.update_multi_precision(idx, w, g, self.states[idx])

    def set_states(self, states):
        """Restore states (and the optimizer, if dumped) from :meth:`get_states`."""
        states = pickle.loads(states)
        if isinstance(states, tuple) and len(states) == 2:
            self.states, self.optimizer = states
        else:
            self.states = states
        self.states_synced = dict.fromkeys(self.states.keys(), False)

    def get_states(self, dump_optimizer=False):
        """Pickle the states, with the optimizer when ``dump_optimizer``."""
        return pickle.dumps((self.states, self.optimizer) if dump_optimizer
                            else self.states)


def get_updater(optimizer):
    """Return an :class:`Updater` for ``optimizer``."""
    return Updater(optimizer)
