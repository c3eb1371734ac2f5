# Type information for the cysched package (plot, create, create_from_config
# and evaluate are loaded on first use). Stubtest checks it: nox -s stubs.
from typing import Any, Callable, Dict, Iterable, Mapping, Optional, Sequence, Union

import numpy

from cysched import lr_scheduler as lr_scheduler
from cysched.lr_scheduler import COMPILED as COMPILED
from cysched.lr_scheduler import IMPORT_ERROR as IMPORT_ERROR

_Number = Union[int, float]
_Callable = Callable[[int], _Number]
_Scheduler = Union[lr_scheduler.LRScheduler, lr_scheduler.Schedule]

__version__: str
__all__ = ["COMPILED", "IMPORT_ERROR", "__version__", "lr_scheduler", "plot",
           "create", "create_from_config", "evaluate"]

# ``schedules``: a schedule, a sequence of them, or a dict of label: schedule;
# returns matplotlib's Axes (matplotlib is optional, so not named here).
def plot(schedules: Union[_Callable, Sequence[_Callable], Mapping[str, _Callable]],
         num_iterations: int = 1000, *, ax: Any = None,
         label: Union[str, Sequence[str], None] = None, start: int = 1, copy: bool = True,
         title: Optional[str] = None, **scatter_kwargs: Any) -> Any: ...
def create(name: str, **kwargs: Any) -> _Scheduler: ...
def create_from_config(config: Mapping[str, Any]) -> _Scheduler: ...
def evaluate(fn: Callable[[Any], _Number],
             num_updates: Union[Iterable[_Number], numpy.ndarray]) -> numpy.ndarray: ...
