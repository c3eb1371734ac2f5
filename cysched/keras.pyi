# Type information for cysched.keras (the class is made on first use, when
# Keras is imported). Stubtest checks it against the module: nox -s stubs.
from typing import Any, Callable, Dict, Literal, Optional, Union

import keras  # type: ignore[import-untyped]  # Keras 3 ships no type information

__all__ = ["LearningRateSchedule"]

_Schedule = Callable[[int], Union[int, float]]

def schedule_config(schedule: _Schedule) -> Dict[str, Any]: ...
def schedule_from_config(config: Dict[str, Any]) -> _Schedule: ...

class LearningRateSchedule(keras.optimizers.schedules.LearningRateSchedule):
    schedule: _Schedule
    num_steps: Optional[int]
    exact: bool
    past_end: Optional[Literal["nan", "hold"]]
    def __init__(self, schedule: _Schedule, num_steps: Optional[int] = None,
                 exact: bool = False,
                 past_end: Optional[Literal["nan", "hold"]] = None) -> None: ...
    def __call__(self, step: Any) -> Any: ...
    def get_config(self) -> Dict[str, Any]: ...
    @classmethod
    def from_config(cls, config: Dict[str, Any]) -> "LearningRateSchedule": ...
