import { randomUUID } from 'node:crypto';
import { DomainError, type RuleViolation } from '@netsign/domain';
import { parseUscc } from '@netsign/domain/identity/uscc';
import type { TCreateOrganisationRequest } from '@netsign/api';
import type { Actor, AppContext, Executor } from '../../platform/app-context';
import { actorId } from '../../platform/app-context';
import { organisations } from './tables';
import { appendAudit } from '../audit/append-audit';
import { dataKeysOf, sealPersonal } from '../../platform/personal-data';

/** Checks what each kind of organisation must have, each at its field. */
export function organisationViolations(o: TCreateOrganisationRequest): RuleViolation[] {
  const v: RuleViolation[] = [];
  if (o.kind === 'seller') {
    const r = parseUscc(o.uscc ?? '', { field: 'uscc' });
    if (!r.ok) v.push(...r.violations);
    if (!o.legalRepName) v.push({ field: 'legalRepName', code: 'REQUIRED', message: '房地产开发企业须填写法定代表人' });
    if (!o.address) v.push({ field: 'address', code: 'REQUIRED', message: '房地产开发企业须填写地址' });
  }
  if (o.kind === 'notary') {
    if (!o.city) v.push({ field: 'city', code: 'REQUIRED', message: '公证处须填写执业所在城市' });
    if (!o.certificatePrefix)
      v.push({ field: 'certificatePrefix', code: 'REQUIRED', message: '公证处须填写公证书字号，如「粤中山证字」' });
  }
  if (o.kind === 'center' && !o.city)
    v.push({ field: 'city', code: 'REQUIRED', message: '交易中心须填写所管辖的城市' });
  return v;
}

export async function createOrganisation(
  ctx: AppContext,
  actor: Actor,
  input: TCreateOrganisationRequest,
  tx?: Executor,
) {
  const v = organisationViolations(input);
  if (v.length) throw new DomainError('VALIDATION_FAILED', v.map((x) => x.message).join('；'), 400, v);
  const id = randomUUID();
  const run = async (t: Executor) => {
    await t.insert(organisations).values({
      id,
      ...input,
      uscc: input.uscc?.toUpperCase(),
      legalRepIdNumber: sealPersonal(dataKeysOf(ctx), { legalRepIdNumber: input.legalRepIdNumber }).legalRepIdNumber,
    });
    await appendAudit(
      t,
      {
        actor: actorId(actor),
        action: 'organisation.created',
        entity: 'organisation',
        entityId: id,
        data: { kind: input.kind, name: input.name },
      },
      ctx.clock.now(),
    );
  };
  if (tx) await run(tx);
  else await ctx.db.transaction(run);
  return { id };
}
