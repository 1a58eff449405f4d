// @ts-check
import tseslint from 'typescript-eslint';

const rxjsInternals = { group: ['rxjs/internal/*'], message: 'Never import rxjs internals.' };
// The dev server is a separate package (packages/dev-server): nothing in livekit-rx may import it
// or its dependencies (scripts/check-package.mjs checks the built packages and an install too).
const devServerOnly = [
  'werift',
  'ws',
  '@livekit/protocol',
  'livekit-server-sdk',
  'livekit-rx-dev-server',
].map((name) => ({
  name,
  message: 'Only packages/dev-server/ may import the dev server and its dependencies.',
}));
const devServerPatterns = {
  group: ['**/packages/dev-server', '**/packages/dev-server/**'],
  message: 'livekit-rx must not load the dev server (a separate package).',
};
const ffiOnlyInNative = {
  name: '@livekit/rtc-ffi-bindings',
  message: 'Only src/native/ may import the FFI bindings (DESIGN.md).',
};

export default tseslint.config(
  { ignores: ['**/dist/**', 'coverage/**', 'out/**', '**/node_modules/**', 'build/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': ['error', { patterns: [rxjsInternals] }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/native/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [ffiOnlyInNative, ...devServerOnly],
          patterns: [rxjsInternals, devServerPatterns],
        },
      ],
    },
  },
  {
    // The dev server imports nothing of livekit-rx or rtc-node: it is a server, not a client.
    files: ['packages/dev-server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ffiOnlyInNative,
            { name: '@livekit/rtc-node', message: 'The dev server is not a LiveKit client.' },
            { name: 'rxjs', message: 'The dev server does not depend on rxjs.' },
          ],
          patterns: [
            rxjsInternals,
            { group: ['livekit-rx', 'livekit-rx/*', '**/src/*'], message: 'A separate package.' },
          ],
        },
      ],
    },
  },
  {
    // frames/ is pure PCM math: no rtc-node runtime and nothing else of the project.
    files: ['src/frames/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ffiOnlyInNative,
            { name: '@livekit/rtc-node', allowTypeImports: true, message: 'frames/ is pure.' },
            { name: 'rxjs', message: 'frames/ is pure PCM math.' },
          ],
          patterns: [
            rxjsInternals,
            { group: ['../*'], message: 'frames/ imports nothing of the project.' },
          ],
        },
      ],
    },
  },
);
