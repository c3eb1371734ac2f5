# Type information for cysched.lr_scheduler: the same signatures for the
# compiled classes and the pure-Python twin.
# Stubtest checks it against both: nox -s stubs.
from typing import Any, ClassVar, Dict, Iterable, List, Optional, Tuple, TypeVar, Union

import numpy
from typing_extensions import disjoint_base

_Number = Union[int, float]
_S = TypeVar("_S", bound="LRScheduler")

COMPILED: bool
IMPORT_ERROR: Optional[str]
__all__ = ["LRScheduler", "FactorScheduler", "MultiFactorScheduler", "PolyScheduler",
           "CosineScheduler"]

@disjoint_base
class LRScheduler:
    # MXNet's attributes with their current values, then the instance's own.
    __dict__: Dict[str, Any]
    base_lr: _Number
    warmup_steps: int
    warmup_begin_lr: _Number
    warmup_final_lr: _Number
    warmup_mode: str
    _params: ClassVar[Tuple[Tuple[str, str], ...]]
    _state: ClassVar[Tuple[str, ...]]
    def __init__(self, base_lr: _Number = 0.01, warmup_steps: int = 0,
                 warmup_begin_lr: _Number = 0, warmup_mode: str = "linear") -> None: ...
    def get_warmup_lr(self, num_update: _Number) -> _Number: ...
    def __call__(self, num_update: _Number) -> _Number: ...
    def evaluate(self, num_updates: Union[Iterable[_Number], numpy.ndarray],
                 out: Optional[numpy.ndarray] = ...) -> numpy.ndarray: ...
    # The methods of cysched._state name their instance ``sched``.
    def state_dict(sched) -> Dict[str, Any]: ...
    def load_state_dict(sched, data: Dict[str, Any]) -> None: ...
    def get_config(sched) -> Dict[str, Any]: ...
    @classmethod
    def from_config(cls: type[_S], config: Dict[str, Any]) -> _S: ...
    def __copy__(self: _S) -> _S: ...
    def __deepcopy__(self: _S, memo: Dict[int, Any]) -> _S: ...

@disjoint_base
class FactorScheduler(LRScheduler):
    step: _Number
    factor: _Number
    stop_factor_lr: _Number
    count: _Number
    def __init__(self, step: _Number, factor: _Number = 1, stop_factor_lr: _Number = 1e-8,
                 base_lr: _Number = 0.01, warmup_steps: int = 0, warmup_begin_lr: _Number = 0,
                 warmup_mode: str = "linear") -> None: ...

@disjoint_base
class MultiFactorScheduler(LRScheduler):
    step: List[_Number]
    factor: _Number
    cur_step_ind: int
    count: _Number
    def __init__(self, step: List[_Number], factor: _Number = 1, base_lr: _Number = 0.01,
                 warmup_steps: int = 0, warmup_begin_lr: _Number = 0,
                 warmup_mode: str = "linear") -> None: ...

@disjoint_base
class PolyScheduler(LRScheduler):
    power: _Number
    base_lr_orig: _Number
    max_update: int
    final_lr: _Number
    max_steps: int
    def __init__(self, max_update: int, base_lr: _Number = 0.01, pwr: _Number = 2,
                 final_lr: _Number = 0, warmup_steps: int = 0, warmup_begin_lr: _Number = 0,
                 warmup_mode: str = "linear") -> None: ...

class CosineScheduler(LRScheduler):
    base_lr_orig: _Number
    max_update: int
    final_lr: _Number
    max_steps: int
    def __init__(self, max_update: int, base_lr: _Number = 0.01, final_lr: _Number = 0,
                 warmup_steps: int = 0, warmup_begin_lr: _Number = 0,
                 warmup_mode: str = "linear") -> None: ...

# -- BEGIN GENERATED: the schedule families (python tests/test_stub.py --write) --
# Generated from the pure-Python classes of _schedule, _shapes, _cycles, _join, _plateau;
# edit the classes (or the tables in tests/test_stub.py), not these lines.
from typing import Callable, SupportsFloat

__all__ += ["Schedule", "ConstantScheduler", "LinearScheduler", "PolynomialScheduler",
            "ExponentialScheduler", "InverseSqrtScheduler", "WarmupStableDecayScheduler",
            "PiecewiseScheduler", "InverseTimeScheduler", "OneCycleScheduler",
            "CyclicScheduler", "CosineRestartScheduler", "OneCycleMomentum", "CyclicMomentum",
            "Warmup", "SequentialScheduler", "ProductScheduler", "PlateauScheduler"]

_F = TypeVar("_F", bound="Schedule")
_Updates = Union[Iterable[_Number], numpy.ndarray]

@disjoint_base
class Schedule:
    _params: ClassVar[Tuple[Tuple[str, str], ...]]
    _state: ClassVar[Tuple[str, ...]]
    def __init__(self) -> None: ...
    def __call__(self, num_update: _Number) -> float: ...
    def evaluate(self, num_updates: _Updates,
                 out: Optional[numpy.ndarray] = ...) -> numpy.ndarray: ...
    def state_dict(sched) -> Dict[str, Any]: ...
    def load_state_dict(sched, data: Dict[str, Any]) -> None: ...
    def get_config(sched) -> Dict[str, Any]: ...
    @classmethod
    def from_config(cls: type[_F], config: Dict[str, Any]) -> _F: ...
    def __copy__(self: _F) -> _F: ...
    def __deepcopy__(self: _F, memo: Dict[int, Any]) -> _F: ...

@disjoint_base
class _Warmed(Schedule):
    base_lr: float
    warmup_steps: int
    warmup_begin_lr: float
    warmup_mode: str
    def __init__(self, base_lr: _Number, warmup_steps: int, warmup_begin_lr: _Number,
                 warmup_mode: str) -> None: ...

class ConstantScheduler(_Warmed):
    def __init__(self, base_lr: _Number = 0.01, warmup_steps: int = 0,
                 warmup_begin_lr: _Number = 0, warmup_mode: str = "linear") -> None: ...

@disjoint_base
class LinearScheduler(_Warmed):
    max_update: int
    final_lr: float
    def __init__(self, max_update: int, base_lr: _Number = 0.01, final_lr: _Number = 0,
                 warmup_steps: int = 0, warmup_begin_lr: _Number = 0,
                 warmup_mode: str = "linear") -> None: ...

@disjoint_base
class PolynomialScheduler(LinearScheduler):
    power: float
    def __init__(self, max_update: int, base_lr: _Number = 0.01, final_lr: _Number = 0,
                 power: _Number = 1.0, warmup_steps: int = 0, warmup_begin_lr: _Number = 0,
                 warmup_mode: str = "linear") -> None: ...

@disjoint_base
class ExponentialScheduler(_Warmed):
    gamma: float
    step: int
    staircase: bool
    final_lr: float
    def __init__(self, gamma: _Number, base_lr: _Number = 0.01, step: int = 1,
                 staircase: bool = False, final_lr: _Number = 0, warmup_steps: int = 0,
                 warmup_begin_lr: _Number = 0, warmup_mode: str = "linear") -> None: ...

@disjoint_base
class InverseSqrtScheduler(_Warmed):
    timescale: Optional[int]
    def __init__(self, base_lr: _Number = 0.01, warmup_steps: int = 0,
                 timescale: Optional[int] = None, warmup_begin_lr: _Number = 0,
                 warmup_mode: str = "linear") -> None: ...

@disjoint_base
class WarmupStableDecayScheduler(_Warmed):
    max_update: int
    final_lr: float
    decay_steps: Optional[int]
    decay_fraction: Optional[float]
    decay_mode: str
    def __init__(self, max_update: int, base_lr: _Number = 0.01, final_lr: _Number = 0,
                 decay_steps: Optional[int] = None, decay_fraction: Optional[_Number] = None,
                 decay_mode: str = "cosine", warmup_steps: int = 0,
                 warmup_begin_lr: _Number = 0, warmup_mode: str = "linear") -> None: ...

@disjoint_base
class PiecewiseScheduler(Schedule):
    base_lr: float
    boundaries: Tuple[_Number, ...]
    values: Tuple[float, ...]
    interpolate: str
    def __init__(self, boundaries: Iterable[_Number], values: Iterable[_Number],
                 interpolate: str = "constant") -> None: ...

@disjoint_base
class InverseTimeScheduler(_Warmed):
    decay_rate: float
    step: int
    staircase: bool
    def __init__(self, decay_rate: _Number, base_lr: _Number = 0.01, step: int = 1,
                 staircase: bool = False, warmup_steps: int = 0, warmup_begin_lr: _Number = 0,
                 warmup_mode: str = "linear") -> None: ...

@disjoint_base
class _OneCycle(Schedule):
    total_steps: int
    pct_start: float
    anneal_strategy: str
    three_phase: bool

@disjoint_base
class OneCycleScheduler(_OneCycle):
    base_lr: float
    max_lr: float
    div_factor: float
    final_div_factor: float
    def __init__(self, max_lr: _Number, total_steps: int, pct_start: _Number = 0.3,
                 anneal_strategy: str = "cos", div_factor: _Number = 25.0,
                 final_div_factor: _Number = 10000.0, three_phase: bool = False) -> None: ...
    def momentum_schedule(self, base_momentum: float = ..., max_momentum: float = ...) -> OneCycleMomentum: ...

@disjoint_base
class _Cyclic(Schedule):
    step_size_up: float
    step_size_down: Optional[float]
    mode: str
    gamma: float
    def __init__(self, step_size_up: _Number, step_size_down: Optional[_Number], mode: str,
                 gamma: _Number) -> None: ...

@disjoint_base
class CyclicScheduler(_Cyclic):
    base_lr: float
    max_lr: float
    def __init__(self, base_lr: _Number, max_lr: _Number, step_size_up: _Number = 2000,
                 step_size_down: Optional[_Number] = None, mode: str = "triangular",
                 gamma: _Number = 1.0) -> None: ...
    def momentum_schedule(self, base_momentum: float = ..., max_momentum: float = ...) -> CyclicMomentum: ...

@disjoint_base
class CosineRestartScheduler(_Warmed):
    cycle_length: int
    final_lr: float
    cycle_mult: float
    peak_decay: float
    def __init__(self, cycle_length: int, base_lr: _Number = 0.01, final_lr: _Number = 0,
                 cycle_mult: _Number = 1, peak_decay: _Number = 1.0, warmup_steps: int = 0,
                 warmup_begin_lr: _Number = 0, warmup_mode: str = "linear") -> None: ...

@disjoint_base
class OneCycleMomentum(_OneCycle):
    base_lr: float
    base_momentum: float
    max_momentum: float
    def __init__(self, total_steps: int, base_momentum: _Number = 0.85,
                 max_momentum: _Number = 0.95, pct_start: _Number = 0.3,
                 anneal_strategy: str = "cos", three_phase: bool = False) -> None: ...

@disjoint_base
class CyclicMomentum(_Cyclic):
    base_lr: float
    base_momentum: float
    max_momentum: float
    def __init__(self, base_momentum: _Number = 0.8, max_momentum: _Number = 0.9,
                 step_size_up: _Number = 2000, step_size_down: Optional[_Number] = None,
                 mode: str = "triangular", gamma: _Number = 1.0) -> None: ...

@disjoint_base
class Warmup(Schedule):
    base_lr: float
    schedule: Callable[[_Number], float]
    warmup_steps: int
    warmup_begin_lr: float
    warmup_mode: str
    prefix: bool
    def __init__(self, schedule: Callable[[_Number], float], warmup_steps: int,
                 warmup_begin_lr: _Number = 0, warmup_mode: str = "linear",
                 prefix: bool = True) -> None: ...

@disjoint_base
class _Parts(Schedule):
    schedules: Tuple[Callable[[_Number], float], ...]

@disjoint_base
class SequentialScheduler(_Parts):
    base_lr: float
    milestones: Tuple[int, ...]
    def __init__(self, schedules: Iterable[Callable[[_Number], float]],
                 milestones: Iterable[int]) -> None: ...

class ProductScheduler(_Parts):
    base_lr: float
    def __init__(self, *parts: Callable[[_Number], float],
                 schedules: Optional[Iterable[Callable[[_Number], float]]] = None) -> None: ...

@disjoint_base
class PlateauScheduler(Schedule):
    base_lr: float
    schedule: Callable[[_Number], float]
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
    def __init__(self, schedule: Optional[Callable[[_Number], float]] = None,
                 mode: str = "min", factor: _Number = 0.1, patience: int = 10,
                 threshold: _Number = 0.0001, threshold_mode: str = "rel", cooldown: int = 0,
                 final_lr: _Number = 0, base_lr: Optional[_Number] = None) -> None: ...
    def record(self, metric: SupportsFloat) -> bool: ...
# -- END GENERATED: the schedule families --
