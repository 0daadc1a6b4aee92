# Gets ids wrong: echo("dup") is answered twice, echo("skip") never,
# echo("wrong") under an id that was never sent, echo("bad") with a reply
# that has an id but no valid outcome; echo("bye") answers and then exits.
import sys

import base


def fault(req):
    a = base.arg(req)
    if a == "dup":
        base.write({"id": req["id"], "value": "first"})
        base.write({"id": req["id"], "value": "second"})
        return True
    if a == "skip":
        return True
    if a == "wrong":
        base.write({"id": req["id"] + 1000, "value": "wrong"})
        return True
    if a == "bad":
        base.write({"id": req["id"], "value": {"bogus": 1}})
        return True
    if a == "bye":
        base.write({"id": req["id"], "value": "bye"})
        sys.exit(0)
    return False


base.serve(fault)
