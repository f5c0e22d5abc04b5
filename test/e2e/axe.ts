/**
 * Accessibility check with axe-core, injected from node_modules (no CDN). The app's CSP forbids
 * scripts it did not serve, so axe runs in a separate context with `bypassCSP: true`; the contexts
 * that test the CSP itself never bypass it. Only serious and critical violations fail a test.
 */
import path from 'node:path';
import type { AxeResults, ImpactValue, Result } from 'axe-core';
import type { Browser, BrowserContextOptions } from 'playwright-core';

const AXE_PATH = path.join(path.dirname(require.resolve('axe-core/package.json')), 'axe.min.js');
const FAILING_IMPACTS: readonly ImpactValue[] = ['serious', 'critical'];

export interface AxeOptions {
  /** Phone or desktop (browser.ts PHONE / DESKTOP). */
  context: BrowserContextOptions;
  /** A signed-in user's cookies, from `await context.storageState()` of the journey's context. */
  storageState?: BrowserContextOptions['storageState'];
}

/** Opens `url` in a throw-away CSP-bypassing context, runs axe, returns every violation. */
export async function runAxe(browser: Browser, url: string, options: AxeOptions): Promise<Result[]> {
  const context = await browser.newContext({ ...options.context, storageState: options.storageState, bypassCSP: true });
  try {
    const page = await context.newPage();
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response || response.status() >= 400) throw new Error(`axe: ${url} answered ${response?.status()}`);
    await page.addScriptTag({ path: AXE_PATH });
    const results = await page.evaluate(() => {
      const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResults> } }).axe;
      return axe.run(document, { resultTypes: ['violations'] });
    });
    return results.violations;
  } finally {
    await context.close();
  }
}

/**
 * The serious and critical violations as readable lines (rule, impact, what to fix, where), so a
 * failing `expect(describeSerious(v)).toEqual([])` says exactly what is wrong on which element.
 */
export function describeSerious(violations: readonly Result[]): string[] {
  return violations
    .filter((v) => v.impact && FAILING_IMPACTS.includes(v.impact))
    .flatMap((v) => v.nodes.map((node) => {
      const fix = (node.failureSummary ?? '').replace(/\s+/g, ' ').trim();
      return `[${v.impact}] ${v.id}: ${v.help} — at ${node.target.join(' ')} — ${fix} (${v.helpUrl})`;
    }));
}

/** Moderate and minor findings, to print (not fail on) so they are seen and fixed over time. */
export function describeMinor(violations: readonly Result[]): string[] {
  return violations
    .filter((v) => !v.impact || !FAILING_IMPACTS.includes(v.impact))
    .map((v) => `[${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.nodes.length} element(s))`);
}
