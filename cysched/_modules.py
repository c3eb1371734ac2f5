"""Where every scheduler class lives: (pure-Python module, compiled module) pairs.

MXNet's classes are two hand-written twins (``_lr_scheduler_py.py`` keeps
MXNet 1.9.1's own Python, ``src/cysched/_lr_scheduler_c.pyx`` the C); every
family is one source in Cython's pure-Python mode, imported as it is for the
pure twin and compiled under the ``_c`` name.
"""

#: The MXNet 1.9.1 classes.
MXNET = ("cysched._lr_scheduler_py", "cysched._lr_scheduler_c")

#: The schedule families, in import order (each builds on the ones before).
FAMILIES = (("cysched._schedule", "cysched._schedule_c"),
            ("cysched._shapes", "cysched._shapes_c"),
            ("cysched._cycles", "cysched._cycles_c"),
            ("cysched._join", "cysched._join_c"),
            ("cysched._plateau", "cysched._plateau_c"))

TWINS = (MXNET,) + FAMILIES
