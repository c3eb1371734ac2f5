# Type information for cysched.jax. Stubtest checks it against the module:
# nox -s stubs.
from typing import Any, Callable, Literal, Optional, Protocol, Union, type_check_only

import numpy

__all__ = ["schedule"]

@type_check_only
class _OptaxSchedule(Protocol):
    """optax's ``count -> lr``: the closed form, or a table and what follows it."""
    closed: bool
    num_steps: Optional[int]
    rates: Optional[numpy.ndarray]
    def __call__(self, count: Any) -> Any: ...

def schedule(schedule: Callable[[int], Union[int, float]], num_steps: Optional[int] = None, *,
             exact: bool = False,
             past_end: Optional[Literal["nan", "hold"]] = None) -> _OptaxSchedule: ...
