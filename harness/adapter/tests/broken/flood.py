# Floods: echo("flood") writes an endless line to stdout; echo("noise")
# writes 8 MiB to stderr and then answers correctly.
import os
import sys
import time

import base


def fault(req):
    if base.arg(req) == "flood":
        chunk = b"x" * 65536
        while True:
            os.write(1, chunk)
    if base.arg(req) == "noise":
        chunk = b"noise " * 10000 + b"\n"
        for _ in range(140):
            os.write(2, chunk)
        os.write(2, b"broken adapter: end of noise\n")
    return False


base.serve(fault)
