// Checking an ASiC-E container with a CAdES signature, offline: the ZIP and its `mimetype`, the
// manifest's signature (intact, by a certificate that chains to a trusted root, fit to sign, not
// revoked by a CRL given), its signature time-stamp, and every file against the manifest — each
// changed, missing or added file named. What the signer must be (which office) is the caller's.
import { createHash } from 'node:crypto';
import {
  checkChain,
  checkSignedData,
  checkTimestampToken,
  nameText,
  parsePemCertificates,
  type TimestampCheck,
} from '../pki/cms-check.ts';
import { finding, type Finding } from '../pki/policy.ts';
import type { CertificateProfile } from '../pki/profile.ts';
import { checkRevocation, type RevocationCheck } from '../pki/revocation.ts';
import { DIGEST_METHODS, ManifestError, readManifest, type AsicManifest } from './asic-manifest.ts';
import { MANIFEST_PATH, readAsice, SIGNATURE_PATH } from './asice.ts';

export type FileStatus = 'intact' | 'changed' | 'missing' | 'added';
export interface FileCheck {
  path: string;
  status: FileStatus;
  size?: number;
  sha256?: string;
}

export interface AsiceSignatureCheck {
  intact: boolean; // the manifest's digest matches and the signature verifies
  trusted: boolean;
  chain: string[];
  signer: {
    commonName: string;
    subject: string;
    serialNumber: string;
    organisation?: string;
    organisationId?: string;
    role: CertificateProfile['role'];
  } | null;
  profile?: CertificateProfile;
  timestamp: TimestampCheck | null;
  revocation: RevocationCheck;
}

export interface AsiceReport {
  valid: boolean;
  files: FileCheck[];
  /** the container's files as read (data objects and META-INF), for checks of their content */
  contents: Map<string, Buffer>;
  manifest: AsicManifest | null;
  signature: AsiceSignatureCheck | null;
  problems: Finding[];
}

export interface VerifyAsiceOptions {
  trustedRoots: string[];
  now?: Date;
  /** CRLs (DER) to judge the signer's revocation by */
  crls?: Uint8Array[];
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export async function verifyAsice(zip: Uint8Array, o: VerifyAsiceOptions): Promise<AsiceReport> {
  const problems: Finding[] = [];
  const report = (extra: Partial<AsiceReport>): AsiceReport => ({
    valid: false,
    files: [],
    contents: new Map(),
    manifest: null,
    signature: null,
    problems,
    ...extra,
  });
  let container: ReturnType<typeof readAsice>;
  try {
    container = readAsice(zip);
  } catch (e) {
    problems.push(
      finding(
        'NOT_A_ZIP',
        `不是可读的 ZIP 容器：${(e as Error).message}`,
        `not a readable ZIP container: ${(e as Error).message}`,
      ),
    );
    return report({});
  }
  for (const p of container.problems) problems.push(finding(p.code, p.zh, p.en));
  const contents = container.files;

  const manifestBytes = contents.get(MANIFEST_PATH);
  let manifest: AsicManifest | null = null;
  if (!manifestBytes)
    problems.push(finding('MANIFEST_MISSING', `缺少清单 ${MANIFEST_PATH}`, `there is no ${MANIFEST_PATH}`));
  else {
    try {
      manifest = readManifest(manifestBytes);
    } catch (e) {
      if (!(e instanceof ManifestError)) throw e;
      problems.push(
        finding('MANIFEST_UNREADABLE', `清单无法读取：${e.message}`, `the manifest cannot be read: ${e.message}`),
      );
    }
  }
  if (manifest && manifest.signature.path !== SIGNATURE_PATH) {
    problems.push(
      finding(
        'SIGNATURE_REFERENCE',
        `清单指向的签名文件是 ${manifest.signature.path}，不是 ${SIGNATURE_PATH}`,
        `the manifest names ${manifest.signature.path} as its signature, not ${SIGNATURE_PATH}`,
      ),
    );
  }

  // the signature of the manifest
  const sigBytes = contents.get(SIGNATURE_PATH);
  let signature: AsiceSignatureCheck | null = null;
  if (!sigBytes)
    problems.push(finding('SIGNATURE_MISSING', `缺少签名 ${SIGNATURE_PATH}`, `there is no ${SIGNATURE_PATH}`));
  else if (manifestBytes) signature = await checkManifestSignature(sigBytes, manifestBytes, o, problems);

  // every file against the manifest
  const files: FileCheck[] = [];
  const listed = new Set<string>();
  for (const r of manifest?.references ?? []) {
    if (listed.has(r.path)) {
      problems.push(finding('MANIFEST_DUPLICATE', `清单两次列出 ${r.path}`, `the manifest lists ${r.path} twice`));
      continue;
    }
    listed.add(r.path);
    const data = contents.get(r.path);
    if (!data) {
      files.push({ path: r.path, status: 'missing' });
      problems.push(
        finding(
          'FILE_MISSING',
          `缺少文件：${r.path}（清单列出，容器中没有）`,
          `file missing: ${r.path} (listed in the manifest, not in the container)`,
        ),
      );
      continue;
    }
    const alg = DIGEST_METHODS[r.digestMethod];
    if (!alg) {
      files.push({ path: r.path, status: 'changed', size: data.length });
      problems.push(
        finding(
          'DIGEST_ALGORITHM',
          `${r.path} 的摘要算法 ${r.digestMethod} 不被接受`,
          `${r.path}: digest method ${r.digestMethod} is not accepted`,
        ),
      );
      continue;
    }
    const same = createHash(alg).update(data).digest().equals(r.digest);
    files.push({ path: r.path, status: same ? 'intact' : 'changed', size: data.length, sha256: sha256(data) });
    if (!same)
      problems.push(
        finding(
          'FILE_CHANGED',
          `文件被改动：${r.path}（与签名清单中的摘要不符）`,
          `file changed: ${r.path} (its digest differs from the signed manifest)`,
        ),
      );
  }
  for (const path of container.order) {
    if (path === 'mimetype' || path === MANIFEST_PATH || path === SIGNATURE_PATH || listed.has(path)) continue;
    if (files.some((f) => f.path === path && f.status === 'added')) continue;
    files.push({ path, status: 'added', size: contents.get(path)?.length });
    problems.push(
      finding('FILE_ADDED', `多出文件：${path}（签名清单中没有）`, `file added: ${path} (not in the signed manifest)`),
    );
  }
  return { valid: problems.length === 0, files, contents, manifest, signature, problems };
}

async function checkManifestSignature(
  sig: Buffer,
  manifest: Buffer,
  o: VerifyAsiceOptions,
  problems: Finding[],
): Promise<AsiceSignatureCheck | null> {
  const roots = parsePemCertificates(o.trustedRoots);
  const now = o.now ?? new Date();
  let cms: Awaited<ReturnType<typeof checkSignedData>>;
  try {
    cms = await checkSignedData(sig, [manifest]);
  } catch (e) {
    problems.push(
      finding(
        'SIGNATURE_UNREADABLE',
        `签名无法读取：${(e as Error).message}`,
        `the signature cannot be read: ${(e as Error).message}`,
      ),
    );
    return null;
  }
  if (cms.eContent)
    problems.push(
      finding('SIGNATURE_NOT_DETACHED', '签名不是分离式 CAdES 签名', 'the signature is not a detached CAdES signature'),
    );
  if (!cms.digestOk)
    problems.push(
      finding(
        'MANIFEST_CHANGED',
        '签名清单在签名后被改动（摘要不符）',
        'the manifest was changed after it was signed (its digest differs)',
      ),
    );
  else if (!cms.signatureOk)
    problems.push(
      finding(
        'SIGNATURE_INVALID',
        `清单签名无效：${cms.problems.join('；')}`,
        `the manifest's signature does not verify: ${cms.problems.join('; ')}`,
      ),
    );
  const timestamp = cms.timestampToken
    ? await checkTimestampToken(cms.timestampToken, cms.signatureValue, roots, now)
    : null;
  if (!timestamp)
    problems.push(finding('TIMESTAMP_MISSING', '清单签名没有时间戳', 'the manifest signature carries no time-stamp'));
  else if (!timestamp.trusted)
    problems.push(
      finding(
        'TIMESTAMP_INVALID',
        `清单签名的时间戳无效：${timestamp.problem ?? ''}`,
        `the manifest signature's time-stamp is not valid: ${timestamp.problem ?? ''}`,
      ),
    );
  const proven = timestamp?.trusted ? new Date(timestamp.time) : undefined;
  const s = cms.signer;
  const chain = s
    ? await checkChain(s, cms.certs, roots, proven ?? now)
    : { trusted: false, chain: [], problem: 'no signer certificate' };
  if (!chain.trusted)
    problems.push(
      finding(
        'UNTRUSTED',
        `清单签名人的证书不可信：${chain.problem ?? ''}`,
        `the manifest signer's certificate is not trusted: ${chain.problem ?? ''}`,
      ),
    );
  const p = cms.profile;
  if (p && !p.documentSigning.ok)
    problems.push(
      finding(
        'KEY_NOT_FOR_DOCUMENTS',
        `签名证书不能用于签署：${p.documentSigning.problem}`,
        `the certificate may not sign: ${p.documentSigning.problem}`,
      ),
    );
  const revocation: RevocationCheck = s
    ? await checkRevocation(s, [...cms.certs, ...roots], o.crls ?? [], proven)
    : { status: 'not-checked', note: 'no signer certificate' };
  if (revocation.status === 'revoked' && revocation.before) {
    problems.push(
      finding(
        'CERTIFICATE_REVOKED',
        `签名证书已于 ${revocation.revokedAt} 吊销（${revocation.reasonLabel}），且无更早的可信时间戳`,
        `the signer's certificate was revoked at ${revocation.revokedAt} (${revocation.reason}) and no trusted time-stamp proves the signature older`,
      ),
    );
  }
  return {
    intact: cms.digestOk && cms.signatureOk,
    trusted: chain.trusted,
    chain: chain.chain,
    timestamp,
    revocation,
    profile: p,
    signer:
      s && p
        ? {
            commonName: p.commonName,
            subject: nameText(s.subject),
            serialNumber: Buffer.from(s.serialNumber.valueBlock.valueHexView).toString('hex'),
            organisation: p.organisation,
            organisationId: p.organisationId,
            role: p.role,
          }
        : null,
  };
}
