# Not broken: the control every fault test compares against.
import base

base.serve()
