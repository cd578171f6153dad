// What `netsign verify` and `netsign verify-archive` trust: --trust PEM files (bundles allowed),
// and with --url the server's published root and the CRLs of every root. The checked file itself
// is never sent anywhere.
import { readFileSync } from 'node:fs';
import { keyIdOf } from '@netsign/documents';

/** The file to check and the --trust roots, or the reason they cannot be read (exit 2). */
export function readInputs(file: string, trust: string[]): { data: Buffer; roots: string[] } | string {
  try {
    return { data: readFileSync(file), roots: trust.map((f) => readFileSync(f, 'utf8')) };
  } catch (e) {
    return (e as Error).message;
  }
}

/** Adds the server's published root to `roots`; the reason on failure (exit 2). */
export async function fetchTrustRoot(url: string, roots: string[]): Promise<string | null> {
  try {
    const res = await fetch(`${url}/api/public/trust-root`, { signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    roots.push(await res.text());
    return null;
  } catch (e) {
    return `cannot fetch the trust root from ${url}: ${(e as Error).message}`;
  }
}

/** The current CRL of every root, as the server publishes them (a missing one is skipped). */
export async function fetchCrls(url: string, roots: string[]): Promise<Buffer[]> {
  const pems = roots.flatMap((r) => r.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []);
  const out: Buffer[] = [];
  for (const pem of pems) {
    const res = await fetch(`${url}/api/pki/crl/${keyIdOf(pem)}.crl`, { signal: AbortSignal.timeout(15_000) }).catch(
      () => null,
    );
    if (res?.ok) out.push(Buffer.from(await res.arrayBuffer()));
  }
  return out;
}
