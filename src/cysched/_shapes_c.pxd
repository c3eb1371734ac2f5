# Declarations of cysched/_shapes.py, compiled as cysched._shapes_c.
from cysched._schedule_c cimport _Warmed


cdef class ConstantScheduler(_Warmed):
    pass


cdef class LinearScheduler(_Warmed):
    cdef public double _max_update, _final_lr
