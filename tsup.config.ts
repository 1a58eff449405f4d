import { defineConfig } from 'tsup';

// livekit-rx's own entry points. The development server is a separate package in this
// workspace (packages/dev-server, published as livekit-rx-dev-server): nothing here imports it.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    operators: 'src/operators.ts',
    testing: 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'node20',
  external: ['rxjs', '@livekit/rtc-node', '@livekit/rtc-ffi-bindings'],
});
