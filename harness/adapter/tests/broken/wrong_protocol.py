# Speaks a protocol version the harness does not.
import base

hello = dict(base.HELLO, protocol=2)
base.serve(hello=hello)
