import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createFaceEngine } from '@netsign/face/node';
import { buildServer } from '../app';
import { loadConfig } from '../platform/config';
import { seedDemoData } from '../demo/seed-demo-data';
import { walkFlow } from '../demo/walk/walk-flow';
import { ApiClient } from '../testing/http-client';

/**
 * `netsign demo [--url URL] [--out DIR]`: walks the whole flow over HTTP — against URL (a server
 * with the demo data), or against its own server on a fresh temporary data directory — and
 * prints, last, one line of JSON with both contracts' outcome.
 */
export async function run(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string' },
      out: { type: 'string', default: './demo-out' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const log = (s: string) => values.quiet || console.error(s);
  let url = values.url?.replace(/\/$/, '');
  let own: Awaited<ReturnType<typeof buildServer>> | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'netsign-demo-'));
  try {
    if (!url) {
      log(`启动演示服务器 (数据目录 ${dataDir}) …`);
      const config = loadConfig(
        { ...process.env, DATABASE_URL: '' },
        { DATA_DIR: dataDir, PORT: 0 as any, LOG_LEVEL: 'warn', NODE_ENV: 'development', DEV_OUTBOX: 'true' as any },
      );
      own = await buildServer(config);
      await seedDemoData(own.ctx);
      await own.app.listen({ port: 0, host: '127.0.0.1' });
      const port = (own.app.server.address() as { port: number }).port;
      url = `http://127.0.0.1:${port}`;
      // QR links must point at the server the demo talks to
      own.ctx.config.publicUrl = url;
    }
    log('加载人脸模型 …');
    const engine = await createFaceEngine();
    const result = await walkFlow({
      client: () => new ApiClient(url!),
      engine,
      advance: (ms) => new Promise((r) => setTimeout(r, ms)),
      today: new Date(),
      outDir: resolve(values.out!),
      log,
    });
    engine.dispose();
    console.log(JSON.stringify(result));
    return 0;
  } catch (e) {
    console.error(`演示失败 demo failed: ${(e as Error).message}`);
    return 1;
  } finally {
    await own?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
