# Breaks the protocol's rules without breaking the stream: answers
# operations it does not list with a value, and answers stop (which has
# no reply). Only adapter-check notices.
import json
import sys

import base

first = True
for line in sys.stdin:
    req = json.loads(line)
    if first:
        first = False
        base.write(base.HELLO)
    elif req.get("cmd") == "call":
        base.write({"id": req["id"], "value": None})
    elif req.get("cmd") == "drop":
        base.write({"id": req["id"], "value": None})
    elif req.get("cmd") == "stop":
        base.write({"stopping": True})
