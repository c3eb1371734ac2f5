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
    # MXNet's attributes with their current values, then the instance's own.
    __dict__: Dict[str, Any]
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
    def evaluate(self, num_updates: Union[Iterable[Number], numpy.ndarray],
                 out: Optional[numpy.ndarray] = ...) -> numpy.ndarray: ...
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

# -- BEGIN GENERATED: the schedule families (python tests/test_stub.py --write) --
# Generated from the pure-Python classes of _schedule, _shapes, _cycles, _join, _plateau;
# edit the classes (or the tables in tests/test_stub.py), not these lines.
from typing import Callable, SupportsFloat

_F = TypeVar("_F", bound="Schedule")
_Updates = Union[Iterable[Number], numpy.ndarray]

class Schedule:
    _params: ClassVar[Tuple[Tuple[str, str], ...]]
    _state: ClassVar[Tuple[str, ...]]
    def __init__(self) -> None: ...
    def __call__(self, num_update: Number) -> float: ...
    def evaluate(self, num_updates: _Updates,
                 out: Optional[numpy.ndarray] = ...) -> numpy.ndarray: ...
    def state_dict(self) -> Dict[str, Any]: ...
    def load_state_dict(self, data: Dict[str, Any]) -> None: ...
    def get_config(self) -> Dict[str, Any]: ...
    @classmethod
    def from_config(cls: type[_F], config: Dict[str, Any]) -> _F: ...

class _Warmed(Schedule):
    base_lr: float
    warmup_steps: int
    warmup_begin_lr: float
    warmup_mode: str
    def __init__(self, base_lr: Number, warmup_steps: int, warmup_begin_lr: Number,
                 warmup_mode: str) -> None: ...

class ConstantScheduler(_Warmed):
    def __init__(self, base_lr: Number = 0.01, warmup_steps: int = 0,
                 warmup_begin_lr: Number = 0, warmup_mode: str = "linear") -> None: ...

class LinearScheduler(_Warmed):
    max_update: int
    final_lr: float
    def __init__(self, max_update: int, base_lr: Number = 0.01, final_lr: Number = 0,
                 warmup_steps: int = 0, warmup_begin_lr: Number = 0,
                 warmup_mode: str = "linear") -> None: ...

class PolynomialScheduler(LinearScheduler):
    power: float
    def __init__(self, max_update: int, base_lr: Number = 0.01, final_lr: Number = 0,
                 power: Number = 1.0, warmup_steps: int = 0, warmup_begin_lr: Number = 0,
                 warmup_mode: str = "linear") -> None: ...

class ExponentialScheduler(_Warmed):
    gamma: float
    step: int
    staircase: bool
    final_lr: float
    def __init__(self, gamma: Number, base_lr: Number = 0.01, step: int = 1,
                 staircase: bool = False, final_lr: Number = 0, warmup_steps: int = 0,
                 warmup_begin_lr: Number = 0, warmup_mode: str = "linear") -> None: ...

class InverseSqrtScheduler(_Warmed):
    timescale: Optional[int]
    def __init__(self, base_lr: Number = 0.01, warmup_steps: int = 0,
                 timescale: Optional[int] = None, warmup_begin_lr: Number = 0,
                 warmup_mode: str = "linear") -> None: ...

class WarmupStableDecayScheduler(_Warmed):
    max_update: int
    final_lr: float
    decay_steps: Optional[int]
    decay_fraction: Optional[float]
    decay_mode: str
    def __init__(self, max_update: int, base_lr: Number = 0.01, final_lr: Number = 0,
                 decay_steps: Optional[int] = None, decay_fraction: Optional[Number] = None,
                 decay_mode: str = "cosine", warmup_steps: int = 0,
                 warmup_begin_lr: Number = 0, warmup_mode: str = "linear") -> None: ...

class PiecewiseScheduler(Schedule):
    base_lr: float
    boundaries: Tuple[Number, ...]
    values: Tuple[float, ...]
    interpolate: str
    def __init__(self, boundaries: Iterable[Number], values: Iterable[Number],
                 interpolate: str = "constant") -> None: ...

class OneCycleScheduler(Schedule):
    base_lr: float
    max_lr: float
    total_steps: int
    pct_start: float
    anneal_strategy: str
    div_factor: float
    final_div_factor: float
    three_phase: bool
    def __init__(self, max_lr: Number, total_steps: int, pct_start: Number = 0.3,
                 anneal_strategy: str = "cos", div_factor: Number = 25.0,
                 final_div_factor: Number = 10000.0, three_phase: bool = False) -> None: ...
    def momentum_schedule(self, base_momentum: float = ..., max_momentum: float = ...) -> OneCycleMomentum: ...

class CyclicScheduler(Schedule):
    base_lr: float
    max_lr: float
    step_size_up: float
    step_size_down: Optional[float]
    mode: str
    gamma: float
    def __init__(self, base_lr: Number, max_lr: Number, step_size_up: Number = 2000,
                 step_size_down: Optional[Number] = None, mode: str = "triangular",
                 gamma: Number = 1.0) -> None: ...
    def momentum_schedule(self, base_momentum: float = ..., max_momentum: float = ...) -> CyclicMomentum: ...

class CosineRestartScheduler(_Warmed):
    cycle_length: int
    final_lr: float
    cycle_mult: float
    peak_decay: float
    def __init__(self, cycle_length: int, base_lr: Number = 0.01, final_lr: Number = 0,
                 cycle_mult: Number = 1, peak_decay: Number = 1.0, warmup_steps: int = 0,
                 warmup_begin_lr: Number = 0, warmup_mode: str = "linear") -> None: ...

class OneCycleMomentum(Schedule):
    base_lr: float
    total_steps: int
    base_momentum: float
    max_momentum: float
    pct_start: float
    anneal_strategy: str
    three_phase: bool
    def __init__(self, total_steps: int, base_momentum: Number = 0.85,
                 max_momentum: Number = 0.95, pct_start: Number = 0.3,
                 anneal_strategy: str = "cos", three_phase: bool = False) -> None: ...

class CyclicMomentum(Schedule):
    base_lr: float
    base_momentum: float
    max_momentum: float
    step_size_up: float
    step_size_down: Optional[float]
    mode: str
    gamma: float
    def __init__(self, base_momentum: Number = 0.8, max_momentum: Number = 0.9,
                 step_size_up: Number = 2000, step_size_down: Optional[Number] = None,
                 mode: str = "triangular", gamma: Number = 1.0) -> None: ...

class Warmup(Schedule):
    base_lr: float
    schedule: Callable[[Number], float]
    warmup_steps: int
    warmup_begin_lr: float
    warmup_mode: str
    prefix: bool
    def __init__(self, schedule: Callable[[Number], float], warmup_steps: int,
                 warmup_begin_lr: Number = 0, warmup_mode: str = "linear",
                 prefix: bool = True) -> None: ...

class _Parts(Schedule):
    schedules: Tuple[Callable[[Number], float], ...]

class SequentialScheduler(_Parts):
    base_lr: float
    milestones: Tuple[int, ...]
    def __init__(self, schedules: Iterable[Callable[[Number], float]],
                 milestones: Iterable[int]) -> None: ...

class ProductScheduler(_Parts):
    base_lr: float
    def __init__(self, *parts: Callable[[Number], float],
                 schedules: Optional[Iterable[Callable[[Number], float]]] = None) -> None: ...

class PlateauScheduler(Schedule):
    base_lr: float
    schedule: Callable[[Number], float]
    mode: str
    factor: float
    patience: int
    threshold: float
    threshold_mode: str
    cooldown: int
    final_lr: float
    scale: float
    best: float
    num_bad_epochs: int
    cooldown_counter: int
    num_records: int
    def __init__(self, schedule: Optional[Callable[[Number], float]] = None, mode: str = "min",
                 factor: Number = 0.1, patience: int = 10, threshold: Number = 0.0001,
                 threshold_mode: str = "rel", cooldown: int = 0, final_lr: Number = 0,
                 base_lr: Optional[Number] = None) -> None: ...
    def record(self, metric: SupportsFloat) -> bool: ...
# -- END GENERATED: the schedule families --
