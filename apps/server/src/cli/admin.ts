import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { buildServer } from '../app';
import { loadConfig } from '../platform/config';
import { organisations } from '../modules/accounts/tables';
import { createOrganisation } from '../modules/accounts/create-organisation';
import { createUser } from '../modules/accounts/create-user';

/** `netsign admin --username NAME --password PW`: the first administrator of a new installation. */
export async function run(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string', default: 'admin' },
      password: { type: 'string' },
      name: { type: 'string', default: '系统管理员' },
    },
  });
  if (!values.password) {
    console.error('用法 usage: netsign admin --username NAME --password PASSWORD (at least 10 characters)');
    return 2;
  }
  const server = await buildServer(loadConfig({ ...process.env, LOG_LEVEL: 'warn' }));
  try {
    const system = { kind: 'system' } as const;
    const [platform] = await server.ctx.db.select().from(organisations).where(eq(organisations.kind, 'platform'));
    const orgId =
      platform?.id ??
      (await createOrganisation(server.ctx, system, { kind: 'platform', name: '电子公证网签平台管理' })).id;
    await createUser(server.ctx, system, {
      orgId,
      username: values.username!,
      displayName: values.name!,
      password: values.password,
    });
    console.log(`已创建管理员 administrator created: ${values.username}`);
    return 0;
  } catch (e) {
    console.error(`创建失败 failed: ${(e as Error).message}`);
    return 1;
  } finally {
    await server.close();
  }
}
