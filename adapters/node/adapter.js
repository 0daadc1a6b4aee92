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

function byteOrder(op, args) {
  if (args.length !== 1 || typeof args[0] !== 'number' || !Number.isInteger(args[0])) {
    return {unsupported: `Buffer.write${op.endsWith('s') ? 'UInt16' : 'UInt32'}BE takes a safe integer`};
  }
  const wide = op.endsWith('l');
  try {
    if (wide) scratch.writeUInt32BE(args[0]); else scratch.writeUInt16BE(args[0]);
  } catch (e) {
    return {unsupported: `Node's Buffer cannot take it: ${e.message}`};
  }
  // Network order is big-endian: on a little-endian host, the host value
  // of those bytes is the swapped number (htons == ntohs).
  const value = wide ? (little ? scratch.readUInt32LE() : scratch.readUInt32BE())
                     : (little ? scratch.readUInt16LE() : scratch.readUInt16BE());
  return {value};
}

function call(op, args) {
  if (op === 'inet_pton') {
    if (args.length !== 2) return {unsupported: 'takes a family and a string'};
    const af = family(args[0]);
    if (af !== 'AF_INET' && af !== 'AF_INET6') return {unsupported: `no address family ${af} in Node`};
    if (typeof args[1] !== 'string') return {unsupported: 'net.isIP takes a string'};
    const ok = af === 'AF_INET' ? net.isIPv4(args[1]) : net.isIPv6(args[1]);
    if (!ok) return {raises: 'OSError', message: 'illegal IP address string passed to inet_pton'};
    return {unsupported: `Node accepts it (net.is${af === 'AF_INET' ? 'IPv4' : 'IPv6'} is true) but has no API that returns its packed bytes`};
  }
  if (['htons', 'ntohs', 'htonl', 'ntohl'].includes(op)) return byteOrder(op, args);
  return {unsupported: `Node has no ${op}`};
}

let started = false;
let pending = '';
let out = [];

function flush() {
  if (out.length) {
    process.stdout.write(out.join('\n') + '\n');
    out = [];
  }
}

function handle(line) {
  let req;
  try {
    req = JSON.parse(line);
  } catch (e) {
    out.push(JSON.stringify({id: null, errored: `request is not JSON: ${e.message}`}));
    return true;
  }
  if (!started) {
    if (!req || req.cmd !== 'start' || req.protocol !== 1) {
      process.stderr.write('sockcheck node adapter: expected start with protocol 1\n');
      process.exit(2);
    }
    started = true;
    out.push(JSON.stringify({
      protocol: 1,
      implementation: {name: 'node', version: process.versions.node, language: 'javascript',
                       description: 'Node.js net.isIPv4/net.isIPv6 and Buffer byte order'},
      profile: '3.12', ops: OPS, families: ['AF_INET', 'AF_INET6'],
    }));
    return true;
  }
  if (req.cmd === 'stop') return false;
  if (!Number.isSafeInteger(req.id)) {
    out.push(JSON.stringify({id: null, errored: 'request without an integer id'}));
    return true;
  }
  let r;
  if (req.cmd === 'call') r = OPS.includes(req.op) ? call(req.op, req.args || []) : {unsupported: `Node has no ${req.op}`};
  else if (req.cmd === 'drop') r = {value: null};
  else r = {errored: `unknown command ${req.cmd}`};
  out.push(JSON.stringify(Object.assign({id: req.id}, r)));
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
    if (!line.trim()) continue;
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
