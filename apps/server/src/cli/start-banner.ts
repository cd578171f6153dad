import type { NetworkInterfaceInfo } from 'node:os';
import type { TConfig } from '../platform/config';

export interface BannerAccount {
  username: string;
  password: string;
  role: string;
  org: string;
}

/** IPv4 addresses of this machine that another device on the same network can reach. */
export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string[] {
  const out: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const i of list ?? [])
      if (i.family === 'IPv4' && !i.internal && !i.address.startsWith('169.254.')) out.push(i.address);
  }
  return out;
}

const isLoopbackHost = (host: string) =>
  host === 'localhost' || host.startsWith('127.') || host === '::1' || host === '[::1]';

/**
 * What `netsign serve` prints once it listens. QR codes (the buyer's entry, the 公证书's check
 * link) carry PUBLIC_URL; left at http://localhost:PORT a phone cannot open them, so the banner
 * says which addresses a phone on the same network can use and how to set PUBLIC_URL.
 */
export function startBanner(opts: {
  config: Pick<TConfig, 'publicUrl' | 'PUBLIC_URL' | 'HOST' | 'PORT' | 'DEV_OUTBOX' | 'dataDir'>;
  database: 'pglite' | 'postgres';
  lan: string[];
  accounts?: readonly BannerAccount[];
}): string[] {
  const { config, lan } = opts;
  const url = config.publicUrl;
  const lines = [
    '',
    `netsign 商品房电子公证网签 — ${url}`,
    `  数据库 database: ${opts.database === 'pglite' ? `PGlite (${config.dataDir}/pglite)` : 'PostgreSQL'}`,
    `  API 文档: ${url}/api/docs    公证书核验: ${url}/verify`,
  ];
  const listensOnLoopback = isLoopbackHost(config.HOST);
  const phoneUrls = listensOnLoopback ? [] : lan.map((a) => `http://${a}:${config.PORT}`);
  if (phoneUrls.length) lines.push(`  同一网络中的手机可访问 phones on this network: ${phoneUrls.join('  ')}`);
  else if (listensOnLoopback) lines.push(`  ⚠ 只监听本机 ${config.HOST}：手机无法访问；要让手机访问请设 HOST=0.0.0.0`);
  const publicIsLocal = isLoopbackHost(new URL(url).hostname);
  if (!config.PUBLIC_URL || publicIsLocal) {
    const example = phoneUrls[0] ?? `http://<本机局域网地址>:${config.PORT}`;
    lines.push(
      `  ⚠ 二维码（买受人入口、公证书核验）指向 ${url}，手机打不开。请设 PUBLIC_URL 为手机能访问的地址后重启，例如：`,
    );
    lines.push(`      PUBLIC_URL=${example} npm start`);
  }
  if (config.DEV_OUTBOX) {
    lines.push(`  开发发件箱 dev outbox (短信验证码): ${url}/dev/outbox`);
    lines.push(
      `  ⚠ 演示模式已开启开发发件箱：能访问 ${config.HOST}:${config.PORT} 的任何人都能看到短信验证码；正式使用请勿加 --demo-data / --dev-outbox / DEV_OUTBOX`,
    );
  }
  if (opts.accounts) {
    lines.push('  演示账号 demo accounts:');
    for (const a of opts.accounts)
      lines.push(`    ${a.username.padEnd(8)} ${a.password.padEnd(16)} ${a.role} · ${a.org}`);
  }
  return lines;
}
