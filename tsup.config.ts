import { defineConfig } from 'tsup';

// The dev server's dependencies stay external and are reached only from the dev-server and cli
// entries: importing 'livekit-rx' never loads them (scripts/check-package.mjs proves it).
const devServerDeps = ['werift', 'ws', '@livekit/protocol', 'livekit-server-sdk'];

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    operators: 'src/operators.ts',
    testing: 'src/testing/index.ts',
    'dev-server': 'src/dev-server/index.ts',
    cli: 'src/cli.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'node20',
  external: ['rxjs', '@livekit/rtc-node', '@livekit/rtc-ffi-bindings', ...devServerDeps],
});
