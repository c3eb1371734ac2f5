"""An optimizer written the MXNet way, overriding only ``create_state`` and
``update``; the class text is the one ``data/record_mxnet_optimizer.py`` ran
under MXNet 1.9.1 (with ``zeros`` there being ``mx.nd.zeros``)."""
import numpy

from cysched.optimizer import Optimizer

zeros = numpy.zeros


class MomentumSGD(Optimizer):
    """Momentum SGD written the way MXNet users write optimizers: only
    ``create_state`` and ``update``, from ``_update_count``, ``_get_lr`` and
    ``_get_wd``."""

    def __init__(self, momentum=0.5, **kwargs):
        super(MomentumSGD, self).__init__(**kwargs)
        self.momentum = momentum

    def create_state(self, index, weight):
        return zeros(weight.shape, dtype=weight.dtype)

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr = self._get_lr(index)
        wd = self._get_wd(index)
        state[:] = state * self.momentum + grad * self.rescale_grad + weight * wd
        weight[:] = weight - state * lr
