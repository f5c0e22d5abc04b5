/**
 * Checks that hostile text cannot run script in the app's pages (checklist 18). Install the
 * probe on a context BEFORE opening pages: it records every `securitypolicyviolation` the page
 * reports. Hostile payloads try to set `window.__pwned`; a page is safe when the flag stays unset.
 * The probe runs as a Playwright init script (DevTools protocol), which the page's CSP does not
 * govern, so it observes the CSP without weakening it.
 */
import type { BrowserContext, Page } from 'playwright-core';

/** Answer texts to type into forms; each would set window.__pwned if it ever executed. */
export const HOSTILE_ANSWERS: readonly string[] = [
  '<script>window.__pwned = "script-tag"</script>',
  '"><img src=x onerror="window.__pwned = \'img-onerror\'">',
  "'><svg onload=\"window.__pwned = 'svg-onload'\">",
  '{{constructor.constructor "window.__pwned = \'template\'"}}',
  'javascript:window.__pwned = "link"',
];

export interface CspViolation {
  directive: string;
  blockedURI: string;
  sample: string;
}

export interface ProbeReading {
  /** The value a hostile payload wrote, or null when nothing ran. */
  pwned: unknown;
  violations: CspViolation[];
}

export async function installCspProbe(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations: unknown[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__cspViolations.push({ directive: e.effectiveDirective, blockedURI: e.blockedURI, sample: e.sample });
    });
  });
}

export function readCspProbe(page: Page): Promise<ProbeReading> {
  return page.evaluate(() => {
    const w = window as unknown as { __pwned?: unknown; __cspViolations?: CspViolation[] };
    return { pwned: w.__pwned ?? null, violations: w.__cspViolations ?? [] };
  });
}

/**
 * Does what an XSS bug would do: puts an inline <script> and an <img onerror> into the live page.
 * Resolves once the browser has reported both CSP violations (or after `timeoutMs`).
 */
export async function injectHostileMarkup(page: Page, timeoutMs = 2000): Promise<ProbeReading> {
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__pwned = "inline-script"';
    document.body.appendChild(script);
    const holder = document.createElement('div');
    holder.innerHTML = '<img src="/__tidak-ada__.png" alt="" onerror="window.__pwned = \'img-onerror\'">';
    document.body.appendChild(holder);
  });
  await page.waitForFunction(
    () => ((window as unknown as { __cspViolations?: unknown[] }).__cspViolations ?? []).length >= 2,
    undefined,
    { timeout: timeoutMs },
  ).catch(() => undefined); // the reading below says what happened
  return readCspProbe(page);
}

/** The sources a CSP allows for scripts (script-src, else default-src); [] when it sets neither. */
export function scriptSources(cspHeader: string | null | undefined): string[] {
  const directives = (cspHeader ?? '').split(';').map((d) => d.trim().split(/\s+/));
  const pick = directives.find((d) => d[0] === 'script-src') ?? directives.find((d) => d[0] === 'default-src');
  return pick ? pick.slice(1) : [];
}

export interface ContextTrap {
  /** Values any script assigned to window.__pwned, on any page of the context. */
  pwned: string[];
  /** CSP violations any page of the context reported. */
  violations: (CspViolation & { page: string })[];
}

/**
 * For a whole journey: reports to the test, from every page the context opens, any assignment to
 * window.__pwned (so a payload that ran on an earlier page is not lost on navigation) and every
 * CSP violation. Bindings and init scripts go through DevTools, outside the page's CSP.
 */
export async function trapContext(context: BrowserContext): Promise<ContextTrap> {
  const trap: ContextTrap = { pwned: [], violations: [] };
  await context.exposeBinding('__monevReportPwned', ({ page }, value: string) => { trap.pwned.push(`${value} on ${page.url()}`); });
  await context.exposeBinding('__monevReportCsp', ({ page }, v: CspViolation) => { trap.violations.push({ ...v, page: page.url() }); });
  await context.addInitScript(() => {
    const w = window as unknown as { __monevReportPwned(v: string): void; __monevReportCsp(v: unknown): void };
    Object.defineProperty(window, '__pwned', { configurable: false, get: () => undefined, set: (v: unknown) => w.__monevReportPwned(String(v)) });
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__monevReportCsp({ directive: e.effectiveDirective, blockedURI: e.blockedURI, sample: e.sample });
    });
  });
  return trap;
}
