// PAdES document time-stamps (ETSI EN 319 142-1 5.4.3; ISO 32000-2 12.8.5): an RFC 3161 token
// over the document's byte range, in an invisible signature field whose dictionary is /Type
// /DocTimeStamp, /SubFilter /ETSI.RFC3161. After a DSS it makes the signatures B-LTA; a later one
// (before the previous TSA certificate expires) renews the evidence.
import { createHash } from 'node:crypto';
import type * as pkijs from 'pkijs';
import * as pk from 'pkijs';
import { addSignaturePlaceholder } from './placeholder.ts';
import { embedCms, fillByteRange } from './sign.ts';
import { checkSignedData, checkTimestampToken, nameText } from './cms-check.ts';
import { contentsBytes, derPrefix, findSignatureDicts, rangeEnd, type FoundSignature } from './sig-dicts.ts';
import type { TimestampFn } from './tsa.ts';

/** Bytes reserved for the token: the TSA certificate and its chain travel in it. */
const TOKEN_ROOM = 12 * 1024;

export async function addDocumentTimestamp(
  pdf: Buffer,
  timestamp: TimestampFn,
  o: { room?: number } = {},
): Promise<Buffer> {
  const p = fillByteRange(
    addSignaturePlaceholder(pdf, { reason: '', name: '', signatureLength: o.room ?? TOKEN_ROOM, docTimeStamp: true }),
  );
  const digest = createHash('sha256').update(p.content[0]).update(p.content[1]).digest();
  return embedCms(p, await timestamp(digest));
}

export interface DocTimestampReport {
  index: number; // 1-based, in file order
  time: string | null; // genTime
  authority: string;
  /** the token is over these bytes, signed by a time-stamping certificate that chains to a trusted root at its time */
  trusted: boolean;
  problem?: string;
  tsa?: { subject: string; serialNumber: string; notAfter: string };
  byteRange: [number, number, number, number];
  coversWholeFile: boolean;
}

/** What the level judge needs besides the report: the token, its certificates, where it ends. */
export interface DocTimestampMaterial {
  end: number;
  contents: Buffer;
  tsa?: pkijs.Certificate;
  certs: pkijs.Certificate[];
  genTime?: Date;
  ok: boolean;
}

export async function checkDocumentTimestamp(
  pdf: Buffer,
  f: FoundSignature,
  index: number,
  roots: pkijs.Certificate[],
  now: Date,
): Promise<[DocTimestampReport, DocTimestampMaterial]> {
  const br = f.br ?? [0, 0, 0, 0];
  const end = rangeEnd(br);
  const base = { index, byteRange: br, coversWholeFile: end === pdf.length };
  const contents = f.br ? contentsBytes(pdf, br) : undefined;
  const broken = (problem: string): [DocTimestampReport, DocTimestampMaterial] => [
    { ...base, time: null, authority: 'unknown', trusted: false, problem },
    { end, contents: contents ?? Buffer.alloc(0), certs: [], ok: false },
  ];
  if (!f.br || !contents || br[0] !== 0 || end > pdf.length)
    return broken('the byte range does not cover the file except the time-stamp token');
  let token: Buffer;
  try {
    token = derPrefix(contents);
  } catch (e) {
    return broken(`unreadable token: ${(e as Error).message}`);
  }
  const [a, b, c, d] = br;
  const check = await checkTimestampToken(token, [pdf.subarray(a, a + b), pdf.subarray(c, c + d)], roots, now);
  const cms = await checkSignedData(token).catch(() => undefined);
  const tsa = cms?.signer;
  return [
    {
      ...base,
      time: check.time || null,
      authority: check.authority,
      trusted: check.trusted,
      problem: check.problem,
      tsa: tsa
        ? {
            subject: nameText(tsa.subject),
            serialNumber: Buffer.from(tsa.serialNumber.valueBlock.valueHexView).toString('hex'),
            notAfter: tsa.notAfter.value.toISOString(),
          }
        : undefined,
    },
    {
      end,
      contents,
      tsa,
      certs: cms?.certs ?? [],
      genTime: check.time ? new Date(check.time) : undefined,
      ok: check.trusted,
    },
  ];
}

/** The file's document time-stamps as written (not judged): when, and until when each TSA certificate is valid. */
export async function documentTimestampsOf(pdf: Buffer): Promise<{ genTime: Date; tsaNotAfter: Date; end: number }[]> {
  const out: { genTime: Date; tsaNotAfter: Date; end: number }[] = [];
  for (const f of findSignatureDicts(pdf)) {
    const contents = f.kind === 'doc-timestamp' && f.br ? contentsBytes(pdf, f.br) : undefined;
    if (!contents) continue;
    const cms = await checkSignedData(derPrefix(contents)).catch(() => undefined);
    if (!cms?.signer || !cms.eContent) continue;
    out.push({
      genTime: pk.TSTInfo.fromBER(new Uint8Array(cms.eContent).buffer).genTime,
      tsaNotAfter: cms.signer.notAfter.value,
      end: rangeEnd(f.br!),
    });
  }
  return out;
}
