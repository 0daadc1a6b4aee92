# Closes its standard output early: after echo("close") it keeps reading
# its input but can no longer answer.
import os
import sys

import base


def fault(req):
    if base.arg(req) == "close":
        sys.stderr.write("broken adapter: closing stdout\n")
        sys.stderr.flush()
        os.close(1)
        return True
    return False


base.serve(fault)
