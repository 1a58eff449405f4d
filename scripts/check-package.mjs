// Checks the built packages as a user gets them:
// 1. every livekit-rx entry point loads through the exports map in ESM and CJS and exposes the
//    same names; none bundles rxjs or rtc-node;
// 2. importing livekit-rx loads none of the dev server's dependencies (a resolve hook makes them
//    unresolvable; the dev server's own entry must fail under it: the control);
// 3. livekit-rx-dev-server loads in ESM and CJS and exports its API;
// 4. a consumer's install: `npm pack` each package and resolve a fresh project that installs the
//    tarball (`npm install --package-lock-only`, so nothing is downloaded but metadata). The
//    livekit-rx install must contain no server stack; the dev server's must (the control).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const entries = [
  'livekit-rx',
  'livekit-rx/operators',
  'livekit-rx/testing',
  'livekit-rx-dev-server',
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

for (const dir of ['dist', 'packages/dev-server/dist']) {
  for (const file of readdirSync(dir).filter((f) => /\.(c?js)$/.test(f))) {
    const text = readFileSync(`${dir}/${file}`, 'utf8');
    if (/class Observable\b/.test(text)) fail(`${dir}/${file} bundles rxjs: it must stay external`);
    if (/class AudioResampler\b/.test(text)) fail(`${dir}/${file} bundles @livekit/rtc-node`);
  }
}

// Each check runs in a fresh node process. ESM: a resolve hook makes the dev server's packages
// unresolvable, so an import that reached them would fail. CJS: nothing under their node_modules
// folders may be in require.cache.
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
const mainEntries = entries.filter((e) => e !== 'livekit-rx-dev-server');
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
  node(esmWithoutDeps('livekit-rx-dev-server'), 'module');
} catch {
  controlFailed = true;
}
if (cjsLoaded('livekit-rx-dev-server') === '[]')
  fail('the CJS check saw no dependency of the dev server');
if (!controlFailed) fail('the resolve hook did not catch livekit-rx-dev-server: the check is void');
console.log(`${mainEntries.join(', ')}: load none of ${devServerDeps.join(', ')} (ESM and CJS)`);

const { startDevServer, DevServerError } = await import('livekit-rx-dev-server');
if (typeof startDevServer !== 'function')
  fail('livekit-rx-dev-server does not export startDevServer');
if (typeof require('livekit-rx-dev-server').startDevServer !== 'function') {
  fail('livekit-rx-dev-server (CJS) does not export startDevServer');
}
if (!(new DevServerError('x', { kind: 'options' }) instanceof Error)) fail('DevServerError');

// setRtcLogLevel finds rtc-node's logger from the built bundles (it returns the old level).
const esmLevel = node(
  `const { setRtcLogLevel } = await import('livekit-rx'); console.log(setRtcLogLevel('warn'));`,
  'module',
).trim();
const cjsLevel = node(
  `console.log(require('livekit-rx').setRtcLogLevel('warn'))`,
  'commonjs',
).trim();
if (!['debug', 'info'].includes(esmLevel) || !['debug', 'info'].includes(cjsLevel))
  fail(`setRtcLogLevel did not find rtc-node's logger: ESM ${esmLevel}, CJS ${cjsLevel}`);

const { rechunk } = await import('livekit-rx/operators');
if (typeof rechunk(10) !== 'function') fail('rechunk(10) is not an operator');

// A consumer's install, resolved from the packed tarballs.
const scratch = mkdtempSync(join(tmpdir(), 'livekit-rx-install-'));
const npm = (args, cwd) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const pack = (dir) => {
  const [{ filename, files }] = JSON.parse(
    npm(['pack', '--json', '--pack-destination', scratch], dir),
  );
  return { tarball: join(scratch, filename), files: files.map((f) => f.path) };
};
const installed = (tarball, name, extra = {}) => {
  const project = join(scratch, name);
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: `${name}-consumer`, private: true, ...extra }),
  );
  npm(
    ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', tarball],
    project,
  );
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
  return Object.entries(lock.packages)
    .filter(([p]) => p.startsWith('node_modules/'))
    .map(([p, { version }]) => ({
      name: p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length),
      version,
    }));
};
try {
  const main = pack('.');
  const server = pack('packages/dev-server');
  if (main.files.some((f) => f.startsWith('packages/') || f.includes('dev-server/')))
    fail(
      `the livekit-rx tarball holds dev-server files: ${main.files.filter((f) => f.includes('dev-server'))}`,
    );
  const mainTree = installed(main.tarball, 'main');
  const mainPackages = mainTree.map((p) => p.name);
  const serverPackages = installed(server.tarball, 'server').map((p) => p.name);
  // The README's advice: the FFI bindings with the signalling fix, through overrides. Still one
  // copy, and the one asked for.
  const ffiVersions = (tree) =>
    tree.filter((p) => p.name === '@livekit/rtc-ffi-bindings').map((p) => p.version);
  const overridden = ffiVersions(
    installed(main.tarball, 'overridden', {
      overrides: { '@livekit/rtc-ffi-bindings': '0.12.75' },
    }),
  );
  if (JSON.stringify(overridden) !== '["0.12.75"]')
    fail(`with overrides, a consumer's install holds @livekit/rtc-ffi-bindings ${overridden}`);
  const stack = (packages) => devServerDeps.filter((d) => packages.includes(d));
  // One native runtime: rtc-node and livekit-rx's APM must share one copy of the FFI bindings.
  const ffiCopies = ffiVersions(mainTree);
  if (ffiCopies.length !== 1)
    fail(`a consumer's install holds @livekit/rtc-ffi-bindings ${ffiCopies.join(' and ')}`);
  if (stack(mainPackages).length > 0)
    fail(`installing livekit-rx brings the server stack: ${stack(mainPackages).join(', ')}`);
  if (stack(serverPackages).length !== devServerDeps.length)
    fail(
      `installing livekit-rx-dev-server lacks ${devServerDeps.filter((d) => !serverPackages.includes(d))}: the check is void`,
    );
  console.log(
    `a consumer's install: livekit-rx ${mainPackages.length} packages (none of the server stack, ` +
      `one @livekit/rtc-ffi-bindings: ${ffiCopies}, ${overridden} with overrides), ` +
      `livekit-rx-dev-server ${serverPackages.length} packages`,
  );
} catch (err) {
  fail(`resolving a consumer's install failed: ${err.stderr ?? err}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (failed) process.exit(1);
console.log('check-package: ok');
