// A small PKI for tests and the bench: a root CA, a notary office, a seller, a TSA and the CA's
// OCSP responder, with a revocation source that answers from a list the test controls (the way
// the server answers for its own CA in-process). CRL times can be set to test coverage.
import {
  createRootCa,
  issueOcspResponderCertificate,
  issueOrganisationCertificate,
  type Credential,
} from '../pki/keys.ts';
import {
  createOcspRequest,
  issueCrl,
  ocspRespond,
  parsePem as parseCert,
  serialOf,
  type RevokedEntry,
} from '../pki/revocation.ts';
import { createTimestampAuthority, localTimestamper, type TimestampFn } from '../pki/tsa.ts';
import type { RevocationSource } from '../pki/ltv.ts';

const pemDer = (pem: string) => Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64');

export interface PkiWorld {
  ca: Credential;
  notary: Credential;
  seller: Credential;
  tsa: Credential;
  stamp: TimestampFn;
  responder: Credential;
  /** certificates revoked so far: CRLs and OCSP answers list them */
  revoked: RevokedEntry[];
  /** what the source answers with: both (default), only a CRL, only OCSP */
  answer: { crl: boolean; ocsp: boolean; crlTimes?: { thisUpdate: Date; nextUpdate: Date } };
  revocation: RevocationSource;
  /** a TSA with its own certificate (e.g. one that expires soon) */
  tsaWith(o: { years?: number; name?: string }): Promise<{ credential: Credential; stamp: TimestampFn }>;
  revoke(c: Credential, at: Date, reason?: RevokedEntry['reason']): void;
}

export async function pkiWorld(): Promise<PkiWorld> {
  const ca = await createRootCa({ name: 'netsign 测试根证书' });
  const [notary, seller, tsa, responder] = await Promise.all([
    issueOrganisationCertificate(ca, { name: '广东省中山市公证处', kind: 'notary' }),
    issueOrganisationCertificate(ca, {
      name: '中山市翠湖置业发展有限公司',
      kind: 'seller',
      uscc: '91442000MA4UXXXX1K',
    }),
    issueOrganisationCertificate(ca, { name: 'netsign 测试', kind: 'tsa' }),
    issueOcspResponderCertificate(ca),
  ]);
  let crlNumber = 0;
  const w: PkiWorld = {
    ca,
    notary,
    seller,
    tsa,
    responder,
    revoked: [],
    stamp: localTimestamper(createTimestampAuthority(tsa)),
    answer: { crl: true, ocsp: true },
    async revocation(cert, issuer) {
      const now = new Date();
      const t = w.answer.crlTimes ?? { thisUpdate: now, nextUpdate: new Date(now.getTime() + 2 * 86400_000) };
      const crls = w.answer.crl ? [await issueCrl(ca, w.revoked, { number: ++crlNumber, ...t })] : [];
      const ocsps = w.answer.ocsp
        ? [
            await ocspRespond(await createOcspRequest(cert, issuer), {
              cas: [{ ca, responder }],
              now,
              statusOf: async (_ca, serial) => {
                const r = w.revoked.find((e) => e.serial === serial);
                return r ? { status: 'revoked', revokedAt: r.revokedAt, reason: r.reason } : { status: 'good' };
              },
            }),
          ]
        : [];
      return { crls, ocsps, certs: ocsps.length ? [pemDer(responder.certPem)] : [] };
    },
    async tsaWith(o) {
      const credential = await issueOrganisationCertificate(ca, {
        name: o.name ?? 'netsign 测试 2',
        kind: 'tsa',
        years: o.years,
      });
      return { credential, stamp: localTimestamper(createTimestampAuthority(credential)) };
    },
    revoke(c, at, reason = 'keyCompromise') {
      w.revoked.push({
        serial: serialOf(parseCert(c.certPem)),
        revokedAt: new Date(Math.floor(at.getTime() / 1000) * 1000),
        reason,
      });
    },
  };
  return w;
}
