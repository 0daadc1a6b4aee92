# Hangs: echo("hang") never returns.
import sys
import time

import base


def fault(req):
    if base.arg(req) == "hang":
        sys.stderr.write("broken adapter: hanging\n")
        sys.stderr.flush()
        time.sleep(3600)
    return False


base.serve(fault)
