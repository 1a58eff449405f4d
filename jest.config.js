/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/marble-tests', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.test.ts'],
  // rtc-node's logger at 'warn' in every test file (RTC_LOG_LEVEL overrides): docs/testing.md.
  setupFiles: ['<rootDir>/test/setup/quietRtcLog.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  moduleNameMapper: {
    '^livekit-rx$': '<rootDir>/src/index.ts',
    '^livekit-rx/operators$': '<rootDir>/src/operators.ts',
    '^livekit-rx/testing$': '<rootDir>/src/testing/index.ts',
    '^livekit-rx-dev-server$': '<rootDir>/packages/dev-server/src/index.ts',
  },
  // Integration tests start the native runtime; a file's runtime is disposed in its afterAll.
  testTimeout: 30000,
};
