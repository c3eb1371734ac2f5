"""The README's PyTorch, Lightning, Hugging Face, JAX and checkpointing snippets are the example files the tests run."""
import ast
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```python\n# examples/(\S+\.py)\n(.*?)```", re.S)


def body(path):
    """The file without its module docstring."""
    text = path.read_text()
    first = ast.parse(text).body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        text = "\n".join(text.splitlines()[first.end_lineno:])
    return text.strip()


def readme_blocks():
    readme = ROOT / "README.md"
    if not readme.exists():
        pytest.skip("README.md is not beside the tests")
    return BLOCK.findall(readme.read_text())


EXAMPLES = ["checkpointing.py", "hf_trainer.py", "jax_optax.py", "lightning_training.py",
            "pytorch_training.py"]


def test_readme_quotes_the_examples():
    assert sorted(name for name, _ in readme_blocks()) == EXAMPLES


@pytest.mark.parametrize("name", EXAMPLES)
def test_readme_snippet_is_the_example_file(name):
    blocks = dict(readme_blocks())
    assert blocks[name].strip() == body(ROOT / "examples" / name)
