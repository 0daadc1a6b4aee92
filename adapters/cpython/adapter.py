"""sockcheck adapter (protocol sockcheck-adapter/1) for Python's own socket module.

Runs under CPython (adapters/cpython) and PyPy (adapters/pypy3). Every
operation is the module's own function, found by name: `inet_aton` calls
socket.inet_aton, `socket.bind` calls socket.socket.bind on the object a
handle names. Constants ({"const": "AF_INET"}) are resolved with
getattr(socket, name), so each interpreter uses its own numbers; a constant
the module lacks makes the call unsupported, not a failure.

Speed matters (the harness sends hundreds of thousands of calls): input is
read in large chunks with os.read, replies are collected and written once
the chunk's requests are done (so a pipelined batch costs one write per
chunk, and a lone request is answered at once), and the common cases avoid
generic recursion.
"""
import json
import json.encoder
import os
import platform
import socket
import sys
import time
import traceback

loads = json.loads

PROTOCOL = 1
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1

try:
    from enum import IntEnum
except ImportError:  # pragma: no cover - every Python 3 has enum
    IntEnum = ()


class Unsupported(Exception):
    """This interpreter has no counterpart for the call (not a failure)."""


class BadRequest(Exception):
    """The harness sent something this adapter cannot read (errored)."""


# JSON string quoting in C (what json.dumps uses for a str).
quote = json.encoder.encode_basestring_ascii

handles = {}
handle_counter = [0]
constants = {}  # name -> the module's value, looked up once


def profile_of(version):
    # The newest spec document at or below this Python (spec/README.md).
    if version >= (3, 12):
        return "3.12"
    if version >= (3, 3):
        return "3.3"
    if version >= (2, 6):
        return "2.6"
    if version >= (2, 4):
        return "2.4"
    return "1.x"


def list_ops():
    ops = []
    for name in dir(socket):
        if name.startswith("_"):
            continue
        obj = getattr(socket, name)
        if isinstance(obj, type):
            continue  # classes and enums; socket.socket itself is added below
        if callable(obj):
            ops.append(name)
    ops.append("socket")
    for name in dir(socket.socket):
        if not name.startswith("_") and callable(getattr(socket.socket, name)):
            ops.append("socket." + name)
    return sorted(set(ops))


def decode(v):
    t = type(v)
    if t is list:
        return tuple(decode(x) for x in v)
    if t is dict:
        if len(v) != 1:
            raise BadRequest("a tagged value has exactly one key: %r" % (v,))
        (tag, text), = v.items()
        if tag == "bytes":
            return bytes.fromhex(text)
        if tag == "int":
            return int(text)
        if tag == "float":
            return float(text)
        if tag == "const":
            value = constants.get(text)
            if value is None:
                try:
                    value = constants[text] = getattr(socket, text)
                except AttributeError:
                    raise Unsupported("%s's socket module has no constant %s" % (platform.python_implementation(), text))
            return value
        if tag == "handle":
            try:
                return handles[text]
            except KeyError:
                raise BadRequest("unknown handle %r (handles do not survive a restart)" % (text,))
        raise BadRequest("unknown value tag %r" % (tag,))
    return v  # None, bool, int, str


def decode_args(args):
    """decode() over a call's arguments, with the common case (a constant
    already looked up, as in inet_pton(AF_INET, ...)) inline."""
    out = []
    for x in args:
        t = type(x)
        if t is dict and len(x) == 1:
            value = constants.get(x.get("const"))
            if value is not None:
                out.append(value)
                continue
        out.append(decode(x) if t is list or t is dict else x)
    return out


def encode(v):
    t = type(v)
    if t is str or v is None or t is bool:
        return v
    if t is int:
        return v if INT64_MIN <= v <= INT64_MAX else {"int": str(v)}
    if t is bytes or t is bytearray:
        return {"bytes": v.hex()}
    if t is tuple or t is list:
        return [encode(x) for x in v]
    if t is float:
        return {"float": repr(v)}
    if IntEnum and isinstance(v, IntEnum):
        return {"const": v.name}  # AF_INET from getaddrinfo is symbolic, as in spec cases
    if isinstance(v, int):
        return encode(int(v))
    # Anything else (a socket) stays here; the harness gets a handle to it.
    handle_counter[0] += 1
    name = "h%d" % handle_counter[0]
    handles[name] = v
    return {"handle": name}


def class_name(exc):
    t = type(exc)
    module = getattr(t, "__module__", "builtins")
    if module == "builtins":
        return t.__name__  # OSError, ValueError, TypeError, TimeoutError (socket.timeout from 3.10)
    if module == "socket" or module == "_socket":
        return "socket." + t.__name__  # socket.herror, socket.gaierror, socket.timeout before 3.10
    return module + "." + t.__name__


def _create_server(address, family=socket.AF_INET, backlog=None, reuse_port=False, dualstack_ipv6=False):
    # create_server's options are keyword-only; the harness passes them by position.
    return socket.create_server(address, family=family, backlog=backlog, reuse_port=reuse_port,
                                dualstack_ipv6=dualstack_ipv6)


def _fcntl(obj, cmd):
    import fcntl
    return fcntl.fcntl(obj, cmd)


def _select_readable(obj, timeout):
    import select
    return bool(select.select([obj], [], [], timeout)[0])


def _constant(name):
    value = getattr(socket, name, None)
    return None if value is None else int(value)


# Operations that are not one function of the module: attribute reads and
# the checks the spec's operation list names (impl/ops/socket_ops.cc).
EXTRA_OPS = {
    "socket.family": lambda s: s.family,
    "socket.type": lambda s: s.type,
    "socket.proto": lambda s: s.proto,
    "socket.hasattr": lambda s, name: hasattr(s, name),
    "socket.type_is_sockettype": lambda s: type(s) is socket.SocketType,
    "socket.isinstance_sockettype": lambda s: isinstance(s, socket.SocketType),
    "fcntl.fcntl": _fcntl,
    "has_ipv6": lambda: socket.has_ipv6,
    "constant": _constant,
    "select.readable": _select_readable,
    "socket.__enter__": lambda s: s.__enter__(),
    "socket.__exit__": lambda s, *exc: s.__exit__(*exc),
}
if hasattr(socket, "create_server"):
    EXTRA_OPS["create_server"] = _create_server


# The spec's questions about exceptions (impl/ops/exception_ops.cc), about
# values (value.*, impl/ops/netdb_ops.cc) and the ancillary-data helpers
# (cmsg.*, impl/ops/socket_msg_ops.cc).
def _exception_class(name):
    import builtins
    if name.startswith("socket."):
        cls = getattr(socket, name[7:], None)
    else:
        cls = getattr(builtins, name, None)
    if not isinstance(cls, type):
        raise Unsupported("no exception class %s in this Python" % name)
    return cls


def _raised(op, args):
    fn = find_op(op)
    if fn is None:
        raise Unsupported("no operation %s" % op)
    try:
        fn(*args)
    except Unsupported:
        raise
    except Exception as e:
        return e
    return None


def _exception_args(op, args):
    e = _raised(op, args)
    return None if e is None else tuple(e.args)


def _exception_args_types(op, args):
    e = _raised(op, args)
    return None if e is None else tuple(type(a).__name__ for a in e.args)


def _exception_errno(op, args):
    e = _raised(op, args)
    if e is None or len(e.args) != 2 or type(e.args[0]) is not int:
        return None
    return e.args[0]


def _cmsg_recvmsg_into(sock, buffers, *rest):
    arrays, views = [], []
    for b in buffers:
        if type(b) is bytes:
            a = bytearray(b)
            views.append(a)
        else:
            data, start, stop = b
            a = bytearray(data)
            views.append(memoryview(a)[start:stop])
        arrays.append(a)
    r = sock.recvmsg_into(views, *rest)
    return tuple(r) + (tuple(bytes(a) for a in arrays),)


def _cmsg_int_array(ints):
    import array
    return array.array("i", ints).tobytes()


def _cmsg_same_files(data, fds):
    import array
    received = array.array("i")
    received.frombytes(data)
    if len(received) != len(fds):
        raise ValueError("cmsg.same_files() needs one C int of data per descriptor")
    out = []
    for r, f in zip(received, fds):
        try:
            a, b = os.fstat(r), os.fstat(f)
            out.append(a.st_dev == b.st_dev and a.st_ino == b.st_ino)
        except OSError:
            out.append(False)
    return tuple(out)


EXTRA_OPS.update({
    "exception.issubclass": lambda child, parent: issubclass(_exception_class(child), _exception_class(parent)),
    "exception.args": _exception_args,
    "exception.args_types": _exception_args_types,
    "exception.errno": _exception_errno,
    "value.type": lambda v: type(v).__name__,
    "value.equal": lambda a, b: a == b,
    "cmsg.recvmsg_into": _cmsg_recvmsg_into,
    "cmsg.int_array": _cmsg_int_array,
    "cmsg.same_files": _cmsg_same_files,
})


# A writable buffer the harness can name (recv_into, recvfrom_into): a
# bytearray subclass, so encode() hands back a handle instead of its bytes;
# and the methods of the file object makefile() returns
# (impl/ops/socket_data_ops.cc).
class _ByteArray(bytearray):
    pass


def _bytearray(init):
    return _ByteArray(init)


EXTRA_OPS.update({
    "bytearray": _bytearray,
    "bytearray.value": lambda b: bytes(b),
    "file.read": lambda f, *size: f.read(*size),
    "file.readline": lambda f: f.readline(),
    "file.write": lambda f, data: f.write(data),
    "file.flush": lambda f: f.flush(),
    "file.close": lambda f: f.close(),
})


def find_op(op, cache={}):
    fn = cache.get(op)
    if fn is not None:
        return fn
    fn = EXTRA_OPS.get(op)
    if fn is not None:
        cache[op] = fn
        return fn
    if op in OPS:
        if op.startswith("socket."):
            fn = getattr(socket.socket, op[7:])
        elif op == "socket":
            fn = socket.socket
        else:
            fn = getattr(socket, op)
        cache[op] = fn
        return fn
    return None


def timed(op):
    """Calls that can wait (socket methods, their files, create_connection)
    report their own duration as "elapsed", so a timing case is judged by
    the call and not by the pipe around it. Conversions do not: they stay
    on the fast path, and their replies stay short."""
    return op.startswith(("socket.", "file.")) or op == "create_connection"


def answer(req, dumps):
    """One reply line (str) for one request (a dict)."""
    rid = req["id"]
    cmd = req["cmd"]
    if type(rid) is not int:
        raise BadRequest("id is not an integer: %r" % (rid,))
    if cmd == "call":
        fn = find_op(req["op"])
        if fn is None:
            return dumps({"id": rid, "unsupported": "%s's socket module has no operation %s"
                          % (platform.python_implementation(), req["op"])})
        args = req["args"]
        for a in args:
            if type(a) is list or type(a) is dict:
                args = [decode(x) for x in args]
                break
        start = time.monotonic()
        try:
            result = fn(*args)
        except Unsupported:
            raise
        except Exception as e:
            reply = '{"id":%d,"raises":"%s","message":%s' % (rid, class_name(e), quote(str(e)))
            if timed(req["op"]):
                reply += ',"elapsed":%.9f' % (time.monotonic() - start)
            return reply + "}"
        if timed(req["op"]):
            return dumps({"id": rid, "value": encode(result), "elapsed": time.monotonic() - start})
        # The results of the conversions, written directly; the rest through
        # the generic encoder.
        t = type(result)
        if t is bytes:
            return '{"id":%d,"value":{"bytes":"%s"}}' % (rid, result.hex())
        if t is str:
            return '{"id":%d,"value":%s}' % (rid, quote(result))
        if t is int and INT64_MIN <= result <= INT64_MAX:
            return '{"id":%d,"value":%d}' % (rid, result)
        return dumps({"id": rid, "value": encode(result)})
    if cmd == "drop":
        for name in req["handles"]:
            obj = handles.pop(name, None)
            close = getattr(obj, "close", None)
            if close is not None:
                try:
                    close()
                except Exception:
                    pass
        return '{"id":%d,"value":null}' % rid
    raise BadRequest("unknown command %r" % (cmd,))


def hello():
    impl = platform.python_implementation()
    version = platform.python_version()
    desc = "%s %s socket module" % (impl, version)
    if impl == "PyPy":
        pypy = sys.pypy_version_info
        desc = "PyPy %d.%d.%d socket module (Python %s)" % (pypy[0], pypy[1], pypy[2], version)
    families = [f for f in ("AF_INET", "AF_INET6", "AF_UNIX") if hasattr(socket, f)]
    return {
        "protocol": PROTOCOL,
        "implementation": {"name": impl.lower(), "version": version, "language": "python", "description": desc},
        "profile": profile_of(sys.version_info[:2]),
        "ops": OPS_LIST,
        "families": families,
    }


def write_all(fd, data):
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def parse_lines(lines):
    """The requests of a chunk: one json.loads for all of them (one C call
    instead of one per line); line by line only when some line is bad."""
    try:
        reqs = json.loads(b"[" + b",".join(lines) + b"]")
        if len(reqs) == len(lines):  # a line like `1,2` would shift the rest
            return reqs
    except ValueError:
        pass
    out = []
    for line in lines:
        try:
            out.append(json.loads(line))
        except ValueError as e:
            out.append(BadRequest("request is not JSON: %s" % e))
    return out


def parse_block(block):
    """The requests of `block`, complete lines each ending in a newline:
    one json.loads for all of them, the newlines turned into the commas of
    an array; parse_lines() when that fails (a blank or bad line) or a line
    held more than one value."""
    try:
        reqs = loads(b"[" + block[:-1].replace(b"\n", b",") + b"]")
        if len(reqs) == block.count(b"\n"):
            return reqs
    except ValueError:
        pass
    return parse_lines([line for line in block.split(b"\n")[:-1] if line.strip()])


def main():
    dumps = json.JSONEncoder(separators=(",", ":")).encode
    fns = {}
    for op in OPS_LIST:
        if not timed(op):  # timed calls take the slow path, answer()
            fns[op] = find_op(op)
    fd_in, fd_out = sys.stdin.fileno(), sys.stdout.fileno()
    started = False
    pending = b""
    while True:
        chunk = os.read(fd_in, 1 << 20)
        if not chunk:
            break  # end of input: exit as if stopped
        end = chunk.rfind(b"\n") + 1
        if not end:
            pending += chunk
            continue
        block = pending + chunk[:end] if pending else chunk[:end]
        pending = chunk[end:]
        out = []
        append = out.append
        for req in parse_block(block):
            if not started:
                if type(req) is not dict or req.get("cmd") != "start" or req.get("protocol") != PROTOCOL:
                    sys.stderr.write("sockcheck adapter: expected start with protocol %d, got %r\n" % (PROTOCOL, req))
                    sys.exit(2)
                out.append(dumps(hello()))
                started = True
                continue
            # The fast path: a call of a known operation on plain arguments
            # that returns bytes or str, inline (a function call per request
            # costs as much as the operation).
            try:
                fn = fns[req["op"]]
                rid = req["id"]
                args = req["args"]
                if req["cmd"] != "call":
                    fn = None
            except Exception:  # not an object, a member missing, an unknown or unhashable op
                fn = None
            if fn is not None:
                if type(rid) is int and type(args) is list:
                    try:
                        for a in args:
                            if type(a) is list or type(a) is dict:
                                args = decode_args(args)
                                break
                    except Unsupported as e:
                        append(dumps({"id": rid, "unsupported": str(e)}))
                        continue
                    except Exception:
                        rid = None  # the slow path below reports it (BadRequest, bad hex)
                    if rid is not None:
                        try:
                            result = fn(*args)
                        except Unsupported as e:
                            append(dumps({"id": rid, "unsupported": str(e)}))
                            continue
                        except Exception as e:
                            append(f'{{"id":{rid},"raises":"{class_name(e)}","message":{quote(str(e))}}}')
                            continue
                        t = type(result)
                        if t is bytes:
                            append(f'{{"id":{rid},"value":{{"bytes":"{result.hex()}"}}}}')
                            continue
                        if t is str:
                            append(f'{{"id":{rid},"value":{quote(result)}}}')
                            continue
                        if t is int and INT64_MIN <= result <= INT64_MAX:
                            append(f'{{"id":{rid},"value":{result}}}')
                            continue
                        # Other results: the generic path below encodes
                        # them (calling again would repeat side effects).
                        append(dumps({"id": rid, "value": encode(result)}))
                        continue
            if type(req) is not dict:
                out.append(dumps({"id": None, "errored": str(req) if isinstance(req, BadRequest) else
                                  "request is not a JSON object"}))
                continue
            if req.get("cmd") == "stop":
                if out:
                    write_all(fd_out, ("\n".join(out) + "\n").encode())
                return stop()
            try:
                out.append(answer(req, dumps))
            except Unsupported as e:
                out.append(dumps({"id": req.get("id"), "unsupported": str(e)}))
            except Exception as e:
                rid = req.get("id")
                out.append(dumps({"id": rid if type(rid) is int else None,
                                  "errored": "%s: %s" % (type(e).__name__, e),
                                  "context": {"traceback": traceback.format_exc(limit=4)}}))
        if out:
            write_all(fd_out, ("\n".join(out) + "\n").encode())
    stop()


def stop():
    for obj in handles.values():
        close = getattr(obj, "close", None)
        if close is not None:
            try:
                close()
            except Exception:
                pass
    handles.clear()


OPS_LIST = sorted(set(list_ops()) | set(EXTRA_OPS))
OPS = frozenset(OPS_LIST)

if __name__ == "__main__":
    main()
