/**
 * Jest for `npm run test:conformance`: the suites that check the product against third-party
 * corpora (MongoDB's unified-format driver tests, foreign form schemas) found in
 * MONEV_CONFORMANCE_DIR (default ../shared/conformance). A missing corpus stops the run before any
 * test (test/conformance/global-setup.ts); each file's pass rate is printed at the end.
 */
const main = require('./jest.config.js');

module.exports = {
  ...main,
  roots: ['<rootDir>/test/conformance'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/conformance/global-setup.ts',
  reporters: ['default', '<rootDir>/test/conformance/pass-rate-reporter.js'],
};
