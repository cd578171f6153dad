// RFC 3161 time-stamping. The authority (createTimestampAuthority) answers TimeStampReq DER with
// TimeStampResp DER; the server can expose it at an HTTP endpoint (application/timestamp-query).
// The client side turns any such authority — ours in-process, ours over HTTP, or an external
// TSA URL — into a TimestampFn that signPdf calls with the digest of the signature value.
import { createHash, randomBytes } from 'node:crypto';
import { buildSignedData, type CmsSigner } from './cms.ts';
import { bool, children, content, generalizedTime, int, octets, oid, OID, oidToString, read, readTime, seq, algSha256, tlv, type Node } from './der.ts';

/** digest (SHA-256 of the CMS signature value) → TimeStampToken DER (a CMS ContentInfo). */
export type TimestampFn = (digest: Buffer) => Promise<Buffer>;

export const DEFAULT_TSA_POLICY = '1.3.6.1.4.1.59999.3161.1'; // our own policy id; set yours

export function createTimestampRequest(digest: Buffer, nonce = BigInt('0x' + randomBytes(8).toString('hex'))): Buffer {
  return seq(int(1), seq(algSha256(), octets(digest)), int(nonce), bool(true));
}

export interface TimestampAuthority {
  respond(requestDer: Buffer): Promise<Buffer>;
  certPem: string;
}

const statusOnly = (status: number, text: string): Buffer => seq(seq(int(status), seq(tlv(0x0c, Buffer.from(text)))));

export function createTimestampAuthority(tsa: CmsSigner, o: { policy?: string; now?: () => Date } = {}): TimestampAuthority {
  return {
    certPem: tsa.certPem,
    async respond(requestDer: Buffer): Promise<Buffer> {
      let imprint: Node, nonce: Node | undefined, certReq = false;
      try {
        const f = children(read(requestDer));
        imprint = f[1];
        const alg = oidToString(children(children(imprint)[0])[0]);
        if (alg !== OID.sha256) return statusOnly(2, 'only SHA-256 message imprints are accepted');
        for (const x of f.slice(2)) {
          if (x.tag === 0x02) nonce = x;
          if (x.tag === 0x01) certReq = content(x)[0] !== 0;
        }
      } catch {
        return statusOnly(2, 'bad request');
      }
      // 128 random bits, top bit clear (positive INTEGER): unique across instances and restarts
      // without a shared counter; a clock-based counter collided within one millisecond.
      const r = randomBytes(16);
      r[0] = (r[0] & 0x7f) | 0x40;
      const serial = BigInt('0x' + r.toString('hex'));
      const tstInfo = seq(
        int(1),
        oid(o.policy ?? DEFAULT_TSA_POLICY),
        seq(...children(imprint).map((n) => n.buf.subarray(n.start, n.start + n.header + n.len))),
        int(serial),
        generalizedTime((o.now ?? (() => new Date()))()),
        seq(int(1)), // accuracy: 1 second
        ...(nonce ? [nonce.buf.subarray(nonce.start, nonce.start + nonce.header + nonce.len)] : []),
      );
      const token = await buildSignedData({
        signer: tsa,
        contentType: OID.tstInfo,
        encapsulated: tstInfo,
        contentDigest: createHash('sha256').update(tstInfo).digest(),
        includeChain: certReq,
      });
      return seq(seq(int(0)), token);
    },
  };
}

export interface TstInfo { genTime: Date; imprint: Buffer; serial: string; policy: string; nonce?: string }

/** TSTInfo from a token (ContentInfo → SignedData → encapContentInfo → eContent). */
export function readTstInfo(token: Buffer): TstInfo {
  const signedData = children(children(read(token))[1])[0];
  const encap = children(signedData)[2];
  const eContent = content(children(children(encap)[1])[0]);
  const f = children(read(eContent));
  const rest = f.slice(5);
  const nonce = rest.find((n) => n.tag === 0x02);
  return {
    policy: oidToString(f[1]),
    imprint: content(children(f[2])[1]),
    serial: content(f[3]).toString('hex'),
    genTime: readTime(f[4]),
    nonce: nonce ? content(nonce).toString('hex') : undefined,
  };
}

/** Unwrap a TimeStampResp, refusing anything but a granted token for our digest and nonce. */
export function parseTimestampResponse(respDer: Buffer, digest: Buffer, requestDer?: Buffer): Buffer {
  const f = children(read(respDer));
  const status = Number(content(children(f[0])[0]).readUIntBE(0, content(children(f[0])[0]).length));
  if (status > 1 || !f[1]) throw new Error(`time-stamp refused (PKIStatus ${status})`);
  const token = f[1].buf.subarray(f[1].start, f[1].start + f[1].header + f[1].len);
  const info = readTstInfo(token);
  if (!info.imprint.equals(digest)) throw new Error('time-stamp is for a different digest');
  if (requestDer) {
    const reqNonce = children(read(requestDer)).slice(2).find((n) => n.tag === 0x02);
    if (reqNonce && content(reqNonce).toString('hex') !== info.nonce) throw new Error('time-stamp nonce mismatch');
  }
  return Buffer.from(token);
}

/** A TimestampFn over any transport that carries request DER to response DER. */
export function timestamper(send: (requestDer: Buffer) => Promise<Buffer>): TimestampFn {
  return async (digest) => {
    const req = createTimestampRequest(digest);
    return parseTimestampResponse(await send(req), digest, req);
  };
}

/** Our own authority, in-process. */
export const localTimestamper = (tsa: TimestampAuthority): TimestampFn => timestamper((req) => tsa.respond(req));

/** Any RFC 3161 TSA over HTTP (ours at /api/tsa, or an external one). */
export function httpTimestamper(url: string, o: { headers?: Record<string, string>; timeoutMs?: number } = {}): TimestampFn {
  return timestamper(async (req) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', ...o.headers },
      body: new Uint8Array(req),
      signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
    });
    if (!res.ok) throw new Error(`TSA ${url} answered HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  });
}
