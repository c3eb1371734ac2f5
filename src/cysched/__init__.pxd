# Makes src/cysched a package for Cython, so that the build cimports these
# declarations rather than those of an installed cysched.
