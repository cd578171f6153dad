// The flags every test browser (the phone and the console) starts Chromium with.
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  // shared memory in /tmp, not /dev/shm: a container's small /dev/shm crashes the renderer
  // ("Target crashed", seen once in a full run)
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
