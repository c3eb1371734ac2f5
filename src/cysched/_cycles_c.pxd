# Declarations of cysched/_cycles.py, compiled as cysched._cycles_c.
