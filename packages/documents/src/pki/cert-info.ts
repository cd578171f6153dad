// The parts of an X.509 certificate the CMS code needs, read from its DER.
import { X509Certificate } from 'node:crypto';
import { children, content, raw, read, type Node } from './der.ts';

export interface CertInfo {
  der: Buffer;
  issuer: Buffer; // DER of the issuer Name
  subject: Buffer; // DER of the subject Name
  serial: Buffer; // DER of the serialNumber INTEGER
  x509: X509Certificate;
}

export function certInfo(derOrPem: Buffer | string): CertInfo {
  const x509 = new X509Certificate(derOrPem);
  const der = x509.raw;
  const tbs = children(read(der))[0];
  const f: Node[] = children(tbs);
  const o = f[0].tag === 0xa0 ? 1 : 0; // [0] version is optional
  return { der, serial: raw(f[o]), issuer: raw(f[o + 2]), subject: raw(f[o + 4]), x509 };
}

export const pemToDer = (pem: string): Buffer => new X509Certificate(pem).raw;

export const serialHex = (c: CertInfo): string => content(read(c.serial)).toString('hex');

/** Split a PEM bundle into its certificates. */
export function splitPem(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** "CN=…, O=…" from node's multi-line subject text. */
export const dnText = (s: string): string => s.split('\n').filter(Boolean).join(', ');
