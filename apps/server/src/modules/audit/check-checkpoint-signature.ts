import {
  certDer,
  checkChain,
  checkSignedData,
  checkTimestampToken,
  parsePemCertificates,
} from '@netsign/documents/pki/cms-check';
import { checkpointBodyText, type CheckpointBody } from '@netsign/domain/audit/proof';

/** How far a checkpoint's own time may be from its time-stamp (clocks of two instances). */
const STAMP_SKEW_MS = 5 * 60_000;

/**
 * A checkpoint's signature (CMS, detached, over the body) by a key that chains to one of `roots`,
 * and its RFC 3161 time-stamp over the same body. Returns what is wrong, [] when nothing.
 * Used by `audit verify` and, without any database, by `audit check-proof`.
 */
export async function checkCheckpointSignature(
  cp: CheckpointBody & { signature: string; timestampToken: string },
  rootsPem: string[],
  now = new Date(),
): Promise<string[]> {
  const body = Buffer.from(checkpointBodyText(cp), 'utf8');
  const problems: string[] = [];
  const roots = parsePemCertificates(rootsPem);
  try {
    const s = await checkSignedData(Buffer.from(cp.signature, 'base64'), [body]);
    if (!s.digestOk || !s.signatureOk) problems.push('signature does not match the checkpoint');
    else if (!s.signer) problems.push('no signer certificate');
    else if (roots.some((r) => certDer(r).equals(certDer(s.signer!)))) {
      // signed by a root itself (the platform key): trusted when valid at the checkpoint's time
      const t = new Date(cp.at);
      if (s.signer.notBefore.value > t || s.signer.notAfter.value < t)
        problems.push(`signer certificate not valid at ${cp.at}`);
    } else {
      const chain = await checkChain(s.signer, s.certs, roots, new Date(cp.at));
      if (!chain.trusted) problems.push(`signer not trusted: ${chain.problem}`);
    }
  } catch (e) {
    problems.push(`unreadable signature: ${(e as Error).message}`);
  }
  const t = await checkTimestampToken(Buffer.from(cp.timestampToken, 'base64'), body, roots, now);
  if (!t.trusted) problems.push(`time-stamp: ${t.problem ?? 'not trusted'}`);
  else if (Math.abs(Date.parse(t.time) - Date.parse(cp.at)) > STAMP_SKEW_MS)
    problems.push(`time-stamp ${t.time} is far from the checkpoint's time ${cp.at}`);
  return problems;
}
