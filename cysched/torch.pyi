# Type information for cysched.torch (the class is made on first use, when
# PyTorch is imported). Stubtest checks it against the module: nox -s stubs.
from typing import Any, Callable, Dict, List, Optional, Sequence, Union

from torch import Tensor
from torch.optim import Optimizer
from torch.optim.lr_scheduler import LRScheduler as _TorchLRScheduler

__all__ = ["LRScheduler"]

_Schedule = Callable[[int], Union[int, float]]

class LRScheduler(_TorchLRScheduler):
    schedule: Union[_Schedule, List[_Schedule]]
    schedules: Optional[List[_Schedule]]
    momentum: Union[_Schedule, Sequence[_Schedule], None]
    momentums: Optional[List[_Schedule]]
    def __init__(self, optimizer: Optimizer,
                 schedule: Union[_Schedule, Sequence[_Schedule]],
                 last_epoch: int = -1, *,
                 momentum: Union[_Schedule, Sequence[_Schedule], None] = None,
                 last_step: Optional[int] = None) -> None: ...
    @property
    def num_update(self) -> int: ...
    def get_lr(self) -> List[Union[float, Tensor]]: ...
    # metrics first, as ReduceLROnPlateau.step(metrics) (PyTorch's base takes epoch).
    def step(self, metrics: Any = None,  # type: ignore[override]
             epoch: Optional[int] = None) -> None: ...
    def state_dict(self) -> Dict[str, Any]: ...
    def load_state_dict(self, state_dict: Dict[str, Any]) -> None: ...
