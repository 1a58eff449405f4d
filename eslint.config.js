// @ts-check
import tseslint from 'typescript-eslint';

const rxjsInternals = { group: ['rxjs/internal/*'], message: 'Never import rxjs internals.' };
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
    ignores: ['src/native/**'],
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
