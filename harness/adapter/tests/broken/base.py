"""A minimal, correct sockcheck-adapter/1 adapter that the broken adapters
of this folder build on: each one changes a single behaviour.

It offers one operation, `echo`, that returns its first argument. A
script passes `fault(req)`: called for every call request, it may misbehave
(crash, hang, write garbage) and returns True when it has answered the
request itself. Replies are written one by one, unbuffered, so that the
harness sees every answer written before a fault.
"""
import json
import os
import sys


def write(obj_or_text):
    text = obj_or_text if isinstance(obj_or_text, str) else json.dumps(obj_or_text)
    os.write(1, (text + "\n").encode())


HELLO = {
    "protocol": 1,
    "implementation": {"name": "broken", "version": "0", "language": "python"},
    "profile": "3.12",
    "ops": ["echo"],
    "families": ["AF_INET"],
}


def serve(fault=lambda req: False, hello=HELLO, on_start=None):
    first = True
    for line in sys.stdin:
        req = json.loads(line)
        if first:
            first = False
            if on_start is not None:
                on_start()
            write(hello)
            continue
        if req["cmd"] == "stop":
            return
        if fault(req):
            continue
        if req["op"] == "echo" and len(req["args"]) == 1:
            write({"id": req["id"], "value": req["args"][0]})
        elif req["op"] == "echo":
            write({"id": req["id"], "raises": "TypeError", "message": "echo() takes exactly one argument"})
        else:
            write({"id": req["id"], "unsupported": "no such op"})


def arg(req):
    args = req.get("args") or [None]
    return args[0]
