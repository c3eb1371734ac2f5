# Declarations of cysched/_join.py, compiled as cysched._join_c.
