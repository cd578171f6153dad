import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export interface S3TestServer {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** where the server keeps its buckets on disk */
  dir: string;
  /** the server settings (S3_*) that point netsign at this server */
  env: {
    S3_ENDPOINT: string;
    S3_BUCKET: string;
    S3_REGION: string;
    S3_ACCESS_KEY_ID: string;
    S3_SECRET_ACCESS_KEY: string;
  };
  /** the file on disk that holds an object's bytes (s3rver's layout), to check what was really stored */
  objectFile(key: string): string;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./s3-server-child.cjs', import.meta.url));

/**
 * Starts a real S3-compatible server (s3rver, in a child process) on a free loopback port with
 * one bucket. For tests and for scripts that rehearse a deployment on S3 (`npm run cluster`).
 * s3rver checks SigV4 signatures against its one account, S3RVER / S3RVER.
 */
export async function startS3Server(
  opts: { bucket?: string; dir?: string; port?: number } = {},
): Promise<S3TestServer> {
  const bucket = opts.bucket ?? 'netsign';
  const ownDir = !opts.dir;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'netsign-s3-'));
  const child = spawn(process.execPath, [CHILD, dir, bucket, String(opts.port ?? 0)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(JSON.parse(line).port));
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}) before listening`)));
    child.once('error', reject);
  });
  // a forgotten stop() must not keep the caller's process alive; the child exits when stdin closes
  child.unref();
  (child.stdin as any).unref?.();
  (child.stdout as any).unref?.();
  const endpoint = `http://127.0.0.1:${port}`;
  const region = 'us-east-1';
  const accessKeyId = 'S3RVER';
  const secretAccessKey = 'S3RVER';
  return {
    endpoint,
    bucket,
    region,
    accessKeyId,
    secretAccessKey,
    dir,
    env: {
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: region,
      S3_ACCESS_KEY_ID: accessKeyId,
      S3_SECRET_ACCESS_KEY: secretAccessKey,
    },
    objectFile: (key) => {
      const parts = key.split('/');
      return join(dir, bucket, ...parts.slice(0, -1), `${parts.at(-1)}._S3rver_object`);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.ref(); // keeps the caller alive until the server has closed
        child.kill('SIGTERM');
        await exited;
      }
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

// `npx tsx apps/server/src/testing/s3-server.ts` runs one until Ctrl-C and prints its settings
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const s3 = await startS3Server();
  for (const [k, v] of Object.entries(s3.env)) console.log(`${k}=${v}`);
  const stop = () => s3.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => {}, 1 << 30);
}
