"""The table of test samples (``samples.py``) covers every public class."""
import pytest

import samples


def test_every_public_class_has_an_example_and_a_strategy(impl):
    missing = [name for name in samples.PUBLIC
               if name not in samples.STRATEGIES or not has_example(impl, name)]
    assert not missing, "add these classes to tests/samples.py: %s" % missing
    for name in samples.PUBLIC:
        for variant in (0, 1):
            assert type(samples.example(impl, name, variant)).__name__ == name


def has_example(impl, name):
    try:
        samples.example(impl, name)
    except KeyError:
        return False
    return True


@pytest.mark.parametrize("name", samples.PUBLIC)
def test_examples_are_schedules_in_two_states(impl, name):
    first, second = samples.example(impl, name), samples.example(impl, name, 1)
    assert first.get_config() != second.get_config()
    assert isinstance(first(1), (int, float))
