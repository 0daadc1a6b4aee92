// bench/bare/bare.js: the plain pipelined JSON-lines loop in Node that
// bench/adapter-throughput measures the Node adapter against: each line
// through JSON.parse, a JSON.stringify reply of the protocol's shape with
// the request's id, one write per 'data' chunk, no socket work.
'use strict';
const HELLO = {protocol: 1, implementation: {name: 'bare', version: '0', language: 'bare'},
  profile: '3.12', ops: ['htons', 'inet_aton', 'inet_pton'], families: ['AF_INET']};
let pending = '', started = false;
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop();
  const out = [];
  for (const line of lines) {
    const req = JSON.parse(line);
    if (!started) {
      out.push(JSON.stringify(HELLO));
      started = true;
    } else if (req.cmd === 'stop') {
      process.stdout.write(out.length ? out.join('\n') + '\n' : '', () => process.exit(0));
      return;
    } else {
      out.push(JSON.stringify({id: req.id, value: {bytes: '7f000001'}}));
    }
  }
  if (out.length) process.stdout.write(out.join('\n') + '\n');
});
process.stdin.on('end', () => process.exit(0));
