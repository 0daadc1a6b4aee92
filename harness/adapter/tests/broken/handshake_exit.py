# Exits during the handshake on every odd start (it counts its starts in
# the file named by argv[1]); with argv[1] "always", on every start.
import os
import sys

import base


def on_start():
    path = sys.argv[1]
    if path != "always":
        count = int(open(path).read() or 0) + 1 if os.path.exists(path) else 1
        with open(path, "w") as f:
            f.write(str(count))
        if count % 2 == 0:
            return
    sys.stderr.write("broken adapter: cannot start today\n")
    sys.exit(3)


def fault(req):
    if base.arg(req) == "exit":
        sys.exit(4)
    return False


base.serve(fault, on_start=on_start)
