"""MXNet 1.9.1's optimizers around learning-rate schedules, on NumPy arrays.

Same names, semantics and numbers as ``mxnet.optimizer``: an
:class:`Optimizer` asks its ``lr_scheduler`` for the rate of every update
(``num_update`` is the largest per-weight update count), ``learning_rate``
overwrites the scheduler's ``base_lr``, and :class:`SGD`, :class:`NAG` and
:class:`Adam` update NumPy arrays in place bit for bit as MXNet's CPU kernels
do: the same operations in the same order, in the weight's dtype (float32 for
``multi_precision``), with the hyperparameters rounded to float32 the way
MXNet hands them to its kernels.  States have MXNet's layout, so they can be
moved between the two (``mx.nd.array(state)`` / ``state.asnumpy()``).

>>> import numpy as np
>>> from cysched import lr_scheduler, optimizer
>>> sched = lr_scheduler.FactorScheduler(base_lr=1, step=2, factor=0.5)
>>> opt = optimizer.SGD(lr_scheduler=sched)
>>> w, g = np.zeros(2), np.ones(2)
>>> for _ in range(4):
...     opt.update(0, w, g, opt.create_state(0, w))
>>> w.tolist()
[-3.0, -3.0]

A subclass may override only :meth:`Optimizer.update` (and ``create_state``),
as in MXNet: :func:`get_updater` and :meth:`Optimizer.update_multi_precision`
call it.
"""
import math
import numbers
import os
import pickle
import warnings
from fractions import Fraction
from functools import lru_cache

from cysched import _extras

numpy = _extras.require("numpy", "cysched.optimizer")

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

_F16, _F32, _F64 = numpy.dtype(numpy.float16), numpy.dtype(numpy.float32), \
    numpy.dtype(numpy.float64)
_KERNEL_DTYPES = (_F16, _F32, _F64)


# -- How MXNet hands a Python number to a kernel -------------------------------------
#
# MXNet's Python front end passes every operator argument as ``str(value)``; the
# C++ side parses it into the operator's float32 field.  Two parsers are in play:
# list arguments (``lrs``, ``wds`` of the aggregated SGD kernels) go through
# ``std::istream >> float`` (glibc's correctly rounded strtof), and single float
# arguments through dmlc-core's ``ParseFloat<float, true>``, which is *not*
# correctly rounded: it adds the integer and fractional parts in float32 and
# scales by a power of ten built from float32 products.  Both are reproduced
# here exactly, from the same string.

class _ParseError(ValueError):
    pass


def _f32_nearest(q):
    """The float32 nearest to the rational ``q`` (ties to even), inf past the range."""
    if q == 0:
        return numpy.float32(0.0)
    negative = q < 0
    q = abs(q)
    num, den = q.numerator, q.denominator
    e = num.bit_length() - den.bit_length()
    if (num << max(-e, 0)) < (den << max(e, 0)):
        e -= 1                                   # now 2**e <= q < 2**(e + 1)
    ulp = max(e, -126) - 23
    scaled_num, scaled_den = (num, den << ulp) if ulp >= 0 else (num << -ulp, den)
    n, rem = divmod(scaled_num, scaled_den)
    if 2 * rem > scaled_den or (2 * rem == scaled_den and n & 1):
        n += 1
    value = math.ldexp(n, ulp) if ulp < 1000 else math.inf
    if value > 3.4028234663852886e38:
        value = math.inf
    return numpy.float32(-value if negative else value)


def _int_to_f32(n):
    """``static_cast<float>(uint64)``: round to nearest even."""
    if n < 2 ** 53:
        return numpy.float32(float(n))
    return _f32_nearest(Fraction(n))


@lru_cache(maxsize=4096)
def _tuple_f32(text):
    """``std::istream >> float`` (strtof, correctly rounded) on MXNet's string."""
    try:
        value = float(text)
    except ValueError:
        raise _ParseError("cannot parse %r as a float" % text) from None
    if not math.isfinite(value):
        raise _ParseError("cannot parse %r as a float" % text)
    with numpy.errstate(over="ignore"):
        single = numpy.float32(value)
    if numpy.isinf(single):
        raise _ParseError("%r is out of float32 range" % text)
    if float(single) != value:
        # float(text) rounded once already; a second rounding to float32 can only
        # go astray when that double sits exactly half way between two floats.
        other = numpy.nextafter(single, numpy.float32(math.copysign(math.inf,
                                                                     value - float(single))))
        if (float(single) + float(other)) / 2 == value:
            exact = Fraction(text)
            if exact != Fraction(value):
                return _f32_nearest(exact)
    return single


_MAX_SIGNIFICAND = numpy.float32(3.402823466)       # dmlc's kMaxSignificandForMaxExponent
_MIN_SIGNIFICAND = numpy.float32(1.175494351)       # ... ForNegMaxExponent
_TEN = numpy.float32(10.0)
_TEN8 = numpy.float32(1e8)


@lru_cache(maxsize=4096)
def _dmlc_f32(text):
    """dmlc-core's ``stof`` (``ParseFloat<float, true>``), step by step in float32."""
    s, p, end = text, 0, len(text)

    def at(i):
        return s[i] if i < end else "\0"

    while at(p) in " \t\n\v\f\r":
        p += 1
    positive = True
    if at(p) == "-":
        positive, p = False, p + 1
    elif at(p) == "+":
        p += 1
    value = None
    i = 0
    while i < 8 and chr(ord(at(p + i)) | 32) == "infinity"[i]:
        i += 1
    if i in (3, 8):
        value, p = numpy.float32(math.inf), p + i
    else:
        i = 0
        while i < 3 and chr(ord(at(p + i)) | 32) == "nan"[i]:
            i += 1
        if i == 3:
            value, p = numpy.float32(math.nan), p + 3
            if at(p) == "(":
                p += 1
                while at(p).isalnum() or at(p) == "_":
                    p += 1
                if at(p) != ")":
                    raise _ParseError("invalid NAN literal %r" % text)
                p += 1
    if value is None:
        predec = 0
        while "0" <= at(p) <= "9":
            predec = (predec * 10 + ord(at(p)) - 48) % 2 ** 64
            p += 1
        value = _int_to_f32(predec)
        if at(p) == ".":
            pow10, val2, digits = 1, 0, 0
            p += 1
            while "0" <= at(p) <= "9":
                if digits < 19:
                    val2 = val2 * 10 + ord(at(p)) - 48
                    pow10 *= 10
                p += 1
                digits += 1
            value = value + numpy.float32(float(val2) / float(pow10))
        if at(p) in "eE":
            p += 1
            negative_exponent = False
            scale = numpy.float32(1.0)
            if at(p) == "-":
                negative_exponent, p = True, p + 1
            elif at(p) == "+":
                p += 1
            exponent = 0
            while "0" <= at(p) <= "9":
                exponent = (exponent * 10 + ord(at(p)) - 48) % 2 ** 32
                p += 1
            if exponent > 38 or (exponent == 38 and (
                    (not negative_exponent and value > _MAX_SIGNIFICAND)
                    or (negative_exponent and value < _MIN_SIGNIFICAND))):
                raise _ParseError("%r is out of range for a float32 parameter" % text)
            while exponent >= 8:
                scale, exponent = scale * _TEN8, exponent - 8
            while exponent > 0:
                scale, exponent = scale * _TEN, exponent - 1
            with numpy.errstate(over="ignore"):
                value = value / scale if negative_exponent else value * scale
        if at(p) in "fF":
            p += 1
    if p == 0:
        raise _ParseError("cannot parse %r as a float" % text)
    if p < end:
        raise _ParseError("trailing characters in %r" % text)
    return value if positive else -value


def _kernel_scalar(name, value, parser=_dmlc_f32):
    """``value`` as the float32 an MXNet kernel receives for argument ``name``.

    MXNet sends ``str(value)``; a list argument is ``str(list)``, which holds
    the ``repr`` of each element (the same digits for floats, ints and, under
    the NumPy 1.x that MXNet runs on, NumPy scalars)."""
    if parser is _tuple_f32 and not isinstance(value, (float, int, numpy.generic)):
        text = repr(value)
    else:
        text = str(value)
    try:
        return parser(text)
    except _ParseError as exc:
        raise ValueError("%s=%r cannot be passed to MXNet's float32 kernel argument: %s"
                         % (name, value, exc)) from None


# -- Argument checks ---------------------------------------------------------------

def _real(name, value, optional=False, finite=True):
    """Check a real-valued hyperparameter and return it unchanged."""
    if value is None and optional:
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError("%s must be a real number, got %s=%r" % (name, name, value))
    if finite and not math.isfinite(value):
        raise ValueError("%s must be finite, got %s=%r" % (name, name, value))
    return value


def _as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _check_arrays(weight, grad):
    """What MXNet's Python asserts and its C++ shape and type inference refuse."""
    if not isinstance(weight, numpy.ndarray):
        raise AssertionError("weight must be a numpy.ndarray (it is updated in place), "
                             "got weight of type %s" % type(weight).__name__)
    if not isinstance(grad, numpy.ndarray):
        raise AssertionError("grad must be a numpy.ndarray, got grad of type %s"
                             % type(grad).__name__)
    if weight.dtype not in _KERNEL_DTYPES:
        raise TypeError("weight must be float16, float32 or float64 (MXNet's real "
                        "types), got weight.dtype=%s" % weight.dtype)
    if grad.dtype != weight.dtype:
        raise TypeError("grad must have the weight's dtype %s, got grad.dtype=%s"
                        % (weight.dtype, grad.dtype))
    if grad.shape != weight.shape:
        raise ValueError("grad must have the weight's shape %s, got grad.shape=%s"
                         % (weight.shape, grad.shape))


# -- MXNet's CPU kernels (src/operator/optimizer_op-inl.h), element by element -------
#
# Every scalar is first rounded to the kernel's compute type (``DType``, or
# ``MPDType`` = float32 for the multi-precision kernels); each operation then
# rounds as the C++ expression does (float16: through float32, as mshadow's
# half_t and NumPy both do).  Operations keep the C++ order and grouping.

def _clip(x, bound):
    """``mshadow_op::clip::Map``: NaN passes, ``-bound`` is the negated bound."""
    return numpy.where(x > bound, bound, numpy.where(x < -bound, -bound, x))


def _scalars(dtype, *values):
    return [numpy.asarray(v).astype(dtype)[()] for v in values]


def _multi_sgd_kernel(weight, grad, mom, weight32, lr, wd, rescale, clip, momentum):
    """``MultiSGDKernel`` for one weight (``mom``/``weight32`` may be None)."""
    dtype = _F32 if weight32 is not None else weight.dtype
    lr, wd, rescale, clip, momentum = _scalars(dtype, lr, wd, rescale, clip, momentum)
    w = weight32 if weight32 is not None else weight
    g = grad.astype(dtype)
    m = mom if mom is not None else numpy.zeros(w.shape, dtype)
    if clip >= 0:
        m = momentum * m - (lr * wd) * w - lr * _clip(rescale * g, clip)
    else:
        m = momentum * m - (lr * wd) * w - (lr * rescale) * g
    if mom is not None:
        mom[...] = m
    w = w + m
    if weight32 is not None:
        weight32[...] = w
    weight[...] = w


def _sgd_kernel(weight, grad, weight32, lr, wd, rescale, clip):
    """``SGDKernel``, or ``MP_SGDKernel`` with a float32 master copy."""
    dtype = _F32 if weight32 is not None else weight.dtype
    lr, wd, rescale, clip, one = _scalars(dtype, lr, wd, rescale, clip, 1.0)
    w = weight32 if weight32 is not None else weight
    g = grad.astype(dtype)
    if clip >= 0:
        w = (one - lr * wd) * w - lr * _clip(rescale * g, clip)
    else:
        w = (one - lr * wd) * w - (lr * rescale) * g
    if weight32 is not None:
        weight32[...] = w
    weight[...] = w


def _nag_mom_kernel(weight, grad, mom, weight32, lr, wd, rescale, clip, momentum):
    """``NAGMomKernel``, or ``MP_NAGMomKernel`` with a float32 master copy.

    The momentum update reads the weight after it was written (MXNet runs the
    kernel in place, ``out=weight``, so its second read sees the new value).
    """
    dtype = _F32 if weight32 is not None else weight.dtype
    lr, wd, rescale, clip, momentum, one = _scalars(dtype, lr, wd, rescale, clip,
                                                    momentum, 1.0)
    w = weight32 if weight32 is not None else weight
    g = rescale * grad.astype(dtype)
    if clip >= 0:
        g = _clip(g, clip)
    m = momentum * mom
    w = w - m + (momentum + one) * (m - lr * (g + wd * w))
    mom[...] = m - lr * (g + wd * w)
    if weight32 is not None:
        weight32[...] = w
    weight[...] = w


def _adam_kernel(weight, grad, mean, var, lr, wd, rescale, clip, beta1, beta2, epsilon):
    """``AdamUpdateKernel`` (dense)."""
    dtype = weight.dtype
    lr, wd, rescale, clip, beta1, beta2, epsilon, one = _scalars(
        dtype, lr, wd, rescale, clip, beta1, beta2, epsilon, 1.0)
    g = grad * rescale + weight * wd
    if clip >= 0:
        g = _clip(g, clip)
    mean[...] = beta1 * mean + (one - beta1) * g
    var[...] = beta2 * var + (one - beta2) * g * g
    weight[...] = weight - lr * mean / (numpy.sqrt(var) + epsilon)


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
        The update count every weight starts from (any number, as in MXNet).
    multi_precision : bool, default False
        Keep a float32 master copy of float16 weights (see
        :meth:`create_state_multi_precision`).
    param_dict : dict of int to object, optional
        Objects with ``lr_mult`` and ``wd_mult`` attributes, looked up first.

    A subclass implements :meth:`update` (and :meth:`create_state`), as in
    MXNet; it typically starts with ``self._update_count(index)`` and reads
    ``self._get_lr(index)`` and ``self._get_wd(index)``.

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
            if self.lr_scheduler.base_lr != learning_rate:
                print(UserWarning(OVERWRITE_MESSAGE))
                self.lr_scheduler.base_lr = learning_rate

        self.wd = _real("wd", wd)
        self.lr_mult = {}
        self.wd_mult = {}
        if not isinstance(begin_num_update, numbers.Real):
            raise TypeError("begin_num_update must be a number, got begin_num_update=%r"
                            % (begin_num_update,))
        self.begin_num_update = begin_num_update
        self.num_update = begin_num_update
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
        """Update ``weight`` in place from ``grad`` and ``state``; subclasses
        implement it."""
        raise NotImplementedError()

    def update_multi_precision(self, index, weight, grad, state):
        """:meth:`update`, through the float32 master copy ``state[0]`` for
        float16 weights when ``multi_precision`` is set (as MXNet's base class:
        the gradient is cast to float32, ``update`` runs on the copy and the
        weight becomes the copy rounded to float16)."""
        if self.multi_precision and weight.dtype == numpy.float16:
            weight_master_copy = state[0]
            original_state = state[1]
            grad32 = grad.astype(numpy.float32)
            self.update(index, weight_master_copy, grad32, original_state)
            weight[...] = weight_master_copy
        else:
            self.update(index, weight, grad, state)

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
        return self._multiplied(lr, indices, "lr_mult", self.lr_mult)

    def _get_lr(self, index):
        return self._get_lrs([index])[0]

    def _get_wds(self, indices):
        """``wd`` times each index's ``wd_mult``."""
        return self._multiplied(self.wd, indices, "wd_mult", self.wd_mult)

    def _multiplied(self, value, indices, name, mults):
        """``value`` times each index's multiplier, in MXNet's order: the
        parameter's attribute ``name``, else ``mults`` by index, then by name."""
        values = [value for _ in indices]
        for i, index in enumerate(indices):
            if index in self.param_dict:
                values[i] *= getattr(self.param_dict[index], name)
            elif index in mults:
                values[i] *= mults[index]
            elif index in self.idx2name:
                values[i] *= mults.get(self.idx2name[index], 1.0)
        return values

    def _get_wd(self, index):
        return self._get_wds([index])[0]

    def _kernel_args(self, lr, wd):
        """``lr``, ``wd``, ``rescale_grad`` and ``clip_gradient`` (-1: off) as a
        single-weight kernel receives them; MXNet passes ``clip_gradient`` only
        when truthy."""
        return (_kernel_scalar("lr", lr), _kernel_scalar("wd", wd),
                _kernel_scalar("rescale_grad", self.rescale_grad),
                _kernel_scalar("clip_gradient", self.clip_gradient)
                if self.clip_gradient else numpy.float32(-1.0))

    def _check_kernel_args(self, list_args=()):
        """Fail at construction where MXNet's kernel would refuse an argument at
        the first update (out of float32 range): the constant ones, and the
        rate when there is no scheduler.  ``list_args`` are parsed as lists."""
        names = ["rescale_grad", "wd", "clip_gradient"]
        if self.lr_scheduler is None:
            names.append("lr")
        for name in names:
            value = getattr(self, name)
            if name == "clip_gradient" and not value:
                continue
            _kernel_scalar("learning_rate" if name == "lr" else name, value,
                           _tuple_f32 if name in list_args else _dmlc_f32)

    def __getstate__(self):
        ret = self.__dict__.copy()
        del ret['param_dict']
        return ret

    def __setstate__(self, state):
        self.__dict__ = state
        self.param_dict = {}


register = Optimizer.register
create = Optimizer.create_optimizer


def _momentum(value):
    _real("momentum", value)
    if value > 0:
        _kernel_scalar("momentum", value)
    if value < 0:
        raise ValueError("momentum must be >= 0 (MXNet 1.9.1 ignores a negative "
                         "momentum and trains without it), got momentum=%r" % (value,))
    return value


class _MomentumState(object):
    """SGD and NAG: one momentum array, ``None`` without momentum; with
    ``multi_precision`` the state is ``(momentum, weight32)`` as in MXNet."""

    def create_state(self, index, weight):
        if self.momentum != 0.0:
            return numpy.zeros(weight.shape, weight.dtype)
        return None

    def create_state_multi_precision(self, index, weight):
        if self.multi_precision and weight.dtype == numpy.float16:
            weight_master_copy = weight.astype(numpy.float32)
            return (self.create_state(index, weight_master_copy), weight_master_copy)
        if weight.dtype == numpy.float16 and not self.multi_precision:
            warnings.warn(FP16_MESSAGE % (type(self).__name__ + " "))
        return self.create_state(index, weight)


@register
class SGD(_MomentumState, Optimizer):
    """Stochastic gradient descent with momentum and weight decay.

    With ``g = clip(rescale_grad * grad, clip_gradient)`` each update does,
    as MXNet's kernel::

        state = momentum * state - lr * wd * weight - lr * g
        weight = weight + state

    (the state is the negated velocity, scaled by the rate) and without
    momentum (``state`` is ``None``) ``weight = weight - lr * wd * weight -
    lr * g``.  The update of several indices at once (lists) is MXNet's
    aggregated update: all indices are counted before the rate is read.

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
    >>> opt.update(0, w, np.array([1.0]), state); w.tolist(), state.tolist()
    ([0.5], [-0.5])
    >>> opt.update(0, w, np.array([1.0]), state); w.tolist()
    [-0.25]
    """

    def __init__(self, momentum=0.0, lazy_update=True, **kwargs):
        super(SGD, self).__init__(**kwargs)
        self.momentum = _momentum(momentum)
        self._check_kernel_args(list_args=("lr", "wd"))
        self.lazy_update = lazy_update
        self.aggregate_num = int(os.getenv('MXNET_OPTIMIZER_AGGREGATION_SIZE', "4"))

    def _update_impl(self, indices, weights, grads, states, multi_precision=False):
        if not isinstance(indices, (tuple, list)):
            indices, weights, grads, states = [indices], [weights], [grads], [states]
        if not len(indices) == len(weights) == len(grads) == len(states):
            raise ValueError("index, weight, grad and state must have the same length, "
                             "got %d, %d, %d and %d" % (len(indices), len(weights),
                                                        len(grads), len(states)))
        for weight, grad in zip(weights, grads):
            _check_arrays(weight, grad)
        self._update_count(indices)
        lrs = self._get_lrs(indices)
        wds = self._get_wds(indices)
        rescale = _kernel_scalar("rescale_grad", self.rescale_grad)
        clip = (_kernel_scalar("clip_gradient", self.clip_gradient)
                if self.clip_gradient else numpy.float32(-1.0))
        has_momentum = self.momentum > 0
        momentum = (_kernel_scalar("momentum", self.momentum) if has_momentum
                    else numpy.float32(0.0))
        lrs = [_kernel_scalar("lr", lr, _tuple_f32) for lr in lrs]
        wds = [_kernel_scalar("wd", wd, _tuple_f32) for wd in wds]
        for weight, grad, state, lr, wd in zip(weights, grads, states, lrs, wds):
            if multi_precision:
                mom, weight32 = state
            else:
                mom, weight32 = state, None
            _multi_sgd_kernel(weight, grad, mom if has_momentum else None, weight32,
                              lr, wd, rescale, clip, momentum)

    def update(self, index, weight, grad, state):
        self._update_impl(index, weight, grad, state, multi_precision=False)

    def update_multi_precision(self, index, weight, grad, state):
        if not isinstance(index, (tuple, list)):
            use_multi_precision = self.multi_precision and weight.dtype == numpy.float16
        else:
            use_multi_precision = self.multi_precision and weight[0].dtype == numpy.float16
        self._update_impl(index, weight, grad, state,
                          multi_precision=use_multi_precision)


@register
class NAG(_MomentumState, Optimizer):
    """Nesterov accelerated gradient, as MXNet 1.9.1's kernel computes it.

    With ``g = clip(rescale_grad * grad, clip_gradient)``, the state holds
    the momentum scaled by the rate (negated), as MXNet's::

        state = momentum * state
        weight = weight - state + (momentum + 1) * (state - lr * (g + wd * weight))
        state = state - lr * (g + wd * weight)     # the weight just written

    and without momentum ``weight = (1 - lr * wd) * weight - lr * g``.  When
    the rate changes between updates this is not the textbook formula
    ``state = momentum * state + g; weight -= lr * (g + momentum * state)``
    that MXNet's docstring gives: it is what MXNet computes.

    Example
    -------
    >>> import numpy as np
    >>> opt = NAG(momentum=0.9, learning_rate=1.0)
    >>> w = np.zeros(1, dtype=np.float32); state = opt.create_state(0, w)
    >>> for lr in (1.0, 0.5):
    ...     opt.set_learning_rate(lr)
    ...     opt.update(0, w, np.ones(1, dtype=np.float32), state)
    >>> float(w[0]), float(state[0])
    (-3.6599998474121094, -1.399999976158142)
    """

    def __init__(self, momentum=0.0, **kwargs):
        super(NAG, self).__init__(**kwargs)
        self.momentum = _momentum(momentum)
        self._check_kernel_args()

    def _update_impl(self, index, weight, grad, state, multi_precision=False):
        _check_arrays(weight, grad)
        self._update_count(index)
        lr = self._get_lr(index)
        wd = self._get_wd(index)
        lr, wd, rescale, clip = self._kernel_args(lr, wd)
        momentum = (_kernel_scalar("momentum", self.momentum) if self.momentum > 0
                    else numpy.float32(0.0))
        if not multi_precision:
            if state is not None:
                _nag_mom_kernel(weight, grad, state, None, lr, wd, rescale, clip, momentum)
            else:
                _sgd_kernel(weight, grad, None, lr, wd, rescale, clip)
        else:
            if state[0] is not None:
                _nag_mom_kernel(weight, grad, state[0], state[1], lr, wd, rescale, clip,
                                momentum)
            else:
                _sgd_kernel(weight, grad, state[1], lr, wd, rescale, clip)

    def update(self, index, weight, grad, state):
        self._update_impl(index, weight, grad, state, multi_precision=False)

    def update_multi_precision(self, index, weight, grad, state):
        use_multi_precision = (self.multi_precision and weight.dtype == numpy.float16
                               and isinstance(state, (tuple, list)))
        self._update_impl(index, weight, grad, state,
                          multi_precision=use_multi_precision)


def _adam_betas(beta1, beta2, begin_num_update):
    """Adam's bias correction ``sqrt(1 - beta2**t) / (1 - beta1**t)`` must exist for
    every step ``t``, or MXNet raises mid-training."""
    for name, value in (("beta1", beta1), ("beta2", beta2)):
        _real(name, value)
        _kernel_scalar(name, value)
    if not -1 < beta1 < 1:
        raise ValueError("beta1 must be in (-1, 1) (MXNet divides by 1 - beta1**t, "
                         "which is 0 or overflows otherwise), got beta1=%r" % (beta1,))
    if not -1 <= beta2 <= 1:
        raise ValueError("beta2 must be in [-1, 1] (MXNet takes sqrt(1 - beta2**t), "
                         "which is undefined otherwise), got beta2=%r" % (beta2,))
    if not math.isfinite(begin_num_update):
        raise ValueError("begin_num_update must be finite for Adam (its bias correction "
                         "would make every weight NaN), got begin_num_update=%r"
                         % (begin_num_update,))
    if begin_num_update <= -1:
        raise ValueError("begin_num_update must be > -1 for Adam (its first step t = "
                         "begin_num_update + 1 must be positive), got begin_num_update=%r"
                         % (begin_num_update,))
    if (beta1 < 0 or beta2 < 0) and begin_num_update != int(begin_num_update):
        raise ValueError("a negative beta1 or beta2 needs an integral begin_num_update "
                         "(a negative number to a fractional power is complex), got "
                         "begin_num_update=%r" % (begin_num_update,))


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
    followed here, does not.)  The state is the pair ``(m, v)``; with
    ``multi_precision`` and float16 weights ``(weight32, (m, v))``.

    Example
    -------
    >>> import numpy as np
    >>> opt = Adam(learning_rate=0.1)
    >>> w = np.ones(1, dtype=np.float32); state = opt.create_state(0, w)
    >>> opt.update(0, w, np.full(1, 3.0, dtype=np.float32), state); w
    array([0.8999994], dtype=float32)
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 lazy_update=True, **kwargs):
        super(Adam, self).__init__(learning_rate=learning_rate, **kwargs)
        _adam_betas(beta1, beta2, self.begin_num_update)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = _real("epsilon", epsilon)
        _kernel_scalar("epsilon", epsilon)
        self._check_kernel_args()
        self.lazy_update = lazy_update

    def create_state(self, index, weight):
        return (numpy.zeros(weight.shape, weight.dtype),   # mean
                numpy.zeros(weight.shape, weight.dtype))   # variance

    def update(self, index, weight, grad, state):
        _check_arrays(weight, grad)
        self._update_count(index)
        lr = self._get_lr(index)
        wd = self._get_wd(index)

        t = self._index_update_count[index]
        coef1 = 1. - self.beta1**t
        coef2 = 1. - self.beta2**t
        lr *= math.sqrt(coef2)/coef1

        lr, wd, rescale, clip = self._kernel_args(lr, wd)
        mean, var = state
        _adam_kernel(weight, grad, mean, var, lr, wd, rescale, clip,
                     _kernel_scalar("beta1", self.beta1), _kernel_scalar("beta2", self.beta2),
                     _kernel_scalar("epsilon", self.epsilon))


class Updater(object):
    """Keep one state per index and update weights, as MXNet's kvstore updater.

    Optimizers with ``aggregate_num > 0`` (SGD: 4, or the environment variable
    ``MXNET_OPTIMIZER_AGGREGATION_SIZE``, as in MXNet) get the indices of one
    call grouped by dtype, in batches of ``aggregate_num``.

    >>> import numpy as np
    >>> updater = get_updater(SGD(learning_rate=0.25))
    >>> w = np.ones(3)
    >>> updater(0, np.ones(3), w); w.tolist()
    [0.75, 0.75, 0.75]
    """

    def __init__(self, optimizer):
        self.optimizer = optimizer
        self.states = {}
        self.states_synced = {}
        self.aggregate_updates = optimizer.aggregate_num > 0

    def __call__(self, index, grad, weight):
        """Update ``weight`` (or each of a list of weights) from ``grad``."""
        if not isinstance(index, (list, tuple)):
            indices, grads, weights = [index], [grad], [weight]
        else:
            indices, grads, weights = index, grad, weight
        if weights:
            self.optimizer._set_current_context(0)
        for i, idx in enumerate(indices):
            if isinstance(idx, bytes):
                indices[i] = idx.decode()
                idx = indices[i]
            if idx not in self.states:
                self.states[idx] = self.optimizer.create_state_multi_precision(idx,
                                                                               weights[i])
                self.states_synced[idx] = True
            elif not self.states_synced[idx]:
                self.states_synced[idx] = True
        if self.aggregate_updates:
            type_map = {}
            for i, w, g in zip(indices, weights, grads):
                type_map.setdefault(w.dtype, []).append((i, w, g))
            size = self.optimizer.aggregate_num
            for group in type_map.values():
                group_indices, group_weights, group_grads = zip(*group)
                for start in range(0, len(group_indices), size):
                    states = [self.states[i] for i in group_indices[start:start + size]]
                    self.optimizer.update_multi_precision(
                        group_indices[start:start + size],
                        group_weights[start:start + size],
                        group_grads[start:start + size], states)
        else:
            for i, w, g in zip(indices, weights, grads):
                self.optimizer.update_multi_precision(i, w, g, self.states[i])

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
