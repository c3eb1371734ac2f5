"""Every public class answers exactly what the recorded build answered.

``tests/data/regression_corpus.json`` holds 150 to 200 scenarios for each
public class (fewer for the abstract bases): construction, calls,
``evaluate``, attribute writes, ``record``, composites with nested and plain
Python parts.  With them are the answers the compiled build and its
pure-Python twin gave when it was recorded: types and float bits, exceptions
with their messages, log lines, ``state_dict()``, ``get_config()`` and
``repr``.  Each implementation replays them here, once per
class; any difference fails, naming the scenarios.  Regenerate the corpus only
in a commit that changes numbers on purpose (``tests/data/README.md``).
"""
import collections

import sys

import pytest

import _corpus

CORPUS = _corpus.load()
SCENARIOS = collections.defaultdict(list)
for _scenario in CORPUS["scenarios"]:
    SCENARIOS[_scenario["class"]].append(_scenario)
CLASSES = sorted(SCENARIOS)

#: Mismatches shown in full in a failure message (all are counted).
SHOWN = 8


def test_corpus_is_complete():
    assert CORPUS["format"] == _corpus.FORMAT
    assert CORPUS["disagreements"] == [], "recorded while the implementations disagreed"
    assert sorted(CORPUS["counts"]) == CLASSES
    for name in CLASSES:
        assert len(SCENARIOS[name]) == CORPUS["counts"][name]
        assert len(SCENARIOS[name]) >= 20, name
    ids = [s["id"] for s in CORPUS["scenarios"]]
    assert len(ids) == len(set(ids))


#: Exception messages are compared on the Python the corpus was recorded with;
#: CPython words its own (``float()``'s, say) differently from one version to
#: another, so elsewhere exceptions compare by type.
SAME_PYTHON = CORPUS["recorded_with"]["python"].rsplit(".", 1)[0] == \
    "%d.%d" % sys.version_info[:2]


@pytest.mark.parametrize("name", CLASSES)
def test_replay(impl, name):
    assert hasattr(impl, name), "%s is not a public class of %s" % (name, impl.__name__)
    failures = []
    compared = 0
    for scenario in SCENARIOS[name]:
        got = _corpus.run(impl, scenario)
        diffs = _corpus.compare(scenario["expected"], got, messages=SAME_PYTHON)
        compared += 1 + len(scenario["ops"])
        if diffs:
            failures.append((scenario, diffs))
    assert compared > len(SCENARIOS[name])
    if failures:
        lines = ["%d of %d %s scenarios answer differently from the corpus:"
                 % (len(failures), len(SCENARIOS[name]), name)]
        for scenario, diffs in failures[:SHOWN]:
            lines.append("- %s (%d differences), build %s"
                         % (scenario["id"], len(diffs), _corpus.short(scenario["build"], 200)))
            for path, expected, got in diffs[:3]:
                op = _op_of(scenario, path)
                lines.append("    at %s%s\n      expected %s\n      got      %s"
                             % (path, op, _corpus.short(expected), _corpus.short(got)))
        if len(failures) > SHOWN:
            lines.append("... and %d more: %s" % (
                len(failures) - SHOWN, ", ".join(s["id"] for s, _ in failures[SHOWN:])))
        pytest.fail("\n".join(lines), pytrace=False)


def _op_of(scenario, path):
    """`` (op {...})`` for a path inside ``.ops[i]``."""
    if not path.startswith(".ops["):
        return ""
    index = int(path[len(".ops["):path.index("]")])
    return " (op %s)" % _corpus.short(scenario["ops"][index], 200)
