"""``python -m benchmarks [--quick]``: print cysched's performance table."""
import sys

from benchmarks.run import main

sys.exit(main())
