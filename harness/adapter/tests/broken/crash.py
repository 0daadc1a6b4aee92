# Crashes mid-run: echo("crash") aborts the process (SIGABRT) after a last
# word on stderr, as a C library assertion would.
import os
import sys

import base


def fault(req):
    if base.arg(req) == "crash":
        sys.stderr.write("broken adapter: about to abort\n")
        sys.stderr.flush()
        os.abort()
    return False


base.serve(fault)
