/**
 * Debian's chromium as the browser tests and `npm run bench` drive it (playwright-core; installed
 * by scripts/ensure-chromium.sh, never by `npx playwright install`).
 * Flags: no GPU, no sandbox (CI runs as root in a container), and nothing that reaches the network
 * on its own (QUIC, background networking, component updates, sync). The fresh user-data-dir
 * comes from Playwright itself: a non-persistent launch always creates a new temporary profile and
 * refuses an explicit --user-data-dir argument.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage', // containers often have a tiny /dev/shm
];
