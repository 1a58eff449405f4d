import { defineConfig } from 'tsup';

// Dependencies stay external: a user's install provides them (this package's `dependencies`).
export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'node20',
  external: ['werift', 'ws', '@livekit/protocol', 'livekit-server-sdk'],
});
