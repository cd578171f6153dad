import { loadConfig } from '../platform/config';
import { openBlobStore } from '../platform/blob-store';
import { verifyBlobs } from '../platform/verify-blobs';
import pino from 'pino';
import { serverDataKeys } from '../app';

/**
 * `netsign blobs verify [--repair]`: hashes every stored blob against its key (the configured
 * backend: S3 needs s3:ListBucket for this); lists each mismatch; with --repair, rewrites objects
 * stored in aws-chunked framing (issue 9) with the file they hold. Exits 1 while any remains.
 */
export async function run(args: string[]) {
  if (args[0] !== 'verify' || args.slice(1).some((a) => a !== '--repair')) {
    console.error('用法 usage: netsign blobs verify [--repair]');
    return 2;
  }
  const repair = args.includes('--repair');
  const config = loadConfig();
  // sealed blobs are opened to be hashed (docs/SECURITY.md, item 12)
  const keys = serverDataKeys(config, pino({ level: 'warn' }));
  const store = await openBlobStore(config, { error: () => {} }, () => keys);
  const { checked, problems } = await verifyBlobs(store, {
    repair,
    onProblem: (p) =>
      console.log(
        `✘ ${p.sha256} ${p.finding === 'framed' ? 'aws-chunked 封装 framed' : '内容损坏 damaged'} (holds ${p.actualSha256})${p.repaired ? ' → 已修复 repaired' : ''}`,
      ),
  });
  const left = problems.filter((p) => !p.repaired);
  const framed = left.filter((p) => p.finding === 'framed').length;
  const damaged = left.length - framed;
  console.log(
    left.length
      ? `文件校验失败 blobs failing: ${left.length} of ${checked}` +
          (framed ? `; ${framed} framed, repairable with --repair` : '') +
          (damaged ? `; ${damaged} damaged: restore them from the bucket's versions or the backup` : '')
      : `文件完整 blobs intact: ${checked}${problems.length ? ` (${problems.length} repaired)` : ''}`,
  );
  return left.length ? 1 : 0;
}
