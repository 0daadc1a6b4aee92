# Writes garbage: echo("garbage") is answered with a line that is not JSON.
import base


def fault(req):
    if base.arg(req) == "garbage":
        base.write("Traceback? no: this line is not a reply")
        return True
    return False


base.serve(fault)
