# bench/bare/bare.py: the plain pipelined JSON-lines loop in Python that
# bench/adapter-throughput measures the CPython and PyPy adapters against.
# Each chunk read from stdin is split into lines; each line is parsed with
# json.loads and answered with json.dumps of the protocol's reply shape
# carrying the request's id; a chunk's replies go out in one write. No
# socket work: what is left is the language's ordinary JSON and line I/O.
import json
import os

HELLO = {"protocol": 1, "implementation": {"name": "bare", "version": "0", "language": "bare"},
         "profile": "3.12", "ops": ["htons", "inet_aton", "inet_pton"], "families": ["AF_INET"]}


def main():
    pending, started = b"", False
    while True:
        chunk = os.read(0, 1 << 20)
        if not chunk:
            return
        lines = (pending + chunk).split(b"\n")
        pending = lines.pop()
        out = []
        for line in lines:
            req = json.loads(line)
            if not started:
                out.append(json.dumps(HELLO))
                started = True
            elif req["cmd"] == "stop":
                if out:
                    os.write(1, ("\n".join(out) + "\n").encode())
                return
            else:
                out.append(json.dumps({"id": req["id"], "value": {"bytes": "7f000001"}}))
        if out:
            os.write(1, ("\n".join(out) + "\n").encode())


main()
