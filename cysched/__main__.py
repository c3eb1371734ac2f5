"""``python -m cysched``: the same as the ``cysched`` command.

Example: ``python -m cysched table "PolyScheduler(max_update=10)" -n 3``
"""
import sys

from cysched.cli import main

sys.exit(main())
