// Runs s3rver (a real S3-compatible server) in its own process, so its memory and CPU are not the
// caller's. Started by s3-server.ts; prints {"port":…} once listening; exits when its stdin closes
// (the parent went away) or on SIGTERM.
'use strict';
const S3rver = require('s3rver');

const [directory, bucket, port] = process.argv.slice(2);
const server = new S3rver({ address: '127.0.0.1', port: Number(port) || 0, directory, silent: true, configureBuckets: [{ name: bucket }] });
server.run().then(
  (addr) => process.stdout.write(`${JSON.stringify({ port: addr.port })}\n`),
  (err) => {
    process.stderr.write(`s3rver failed to start: ${err && err.message}\n`);
    process.exit(1);
  },
);
const stop = () => server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
