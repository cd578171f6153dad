export {};
// `netsign <command>`: each command lives in cli/<command>.ts and exports `run(args)`.
const commands: Record<string, () => Promise<{ run: (args: string[]) => Promise<number | void> }>> = {
  serve: () => import('./cli/serve'),
  demo: () => import('./cli/demo'),
  audit: () => import('./cli/audit'),
  verify: () => import('./cli/verify'),
  'face-match': () => import('./cli/face-match'),
  keys: () => import('./cli/keys'),
  admin: () => import('./cli/admin'),
  blobs: () => import('./cli/blobs'),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? commands[name] : undefined;
if (!load) {
  console.error(`用法 usage: netsign <${Object.keys(commands).join('|')}> [options]`);
  process.exit(name ? 2 : 0);
}
const mod = await load();
const code = await mod.run(args);
if (typeof code === 'number') process.exitCode = code;
