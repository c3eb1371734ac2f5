# Type information for cysched.jax. Stubtest checks it against the module:
# nox -s stubs.
from typing import Any, Callable, Protocol, Union, type_check_only

import numpy

__all__ = ["schedule"]

@type_check_only
class _OptaxSchedule(Protocol):
    """optax's ``count -> lr``, with the table it looks up."""
    num_steps: int
    rates: numpy.ndarray
    def __call__(self, count: Any) -> Any: ...

def schedule(schedule: Callable[[int], Union[int, float]], num_steps: int) -> _OptaxSchedule: ...
