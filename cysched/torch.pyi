# Type information for cysched.torch (the class is made on first use, when
# PyTorch is imported). Stubtest checks it against the module: nox -s stubs.
from typing import Any, Callable, Dict, List, Optional, Union

from torch import Tensor
from torch.optim import Optimizer
from torch.optim.lr_scheduler import LRScheduler as _TorchLRScheduler

__all__ = ["LRScheduler"]

class LRScheduler(_TorchLRScheduler):
    schedule: Callable[[int], Union[int, float]]
    def __init__(self, optimizer: Optimizer, schedule: Callable[[int], Union[int, float]], *,
                 last_step: int = -1) -> None: ...
    @property
    def num_update(self) -> int: ...
    def get_lr(self) -> List[Union[float, Tensor]]: ...
    def step(self, epoch: Optional[int] = None) -> None: ...
    def state_dict(self) -> Dict[str, Any]: ...
    def load_state_dict(self, state_dict: Dict[str, Any]) -> None: ...
