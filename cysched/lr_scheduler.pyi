# Type information for cysched.lr_scheduler: the same signatures for the
# compiled classes and the pure-Python twin.
from typing import Any, ClassVar, Dict, Iterable, List, Optional, Tuple, TypeVar, Union

import numpy

Number = Union[int, float]
_S = TypeVar("_S", bound="LRScheduler")

COMPILED: bool
IMPORT_ERROR: Optional[str]
__all__: List[str]

class LRScheduler:
    base_lr: Number
    warmup_steps: int
    warmup_begin_lr: Number
    warmup_final_lr: Number
    warmup_mode: str
    _params: ClassVar[Tuple[Tuple[str, str], ...]]
    _state: ClassVar[Tuple[str, ...]]
    def __init__(self, base_lr: Number = 0.01, warmup_steps: int = 0,
                 warmup_begin_lr: Number = 0, warmup_mode: str = "linear") -> None: ...
    def get_warmup_lr(self, num_update: Number) -> Number: ...
    def __call__(self, num_update: Number) -> Number: ...
    def evaluate(self, num_updates: Union[Iterable[Number], numpy.ndarray]) -> numpy.ndarray: ...
    def state_dict(self) -> Dict[str, Any]: ...
    def load_state_dict(self, state_dict: Dict[str, Any]) -> None: ...
    def get_config(self) -> Dict[str, Any]: ...
    @classmethod
    def from_config(cls: type[_S], config: Dict[str, Any]) -> _S: ...

class FactorScheduler(LRScheduler):
    step: Number
    factor: Number
    stop_factor_lr: Number
    count: Number
    def __init__(self, step: Number, factor: Number = 1, stop_factor_lr: Number = 1e-8,
                 base_lr: Number = 0.01, warmup_steps: int = 0, warmup_begin_lr: Number = 0,
                 warmup_mode: str = "linear") -> None: ...

class MultiFactorScheduler(LRScheduler):
    step: List[Number]
    factor: Number
    cur_step_ind: int
    count: Number
    def __init__(self, step: List[Number], factor: Number = 1, base_lr: Number = 0.01,
                 warmup_steps: int = 0, warmup_begin_lr: Number = 0,
                 warmup_mode: str = "linear") -> None: ...

class PolyScheduler(LRScheduler):
    power: Number
    base_lr_orig: Number
    max_update: int
    final_lr: Number
    max_steps: int
    def __init__(self, max_update: int, base_lr: Number = 0.01, pwr: Number = 2,
                 final_lr: Number = 0, warmup_steps: int = 0, warmup_begin_lr: Number = 0,
                 warmup_mode: str = "linear") -> None: ...

class CosineScheduler(LRScheduler):
    base_lr_orig: Number
    max_update: int
    final_lr: Number
    max_steps: int
    def __init__(self, max_update: int, base_lr: Number = 0.01, final_lr: Number = 0,
                 warmup_steps: int = 0, warmup_begin_lr: Number = 0,
                 warmup_mode: str = "linear") -> None: ...
