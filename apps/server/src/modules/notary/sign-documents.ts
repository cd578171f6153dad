// 签署: the buyer signs the e-contract, their 公证申请表 and their 告知 with a key only their phone
// holds (docs/DOCUMENTS.md, "Buyer signing"). Three steps, every state in the application's
// `steps.signing` (several instances serve one buyer), prepared files in the blob store:
//   certificate — a PKCS#10 request in, a short-lived event certificate out;
//   prepare     — each document gets an empty signature appended; the phone gets the signed
//                 attributes to sign (and their digest to show);
//   complete    — the phone's signatures in; each is checked against the issued certificate, the
//                 CMS is embedded, and all documents are stored in one transaction, or none.
import { createHmac, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import { BUYER_SIGNED_KINDS, CASE_DOCUMENT_TITLES, type TCaseDocumentKind } from '@netsign/api';
import {
  checkCertificationRequest,
  completeExternalSignature,
  issueEventCertificate,
  signatureSpot,
  SigningError,
  toBeSigned,
  verifyPdf,
  type PreparedPdf,
  preparePdf,
} from '@netsign/documents';
import type { AppContext } from '../../platform/app-context';
import type { BuyerActor } from '../../http/auth';
import { caseDocuments } from './tables';
import { loadCase, loadOwnApplication, requireStatus, updateApplication, type ApplicationRow } from './case-access';
import { documentsFor } from './read-documents';
import { issuedDocuments } from '../documents/tables';
import { storeIssued } from '../documents/store-issued';
import { addArchiveEvidence } from '../documents/add-archive-timestamp';
import { masterKey, platformCa, revocationPointers, timestampSource, trustedRoots } from '../documents/keys';

const CERTIFICATE_MINUTES = 60; // the event certificate: long enough for one sitting
const REQUEST_MINUTES = 10; // a prepared signing request

type Signing = NonNullable<ApplicationRow['steps']['signing']>;
type PendingItem = NonNullable<Signing['pending']>['items'][number];

const signingOf = (app: ApplicationRow): Signing => app.steps.signing ?? {};
const asDomain = (e: unknown): never => {
  if (e instanceof SigningError)
    throw new DomainError(e.code, e.message, e.code === 'SIGNATURE_INVALID' ? 422 : 400, [
      { field: e.code === 'SIGNATURE_INVALID' ? 'signatures' : 'csr', code: e.code, message: e.message },
    ]);
  throw e;
};

async function buyerDocuments(ctx: AppContext, app: ApplicationRow) {
  return (await documentsFor(ctx.db, app)).filter((d) => (BUYER_SIGNED_KINDS as readonly string[]).includes(d.kind));
}

/** 1. A PKCS#10 request from the phone → an event certificate for this buyer and this case. */
export async function issueSigningCertificate(ctx: AppContext, actor: BuyerActor, id: string, csrB64: string) {
  const app = await loadOwnApplication(ctx.db, actor, id, false);
  requireStatus(app, '已阅读');
  const c = await loadCase(ctx.db, app.caseId, false);
  const buyer = c.snapshot.terms.buyers[app.buyerIndex];
  const docs = await buyerDocuments(ctx, app);
  const signed = signingOf(app).signed ?? {};
  if (docs.every((d) => signed[d.id])) throw new DomainError('ALREADY_SIGNED', '您已签署全部文件，无需再次签署', 409);
  const req = await checkCertificationRequest(Buffer.from(csrB64, 'base64'), buyer.name).catch(asDomain);
  // the ID number goes into the certificate only as a keyed hash (the key is the platform's)
  const idHash =
    'HMAC-SHA256:' +
    createHmac('sha256', masterKey(ctx)).update(`id-number:${buyer.idNumber}`).digest('hex').slice(0, 40);
  const form = docs.find((d) => d.kind === 'application_form');
  const [rec] = form
    ? await ctx.db
        .select({ reference: issuedDocuments.reference })
        .from(issuedDocuments)
        .where(eq(issuedDocuments.sha256, form.fileSha256))
    : [];
  const now = ctx.clock.now();
  const ca = await platformCa(ctx);
  const certificatePem = await issueEventCertificate(ca, req.spki, {
    name: buyer.name,
    idHash,
    verification: app.route === 'face' ? 'face' : 'document-video',
    validMinutes: CERTIFICATE_MINUTES,
    now,
    revocation: revocationPointers(ctx, ca.certPem),
    context: { reference: c.businessNo, caseNumber: rec?.reference ?? '', buyerIndex: app.buyerIndex },
  });
  const validUntil = new Date(now.getTime() + CERTIFICATE_MINUTES * 60_000).toISOString();
  await ctx.db.transaction(async (tx) => {
    const row = await loadOwnApplication(tx, actor, id);
    requireStatus(row, '已阅读');
    // a new certificate (a new key: the old one may be lost) voids any prepared request
    const next: Signing = {
      ...signingOf(row),
      certificatePem,
      validUntil,
      issuedAt: now.toISOString(),
      pending: undefined,
    };
    await updateApplication(ctx, tx, actor, row, {
      steps: { signing: next },
      action: 'application.signing-certificate',
      data: { keyType: req.keyType, validUntil },
    });
  });
  return { certificate: certificatePem, validUntil };
}

/** 2. Each unsigned document prepared for this buyer's signature; what the phone must sign. */
export async function prepareSigning(ctx: AppContext, actor: BuyerActor, id: string) {
  const app = await loadOwnApplication(ctx.db, actor, id, false);
  requireStatus(app, '已阅读');
  const s = signingOf(app);
  const now = ctx.clock.now();
  if (!s.certificatePem || !s.validUntil || new Date(s.validUntil) <= now)
    throw new DomainError('SIGNING_CERTIFICATE_REQUIRED', '请先在本机生成签名密钥并申请签名证书', 409);
  const c = await loadCase(ctx.db, app.caseId, false);
  const buyer = c.snapshot.terms.buyers[app.buyerIndex];
  const todo = (await buyerDocuments(ctx, app)).filter((d) => !s.signed?.[d.id]);
  if (!todo.length) throw new DomainError('ALREADY_SIGNED', '您已签署全部文件，无需再次签署', 409);
  // the drawn signature is the widget's appearance at this buyer's 买受人（签章） on the e-contract
  const drawn = app.steps.photos?.signature;
  const picture = drawn ? await ctx.blobs.getBuffer(drawn.sha256) : undefined;
  const png = picture?.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex')) ? picture : undefined;
  const items: PendingItem[] = [];
  const out = [];
  for (const d of todo) {
    const base = await ctx.blobs.getBuffer(d.fileSha256);
    const spot = d.kind === 'econtract' ? signatureSpot(base, app.buyerIndex) : undefined;
    const prepared = preparePdf(base, {
      reason: `买受人签署 ${d.title} ${c.businessNo}`,
      name: buyer.name,
      location: '中山市',
      widget: spot && { ...spot, png },
    });
    const tbs = toBeSigned(prepared, s.certificatePem);
    const { sha256: preparedSha256 } = await ctx.blobs.put(prepared.pdf);
    items.push({
      documentId: d.id,
      kind: d.kind,
      baseSha256: d.fileSha256,
      preparedSha256,
      byteRange: prepared.byteRange,
      signedAttributes: tbs.der.toString('base64'),
    });
    out.push({
      documentId: d.id,
      kind: d.kind,
      title: d.title,
      pages: d.pages,
      sha256: d.fileSha256,
      signedAttributes: tbs.der.toString('base64'),
      digest: tbs.digest,
    });
  }
  const pending = {
    requestId: randomUUID(),
    expiresAt: new Date(now.getTime() + REQUEST_MINUTES * 60_000).toISOString(),
    items,
  };
  await ctx.db.transaction(async (tx) => {
    const row = await loadOwnApplication(tx, actor, id);
    if (signingOf(row).certificatePem !== s.certificatePem)
      throw new DomainError('SIGNING_REQUEST_STALE', '签名证书已更换，请重新签署', 409);
    await updateApplication(ctx, tx, actor, row, {
      steps: { signing: { ...signingOf(row), pending } },
      action: 'application.signing-prepared',
      data: { documents: items.map((i) => i.kind) },
    });
  });
  return { requestId: pending.requestId, expiresAt: pending.expiresAt, certificate: s.certificatePem, documents: out };
}

/** 3. The phone's signatures: all verified and embedded, then stored together — or nothing changes. */
export async function completeSigning(
  ctx: AppContext,
  actor: BuyerActor,
  id: string,
  body: { requestId: string; signatures: { documentId: string; signature: string }[] },
) {
  const app = await loadOwnApplication(ctx.db, actor, id, false);
  requireStatus(app, '已阅读');
  const s = signingOf(app);
  const now = ctx.clock.now();
  const stale = () => new DomainError('SIGNING_REQUEST_STALE', '签署请求已失效或已使用，请重新签署', 409);
  if (!s.pending || s.pending.requestId !== body.requestId || new Date(s.pending.expiresAt) <= now || !s.certificatePem)
    throw stale();
  const byDoc = new Map(body.signatures.map((x) => [x.documentId, x.signature]));
  const missing = s.pending.items.filter((i) => !byDoc.has(i.documentId));
  if (missing.length || byDoc.size !== s.pending.items.length) {
    throw new DomainError(
      'SIGNATURES_INCOMPLETE',
      '须对本次请求中的每份文件各签一次',
      400,
      missing.map((i) => ({
        field: `signatures.${i.kind}`,
        code: 'SIGNATURE_REQUIRED',
        message: `缺少《${CASE_DOCUMENT_TITLES[i.kind as TCaseDocumentKind]}》的签名`,
      })),
    );
  }
  const chainPem = [(await platformCa(ctx)).certPem];
  const stamp = await timestampSource(ctx);
  const roots = await trustedRoots(ctx);
  const done: { item: PendingItem; pdf: Buffer; archiveUntil: Date | null }[] = [];
  for (const item of s.pending.items) {
    const pdf = await ctx.blobs.getBuffer(item.preparedSha256);
    const [, b, c0] = item.byteRange;
    const prepared: PreparedPdf = {
      pdf: Buffer.from(pdf),
      byteRange: item.byteRange,
      content: [pdf.subarray(0, b), pdf.subarray(c0)],
      room: (c0 - b - 2) / 2,
    };
    const tbs = toBeSigned(prepared, s.certificatePem);
    if (tbs.der.toString('base64') !== item.signedAttributes) throw stale();
    const signed = await completeExternalSignature(
      prepared,
      { certPem: s.certificatePem, chainPem },
      tbs,
      Buffer.from(byDoc.get(item.documentId)!, 'base64'),
      { timestamp: stamp },
    ).catch(asDomain);
    const check = await verifyPdf(signed, { trustedRoots: roots, now });
    if (!check.signaturesValid) throw new DomainError('SIGNATURE_INVALID', '签名未能通过核验，请重新签署', 422);
    // a document whose last signature this is (the 申请表, the 告知, the e-contract once every
    // buyer signed) becomes B-LTA before it is stored: DSS + document time-stamp (issue 13 item 2)
    const complete = !check.problems.some((p) => p.code === 'BUYER_SIGNATURE_MISSING');
    done.push(
      complete ? { item, ...(await addArchiveEvidence(ctx, signed)) } : { item, pdf: signed, archiveUntil: null },
    );
  }
  const c = await loadCase(ctx.db, app.caseId, false);
  const signedNow: NonNullable<Signing['signed']> = {};
  await ctx.db.transaction(async (tx) => {
    const row = await loadOwnApplication(tx, actor, id);
    const cur = signingOf(row);
    if (cur.pending?.requestId !== body.requestId) throw stale(); // replayed, or raced by another request
    Object.assign(signedNow, cur.signed ?? {});
    for (const { item, pdf, archiveUntil } of done) {
      if (signedNow[item.documentId]) throw new DomainError('ALREADY_SIGNED', '该文件您已签署', 409);
      // the e-contract is shared: if another buyer signed it since this request was prepared, start over
      const [doc] = await tx
        .select()
        .from(caseDocuments)
        .where(and(eq(caseDocuments.id, item.documentId), eq(caseDocuments.caseId, row.caseId)))
        .for('update');
      if (!doc || doc.fileSha256 !== item.baseSha256)
        throw new DomainError('SIGNING_REQUEST_STALE', '文件在您签署期间已被其他买受人签署更新，请重新签署', 409);
      const [base] = await tx
        .select({ reference: issuedDocuments.reference })
        .from(issuedDocuments)
        .where(eq(issuedDocuments.sha256, item.baseSha256));
      // signed_by is public through by-hash: the role, not the buyer's name
      const stored = await storeIssued(ctx, tx, pdf, {
        kind: item.kind,
        title: doc.title,
        reference: base?.reference ?? c.businessNo,
        signedBy: `买受人（第 ${row.buyerIndex + 1} 位）`,
        archiveUntil,
      });
      await tx.update(caseDocuments).set({ fileSha256: stored.sha256 }).where(eq(caseDocuments.id, doc.id));
      signedNow[item.documentId] = { kind: item.kind, sha256: stored.sha256, at: now.toISOString() };
    }
    await updateApplication(ctx, tx, actor, row, {
      steps: { signing: { ...cur, pending: undefined, signed: signedNow } },
      action: 'application.documents-signed',
      data: { documents: done.map((d) => ({ kind: d.item.kind, sha256: signedNow[d.item.documentId].sha256 })) },
    });
  });
  return {
    signed: done.map(({ item }) => ({
      documentId: item.documentId,
      kind: item.kind,
      sha256: signedNow[item.documentId].sha256,
    })),
  };
}
