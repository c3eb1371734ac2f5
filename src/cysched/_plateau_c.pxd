# Declarations of cysched/_plateau.py, compiled as cysched._plateau_c.
