"""Runs the spec's sockaddr.encode/decode cases against this machine's CPython.

CPython does not expose its address conversion, so this drives it through
bind() and getsockname() with an LD_PRELOAD shim (shim.c) that records the
bytes bind() receives and hands getsockname() chosen bytes, on a socket
object whose family and protocol are set explicitly over an ordinary UDP
descriptor (the kernel is never asked, so families it lacks work too).

    cc -shared -fPIC -o /tmp/shim.so impl/tests/addr/cpython/shim.c -ldl
    LD_PRELOAD=/tmp/shim.so python3 impl/tests/addr/cpython/check_cases.py spec/addresses

Prints one line per case whose outcome is none of the acceptable ones.
Bytes CPython leaves uninitialised (AF_CAN's padding and unused union) are
compared as the reference's zeros only where CPython sets them.
"""
import ctypes, glob, socket, sys, yaml

lib = ctypes.CDLL(None)
buf = ctypes.create_string_buffer(256)
base = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

class Const(str): pass
def _bytes(loader, node): return bytes.fromhex(loader.construct_scalar(node).replace(' ', ''))
def _ascii(loader, node): return loader.construct_scalar(node).encode()
def _const(loader, node): return Const(loader.construct_scalar(node))
for tag, fn in (('!bytes', _bytes), ('!ascii', _ascii), ('!const', _const)):
    yaml.SafeLoader.add_constructor(tag, fn)

def value(v):
    if isinstance(v, Const):
        if not hasattr(socket, v): raise LookupError(v)
        return getattr(socket, v)
    if isinstance(v, list): return tuple(value(x) for x in v)
    return v

def outcome(op, args):
    family = args[0]
    proto = args[2] if len(args) > 2 else 0
    s = socket.socket(family, socket.SOCK_DGRAM, proto, fileno=base.fileno())
    try:
        if op == 'sockaddr.encode':
            s.bind(args[1])
            n = lib.shim_last(buf)
            return ('value', buf.raw[:n])
        lib.shim_set_name(args[1], len(args[1]))
        return ('value', s.getsockname())
    except Exception as e:
        return ('raises', e)
    finally:
        lib.shim_set_name(None, -1)
        s.detach()

def dont_care(args, data):
    """Offsets of bytes CPython leaves uninitialised for this address."""
    family, proto = args[0], (args[2] if len(args) > 2 else 0)
    if family in (socket.AF_NETLINK, socket.AF_QIPCRTR): return set(range(2, 4))
    if family == socket.AF_CAN:
        used = {socket.CAN_ISOTP: 16, socket.CAN_J1939: 21}.get(proto, 8)
        return set(range(2, 4)) | set(range(used, 24))
    if family == socket.AF_PACKET and len(data) == 20: return set(range(12 + data[11], 20))
    return set()

def matches(want, got, args=None):
    kind, v = want
    if kind != got[0]: return False
    if kind == 'value' and isinstance(v, bytes) and isinstance(got[1], bytes) and len(v) == len(got[1]) and args:
        skip = dont_care(args, v)
        return all(a == b for i, (a, b) in enumerate(zip(v, got[1])) if i not in skip)
    if kind == 'raises':
        cls = {'socket.error': OSError, 'socket.gaierror': socket.gaierror}.get(v) or __builtins__.__dict__.get(v)
        return cls is not None and isinstance(got[1], cls)
    return got[1] == v

def main(folder):
    bad = 0
    for path in sorted(glob.glob(folder + '/*.yaml')):
        doc = yaml.safe_load(open(path))
        op_default = (doc.get('defaults') or {}).get('op')
        for c in doc['cases']:
            op = c.get('op', op_default)
            if op not in ('sockaddr.encode', 'sockaddr.decode'): continue
            if c['versions'] not in ('3.3+', '3.12', 'all', '2.6+'): continue
            try:
                args = [value(a) for a in c['args']]
            except LookupError as e:
                print('skip %s: no socket.%s' % (c['id'], e)); continue
            wants = [('value', value(c['expect']['value'])) if 'value' in c['expect'] else ('raises', c['expect']['raises'])] if 'expect' in c else \
                    [('value', value(a['value'])) if 'value' in a else ('raises', a['raises']) for a in c['accept']]
            got = outcome(op, args)
            if not any(matches(w, got, args) for w in wants):
                bad += 1
                shown = got[1].hex() if isinstance(got[1], bytes) else repr(got[1])
                print('%s: cpython %s %s (%s: %s); spec %s' % (c['id'], got[0], shown, type(got[1]).__name__, '', wants))
    print('%d disagreements' % bad)

main(sys.argv[1] if len(sys.argv) > 1 else 'spec/addresses')
