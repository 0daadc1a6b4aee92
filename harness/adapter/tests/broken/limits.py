# Not broken: echo("limits") answers the resource limits the adapter runs
# under, [RLIMIT_NOFILE, RLIMIT_CORE, RLIMIT_AS in MiB, RLIMIT_CPU] (soft),
# so the test can see that the harness applied them.
import resource

import base


def fault(req):
    if base.arg(req) == "limits":
        def soft(r, scale=1):
            v = resource.getrlimit(r)[0]
            return -1 if v == resource.RLIM_INFINITY else v // scale
        base.write({"id": req["id"], "value": [soft(resource.RLIMIT_NOFILE), soft(resource.RLIMIT_CORE),
                                               soft(resource.RLIMIT_AS, 1 << 20), soft(resource.RLIMIT_CPU)]})
        return True
    return False


base.serve(fault)
