// RFC 3161 time-stamping. The authority (createTimestampAuthority) answers TimeStampReq DER with
// TimeStampResp DER; the server can expose it at an HTTP endpoint (application/timestamp-query).
// The client side turns any such authority — ours in-process, ours over HTTP, or an external
// TSA URL — into a TimestampFn that signPdf calls with the digest of the signature value.
// Requests, responses and tokens are parsed with asn1js/pkijs; der.ts only writes.
import { createHash, randomBytes } from 'node:crypto';
import * as asn1 from 'asn1js';
import * as pkijs from 'pkijs';
import { buildSignedData, type CmsSigner } from './cms.ts';
import { bool, generalizedTime, int, octets, oid, OID, seq, algSha256, tlv } from './der.ts';

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const hex = (v: Uint8Array): string => Buffer.from(v).toString('hex');

/** A DER structure parsed by asn1js (throws on anything that is not one whole BER value). */
function parse(der: Uint8Array): asn1.Sequence {
  const r = asn1.fromBER(ab(der));
  if (r.offset === -1 || !(r.result instanceof asn1.Sequence)) throw new Error('not a DER SEQUENCE');
  return r.result;
}

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

export function createTimestampAuthority(
  tsa: CmsSigner,
  o: { policy?: string; now?: () => Date } = {},
): TimestampAuthority {
  return {
    certPem: tsa.certPem,
    async respond(requestDer: Buffer): Promise<Buffer> {
      let req: pkijs.TimeStampReq, asn: asn1.Sequence;
      try {
        asn = parse(requestDer);
        req = new pkijs.TimeStampReq({ schema: asn });
      } catch {
        return statusOnly(2, 'bad request');
      }
      if (
        req.messageImprint.hashAlgorithm.algorithmId !== OID.sha256 ||
        req.messageImprint.hashedMessage.valueBlock.valueHexView.length !== 32
      ) {
        return statusOnly(2, 'only SHA-256 message imprints are accepted');
      }
      // the imprint and nonce go into TSTInfo exactly as the request encoded them
      const imprint = Buffer.from(asn.valueBlock.value[1].valueBeforeDecodeView);
      const nonce = req.nonce ? Buffer.from(req.nonce.valueBeforeDecodeView) : undefined;
      // 128 random bits, top bit clear (positive INTEGER): unique across instances and restarts
      // without a shared counter; a clock-based counter collided within one millisecond.
      const r = randomBytes(16);
      r[0] = (r[0] & 0x7f) | 0x40;
      const serial = BigInt('0x' + r.toString('hex'));
      const tstInfo = seq(
        int(1),
        oid(o.policy ?? DEFAULT_TSA_POLICY),
        imprint,
        int(serial),
        generalizedTime((o.now ?? (() => new Date()))()),
        seq(int(1)), // accuracy: 1 second
        ...(nonce ? [nonce] : []),
      );
      const token = await buildSignedData({
        signer: tsa,
        contentType: OID.tstInfo,
        encapsulated: tstInfo,
        contentDigest: createHash('sha256').update(tstInfo).digest(),
        includeChain: req.certReq ?? false,
      });
      return seq(seq(int(0)), token);
    },
  };
}

export interface TstInfo {
  genTime: Date;
  imprint: Buffer;
  serial: string;
  policy: string;
  nonce?: string;
}

/** TSTInfo from a token (ContentInfo → SignedData → encapContentInfo → eContent), by pkijs. */
export function readTstInfo(token: Buffer): TstInfo {
  const ci = new pkijs.ContentInfo({ schema: parse(token) });
  if (ci.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new Error('time-stamp token is not a CMS SignedData');
  const { eContentType, eContent } = new pkijs.SignedData({ schema: ci.content }).encapContentInfo;
  if (eContentType !== OID.tstInfo || !eContent) throw new Error('time-stamp token does not hold a TSTInfo');
  const tst = pkijs.TSTInfo.fromBER(eContent.getValue());
  return {
    policy: tst.policy,
    imprint: Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView),
    serial: hex(tst.serialNumber.valueBlock.valueHexView),
    genTime: tst.genTime,
    nonce: tst.nonce ? hex(tst.nonce.valueBlock.valueHexView) : undefined,
  };
}

/** Unwrap a TimeStampResp, refusing anything but a granted token for our digest and nonce. */
export function parseTimestampResponse(respDer: Buffer, digest: Buffer, requestDer?: Buffer): Buffer {
  const asn = parse(respDer);
  const resp = new pkijs.TimeStampResp({ schema: asn });
  const status = resp.status.status;
  if (status > 1 || !resp.timeStampToken) throw new Error(`time-stamp refused (PKIStatus ${status})`);
  // the token exactly as the authority encoded it (its signature covers those bytes)
  const token = Buffer.from(asn.valueBlock.value[1].valueBeforeDecodeView);
  const info = readTstInfo(token);
  if (!info.imprint.equals(digest)) throw new Error('time-stamp is for a different digest');
  if (requestDer) {
    const nonce = new pkijs.TimeStampReq({ schema: parse(requestDer) }).nonce;
    if (nonce && hex(nonce.valueBlock.valueHexView) !== info.nonce) throw new Error('time-stamp nonce mismatch');
  }
  return token;
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
export function httpTimestamper(
  url: string,
  o: { headers?: Record<string, string>; timeoutMs?: number } = {},
): TimestampFn {
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
