// Checks the built package as a user gets it: every entry point loads through the exports map
// in ESM and CJS, exposes the same names, and bundles neither rxjs nor rtc-node.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const entries = ['livekit-rx', 'livekit-rx/operators', 'livekit-rx/testing'];
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

const { rechunk } = await import('livekit-rx/operators');
if (typeof rechunk(10) !== 'function') fail('rechunk(10) is not an operator');
if (failed) process.exit(1);
console.log('check-package: ok');
