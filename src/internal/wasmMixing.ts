/**
 * Test seam: `enabled = false` makes `createPcmMixer` use the plain TypeScript mixer, so tests
 * check both backends. Production code never changes it.
 * @internal
 */
export const wasmMixing = { enabled: true };
