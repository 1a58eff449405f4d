// Checks the built package as a user gets it: every entry point loads through the exports map
// in ESM and CJS, exposes the same names, and bundles neither rxjs nor rtc-node; importing the
// main entry points loads none of the dev server's dependencies.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const entries = [
  'livekit-rx',
  'livekit-rx/operators',
  'livekit-rx/testing',
  'livekit-rx/dev-server',
];
const devServerDeps = ['werift', 'ws', '@livekit/protocol', 'livekit-server-sdk'];
let failed = false;
const fail = (msg) => {
  console.error(`check-package: ${msg}`);
  failed = true;
};

for (const entry of entries) {
  const esm = Object.keys(await import(entry)).sort();
  const cjs = Object.keys(require(entry)).sort();
  if (esm.length === 0) fail(`${entry} exports nothing`);
  if (JSON.stringify(esm) !== JSON.stringify(cjs)) {
    fail(`${entry}: ESM exports ${esm.join(',')} but CJS exports ${cjs.join(',')}`);
  }
  console.log(`${entry}: ${esm.length} exports (ESM = CJS)`);
}

for (const file of readdirSync('dist').filter((f) => /\.(c?js)$/.test(f))) {
  const text = readFileSync(`dist/${file}`, 'utf8');
  if (/class Observable\b/.test(text)) fail(`dist/${file} bundles rxjs: it must stay external`);
  if (/class AudioResampler\b/.test(text)) fail(`dist/${file} bundles @livekit/rtc-node`);
}

// The dev server's dependencies load only through livekit-rx/dev-server. Each check runs in a
// fresh node process. ESM: a resolve hook makes those packages unresolvable, so an import that
// reached them would fail (the dev-server entry itself must fail under it: the control). CJS:
// nothing under their node_modules folders may be in require.cache.
const hook =
  'data:text/javascript,' +
  encodeURIComponent(
    `const banned = ${JSON.stringify(devServerDeps)};
export async function resolve(specifier, context, next) {
  if (banned.some((b) => specifier === b || specifier.startsWith(b + '/')))
    throw new Error('dev-server dependency loaded: ' + specifier);
  return next(specifier, context);
}`,
  );
const node = (code, type) =>
  execFileSync(process.execPath, [`--input-type=${type}`, '-e', code], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const mainEntries = ['livekit-rx', 'livekit-rx/operators', 'livekit-rx/testing'];
const esmWithoutDeps = (entry) =>
  `import { register } from 'node:module';
register(${JSON.stringify(hook)});
await import(${JSON.stringify(entry)});
console.log('loaded');`;
const cjsLoaded = (entry) =>
  node(
    `require(${JSON.stringify(entry)});
const loaded = Object.keys(require.cache).filter((f) =>
  ${JSON.stringify(devServerDeps)}.some((d) => f.includes('/node_modules/' + d + '/')));
console.log(JSON.stringify(loaded));`,
    'commonjs',
  ).trim();
for (const entry of mainEntries) {
  try {
    node(esmWithoutDeps(entry), 'module');
  } catch (err) {
    fail(`ESM import of ${entry} reaches a dev-server dependency: ${err.stderr ?? err}`);
  }
  const cached = cjsLoaded(entry);
  if (cached !== '[]') fail(`CJS require of ${entry} loads dev-server dependencies: ${cached}`);
}
let controlFailed = false;
try {
  node(esmWithoutDeps('livekit-rx/dev-server'), 'module');
} catch {
  controlFailed = true;
}
if (cjsLoaded('livekit-rx/dev-server') === '[]')
  fail('the CJS check saw no dependency of the dev server');
if (!controlFailed) fail('the resolve hook did not catch livekit-rx/dev-server: the check is void');
console.log(`${mainEntries.join(', ')}: load none of ${devServerDeps.join(', ')} (ESM and CJS)`);

const { startDevServer, DevServerError } = await import('livekit-rx/dev-server');
if (typeof startDevServer !== 'function')
  fail('livekit-rx/dev-server does not export startDevServer');
if (typeof require('livekit-rx/dev-server').startDevServer !== 'function') {
  fail('livekit-rx/dev-server (CJS) does not export startDevServer');
}
if (!(new DevServerError('x', { kind: 'options' }) instanceof Error)) fail('DevServerError');

const { rechunk } = await import('livekit-rx/operators');
if (typeof rechunk(10) !== 'function') fail('rechunk(10) is not an operator');
if (failed) process.exit(1);
console.log('check-package: ok');
