// `npx tsx e2e/console/support/dev-server.ts [port]`: the test world (fresh in-memory database,
// demo data) on a fixed port, for working on the console by hand (vite dev proxies /api to 3000).
import { startWorld } from './world';

const w = await startWorld({ port: Number(process.argv[2] ?? 3000) });
console.log(`netsign console test world: ${w.url}/console/  (seller / notary / center / admin, see demo accounts)`);
process.on('SIGINT', () => void w.close().then(() => process.exit(0)));
