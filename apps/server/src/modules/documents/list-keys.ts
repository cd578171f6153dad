import { X509Certificate } from 'node:crypto';
import type { AppContext } from '../../platform/app-context';
import { keyStore } from '../../platform/tables';
import { keyMetaOf, ZSigningKeyMeta } from '../../platform/key-store-meta';
import { organisations } from '../accounts/tables';

/** 管理: which signing keys the server holds and for whom (certificates only, never private keys). */
export async function listKeys(ctx: AppContext) {
  const orgs = new Map(
    (
      await ctx.db
        .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
        .from(organisations)
    ).map((o) => [o.id, o]),
  );
  const rows = await ctx.db
    .select({
      name: keyStore.name,
      certificatePem: keyStore.certificatePem,
      meta: keyStore.meta,
      createdAt: keyStore.createdAt,
    })
    .from(keyStore);
  return rows
    .filter((r) => r.certificatePem)
    .map((r) => {
      const c = new X509Certificate(r.certificatePem!);
      const org = r.name.startsWith('org:') ? orgs.get(r.name.slice(4).split('#')[0]) : undefined;
      const meta = keyMetaOf(ZSigningKeyMeta, r);
      return {
        name: r.name,
        organisation: org ? { id: org.id, name: org.name, kind: org.kind } : null,
        use: r.name.startsWith('platform-ca')
          ? '平台根证书'
          : r.name.startsWith('tsa')
            ? '时间戳服务'
            : r.name.startsWith('ocsp:')
              ? 'OCSP 响应'
              : '电子签章',
        subject: c.subject.replaceAll('\n', ', '),
        issuer: c.issuer.replaceAll('\n', ', '),
        serialNumber: c.serialNumber,
        validFrom: new Date(c.validFrom).toISOString(),
        validTo: new Date(c.validTo).toISOString(),
        fingerprint256: c.fingerprint256,
        imported: Boolean(meta.imported),
        createdAt: r.createdAt,
        // revoked: no new signature; retired: replaced by a newer key, kept to verify what it signed
        revoked: meta.revoked ?? null,
        retiredAt: meta.retiredAt ?? null,
        store: meta.store ?? 'database',
      };
    });
}
