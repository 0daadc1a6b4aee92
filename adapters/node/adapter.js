// sockcheck adapter for Node.js. Node has no inet_pton/inet_ntop/inet_aton:
// it validates address text (net.isIPv4, net.isIPv6, through libuv's
// parser) but never exposes packed bytes. So only what Node really has is
// mapped, and nothing is emulated:
//   inet_pton(family, s): net.isIPv4 / net.isIPv6 decide. A rejected string
//     raises OSError (the documents' failure); an accepted one is
//     "unsupported", with Node's verdict in the reason, because Node has no
//     API that returns its bytes.
//   htons/ntohs/htonl/ntohl: Buffer's big-endian writes read back in host
//     order (Buffer.writeUInt16BE + readUInt16LE on little-endian hosts).
// Arguments Node's APIs cannot take are "unsupported" (docs/adapter-protocol.md).
'use strict';
const net = require('net');
const os = require('os');

const OPS = ['htonl', 'htons', 'inet_pton', 'ntohl', 'ntohs'];
const little = os.endianness() === 'LE';
const scratch = Buffer.alloc(4);

function family(v) {
  if (v && typeof v === 'object' && typeof v.const === 'string') return v.const;
  if (v === 2) return 'AF_INET';
  if (v === 10) return 'AF_INET6';
  return null;
}

// Replies are written as text: the id, then one of these ready-made
// endings or one built from a JSON.stringify'd message. An object per
// reply, its Object.assign copy and its JSON.stringify (and an array of
// replies joined per chunk) were about a sixth of a call's cost; the bytes
// are the same as JSON.stringify(Object.assign({id}, outcome)) wrote.
const outcome = {
  unsupported: (why) => ',"unsupported":' + JSON.stringify(why) + '}',
  raises: (cls, message) => ',"raises":' + JSON.stringify(cls) + ',"message":' + JSON.stringify(message) + '}',
  errored: (why) => ',"errored":' + JSON.stringify(why) + '}',
  value: (n) => ',"value":' + JSON.stringify(n) + '}',
};
const REPLY = {
  ptonArity: outcome.unsupported('takes a family and a string'),
  ptonNotString: outcome.unsupported('net.isIP takes a string'),
  ptonIllegal: outcome.raises('OSError', 'illegal IP address string passed to inet_pton'),
  ptonAccepted4: outcome.unsupported('Node accepts it (net.isIPv4 is true) but has no API that returns its packed bytes'),
  ptonAccepted6: outcome.unsupported('Node accepts it (net.isIPv6 is true) but has no API that returns its packed bytes'),
  notSafe16: outcome.unsupported('Buffer.writeUInt16BE takes a safe integer'),
  notSafe32: outcome.unsupported('Buffer.writeUInt32BE takes a safe integer'),
  drop: outcome.value(null),
};

function byteOrder(op, args) {
  if (args.length !== 1 || typeof args[0] !== 'number' || !Number.isInteger(args[0])) {
    return op.endsWith('s') ? REPLY.notSafe16 : REPLY.notSafe32;
  }
  const wide = op.endsWith('l');
  try {
    if (wide) scratch.writeUInt32BE(args[0]); else scratch.writeUInt16BE(args[0]);
  } catch (e) {
    return outcome.unsupported(`Node's Buffer cannot take it: ${e.message}`);
  }
  // Network order is big-endian: on a little-endian host, the host value
  // of those bytes is the swapped number (htons == ntohs).
  const value = wide ? (little ? scratch.readUInt32LE() : scratch.readUInt32BE())
                     : (little ? scratch.readUInt16LE() : scratch.readUInt16BE());
  return outcome.value(value);
}

// Returns the reply's text after the id.
function call(op, args) {
  if (op === 'inet_pton') {
    if (args.length !== 2) return REPLY.ptonArity;
    const af = family(args[0]);
    if (af !== 'AF_INET' && af !== 'AF_INET6') return outcome.unsupported(`no address family ${af} in Node`);
    if (typeof args[1] !== 'string') return REPLY.ptonNotString;
    const ok = af === 'AF_INET' ? net.isIPv4(args[1]) : net.isIPv6(args[1]);
    if (!ok) return REPLY.ptonIllegal;
    return af === 'AF_INET' ? REPLY.ptonAccepted4 : REPLY.ptonAccepted6;
  }
  if (op === 'htons' || op === 'ntohs' || op === 'htonl' || op === 'ntohl') return byteOrder(op, args);
  return outcome.unsupported(`Node has no ${op}`);
}

let started = false;
let pending = '';
let out = '';

function flush() {
  if (out.length) {
    process.stdout.write(out);
    out = '';
  }
}

function handle(line) {
  let req;
  try {
    req = JSON.parse(line);
  } catch (e) {
    out += JSON.stringify({id: null, errored: `request is not JSON: ${e.message}`}) + '\n';
    return true;
  }
  if (!started) {
    if (!req || req.cmd !== 'start' || req.protocol !== 1) {
      process.stderr.write('sockcheck node adapter: expected start with protocol 1\n');
      process.exit(2);
    }
    started = true;
    out += JSON.stringify({
      protocol: 1,
      implementation: {name: 'node', version: process.versions.node, language: 'javascript',
                       description: 'Node.js net.isIPv4/net.isIPv6 and Buffer byte order'},
      profile: '3.12', ops: OPS, families: ['AF_INET', 'AF_INET6'],
    }) + '\n';
    return true;
  }
  // JSON that is not an object (null, 3, "x", [..]) is a request without an
  // id, not a reason to crash on req.cmd.
  if (req === null || typeof req !== 'object' || Array.isArray(req)) {
    out += '{"id":null,"errored":"request is not a JSON object"}\n';
    return true;
  }
  if (req.cmd === 'stop') return false;
  if (!Number.isSafeInteger(req.id)) {
    out += '{"id":null,"errored":"request without an integer id"}\n';
    return true;
  }
  let r;
  if (req.cmd === 'call') r = OPS.includes(req.op) ? call(req.op, req.args || []) : outcome.unsupported(`Node has no ${req.op}`);
  else if (req.cmd === 'drop') r = REPLY.drop;
  else r = outcome.errored(`unknown command ${req.cmd}`);
  // A safe integer prints as JSON.stringify prints it (-0 as 0).
  out += '{"id":' + JSON.stringify(req.id) + r + '\n';
  return true;
}

process.stdin.setEncoding('utf8');
// Each 'data' chunk is handled whole and its answers written at once:
// a pipelined batch costs one write per chunk.
process.stdin.on('data', (chunk) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop();
  for (const line of lines) {
    // A line that opens an object is not blank: no trim() copy for it.
    if (line.charCodeAt(0) !== 123 && !line.trim()) continue;
    if (!handle(line)) {
      flush();
      process.stdout.end(() => process.exit(0));
      return;
    }
  }
  flush();
});
process.stdin.on('end', () => {
  flush();
  process.exit(0);
});
