"""cysched.plot: the tutorial's picture in one call, on a copy of the schedule."""
import pytest

matplotlib = pytest.importorskip("matplotlib", reason="plotting needs matplotlib "
                                                      "(pip install 'cysched[plot]')")
matplotlib.use("Agg", force=True)

from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import cysched  # noqa: E402
from cysched import lr_scheduler  # noqa: E402
from cysched._plot import evaluate, plot  # noqa: E402


def _axes():
    return Figure().add_subplot()


def _points(collection):
    offsets = collection.get_offsets()
    return [float(x) for x in offsets[:, 0]], [float(y) for y in offsets[:, 1]]


def _hex(values):
    return [float(v).hex() for v in values]


def test_draws_the_tutorial_picture():
    sched = lr_scheduler.CosineScheduler(max_update=800, base_lr=1, final_lr=1e-3,
                                         warmup_steps=100)
    ax = plot(sched, ax=_axes())
    assert isinstance(ax, Axes)
    assert len(ax.collections) == 1 and ax.get_legend() is None
    xs, ys = _points(ax.collections[0])
    twin = lr_scheduler.CosineScheduler(max_update=800, base_lr=1, final_lr=1e-3,
                                        warmup_steps=100)
    assert xs == list(range(1, 1001))
    assert _hex(ys) == _hex(twin(i) for i in range(1, 1001))
    assert ax.get_xlabel() == "Iteration" and ax.get_ylabel() == "Learning Rate"


def test_leaves_a_stateful_scheduler_untouched():
    sched = lr_scheduler.FactorScheduler(step=250, factor=0.5, base_lr=1)
    before = (sched.base_lr, sched.count)
    ax = plot(sched, ax=_axes())
    assert (sched.base_lr, sched.count) == before
    assert sched(1) == 1
    ys = _points(ax.collections[0])[1]
    assert ys[249] == 1 and ys[250] == 0.5 and ys[999] == 0.125


def test_copy_false_advances_the_scheduler():
    sched = lr_scheduler.FactorScheduler(step=250, factor=0.5, base_lr=1)
    plot(sched, ax=_axes(), copy=False)
    assert sched.count == 750 and sched.base_lr == 0.125


def test_overlays_schedules_with_a_legend():
    ax = _axes()
    poly = lr_scheduler.PolyScheduler(max_update=800, base_lr=1)
    cosine = lr_scheduler.CosineScheduler(max_update=800, base_lr=1)
    plot({"poly": poly, "cosine": cosine}, 500, ax=ax)
    plot(lambda n: 0.5, 500, ax=ax, label="constant")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["poly", "cosine", "constant"]
    assert [len(c.get_offsets()) for c in ax.collections] == [500, 500, 500]
    assert _hex(_points(ax.collections[1])[1]) == _hex(cosine(i) for i in range(1, 501))


def test_sequence_gets_repr_labels():
    scheds = [lr_scheduler.PolyScheduler(max_update=10, base_lr=1),
              lr_scheduler.CosineScheduler(max_update=10, base_lr=1)]
    ax = plot(scheds, 20, ax=_axes())
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [repr(s) for s in scheds]
    assert labels[0].startswith("PolyScheduler(")
    with pytest.raises(ValueError, match="2 labels"):
        plot(scheds, ax=_axes(), label="one")


def test_plots_a_custom_callable_and_start():
    ax = plot(lambda n: 1.0 / (n + 1), 10, ax=_axes(), start=0, s=4)
    xs, ys = _points(ax.collections[0])
    assert xs == list(range(10)) and ys == [1.0 / (n + 1) for n in range(10)]


def test_default_axes_is_pyplot_current():
    plt = pytest.importorskip("matplotlib.pyplot")
    plt.close("all")
    ax = plot(lambda n: 0.1, 5, title="flat")
    assert ax is plt.gca() and ax.get_title() == "flat"
    plt.close("all")


def test_uncopyable_schedule_says_so():
    class Stubborn(object):
        def __call__(self, n):
            return 0.1

        def __deepcopy__(self, memo):
            raise RuntimeError("no copies")

    with pytest.raises(TypeError, match=r"copy\.deepcopy failed \(RuntimeError: no "
                                        r"copies\).*copy=False"):
        plot(Stubborn(), ax=_axes())
    ax = plot(Stubborn(), 3, ax=_axes(), copy=False)
    assert len(ax.collections[0].get_offsets()) == 3


@pytest.mark.parametrize("kwargs, exc, text", [
    ({"num_iterations": 0}, ValueError, "num_iterations must be >= 1, got num_iterations=0"),
    ({"num_iterations": 2.5}, TypeError, "num_iterations must be an integer"),
    ({"start": -1}, ValueError, "start must be >= 0, got start=-1"),
])
def test_bad_arguments(kwargs, exc, text):
    with pytest.raises(exc) as info:
        plot(lr_scheduler.PolyScheduler(max_update=10), ax=_axes(), **kwargs)
    assert text in str(info.value)


def test_not_callable():
    with pytest.raises(TypeError, match="must be callable"):
        plot(0.1, ax=_axes())


def test_evaluate_returns_raw_values():
    sched = lr_scheduler.FactorScheduler(step=2, factor=0.5, base_lr=1)
    assert evaluate(sched, 5) == ([1, 2, 3, 4, 5], [1, 1, 0.5, 0.5, 0.25])
    assert sched.base_lr == 1


def test_package_attribute_is_the_function():
    assert cysched.plot is plot
    assert cysched.plot(lambda n: 0.2, 3, ax=_axes()).collections
