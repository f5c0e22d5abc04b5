/**
 * Jest for `npm test`: TypeScript through ts-jest in transpile-only mode (types are checked by
 * `npm run typecheck`). Everything here needs only the repository, its npm dependencies and
 * Debian's chromium; the suites that read third-party corpora (test/conformance) run separately
 * with `npm run test:conformance` (jest.conformance.config.js).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/conformance/'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 30000,
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/setup/global-setup.js',
  globalTeardown: '<rootDir>/test/setup/global-teardown.js',
};
