// @ts-check
import tseslint from 'typescript-eslint';

const rxjsInternals = { group: ['rxjs/internal/*'], message: 'Never import rxjs internals.' };
// The dev server is a separate import graph: nothing the main entry points reach may import it
// or its dependencies (scripts/check-package.mjs checks the built package too).
const devServerOnly = ['werift', 'ws', '@livekit/protocol', 'livekit-server-sdk'].map((name) => ({
  name,
  message: 'Only src/dev-server/ may import the dev server dependencies (docs/dev-server.md).',
}));
const devServerPatterns = {
  group: ['**/dev-server', '**/dev-server/**'],
  message: 'Only src/cli.ts imports the dev server: livekit-rx must not load it.',
};
const ffiOnlyInNative = {
  name: '@livekit/rtc-ffi-bindings',
  message: 'Only src/native/ may import the FFI bindings (DESIGN.md).',
};

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'out/**', 'node_modules/**'] },
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
    ignores: ['src/native/**', 'src/dev-server/**', 'src/cli.ts'],
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
    files: ['src/dev-server/**/*.ts', 'src/cli.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [ffiOnlyInNative], patterns: [rxjsInternals] }],
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
