/**
 * One temporary folder per `npm test` run. Every data folder, journal, browser profile and child
 * process of the run lives under it (os.tmpdir() reads TMPDIR, and workers and their children
 * inherit it), and the teardown removes it, so a run leaves nothing in /tmp, including the
 * folders of servers a fault test killed.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');

async function setup() {
  // Lower case: a unix socket path under it reaches the driver, which lower-cases host names.
  const dir = path.join(os.tmpdir(), `monev-test-${crypto.randomBytes(6).toString('hex')}`);
  fs.mkdirSync(dir, { mode: 0o700 });
  process.env.MONEV_TEST_TMP = dir;
  process.env.TMPDIR = dir;
}

async function teardown() {
  const dir = process.env.MONEV_TEST_TMP;
  if (!dir || !path.basename(dir).startsWith('monev-test-')) return;
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  } catch (e) {
    process.stderr.write(`monev: could not remove the test run's temporary folder ${dir}: ${e.message}\n`);
  }
}

module.exports = { setup, teardown };
