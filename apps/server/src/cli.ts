export {};
// `netsign <command>`: each command lives in cli/<command>.ts and exports `run(args)`; a command
// that resolves to a number sets the exit code (serve resolves to nothing and runs until stopped).
type Command = { run: (args: string[]) => Promise<unknown> };
const commands: Record<string, () => Promise<Command>> = {
  serve: () => import('./cli/serve'),
  demo: () => import('./cli/demo'),
  audit: () => import('./cli/audit'),
  verify: () => import('./cli/verify'),
  'verify-archive': () => import('./cli/verify-archive'),
  'face-match': () => import('./cli/face-match'),
  keys: () => import('./cli/keys'),
  admin: () => import('./cli/admin'),
  blobs: () => import('./cli/blobs'),
  data: () => import('./cli/data'),
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
