/**
 * Transferred page weight: a page plus the stylesheets, scripts and images it links from its own
 * origin, fetched with `Accept-Encoding: gzip` the way a phone browser would, counting the bytes
 * on the wire (status line, headers and compressed body).
 */
import http from 'node:http';
import zlib from 'node:zlib';

export interface Transfer {
  url: string;
  status: number;
  wireBytes: number;
  /** Decoded body size. */
  bodyBytes: number;
  body: Buffer;
}

export function fetchRaw(url: string, encoding: 'gzip' | 'identity', headers: Record<string, string> = {}): Promise<Transfer> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'Accept-Encoding': encoding, Accept: '*/*', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const headerBytes = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length
          + res.rawHeaders.reduce((sum, h) => sum + h.length + 2, 0) + 2; // "name: " and "value\r\n", then the blank line
        const enc = res.headers['content-encoding'];
        const body = enc === 'gzip' ? zlib.gunzipSync(raw) : enc === 'br' ? zlib.brotliDecompressSync(raw) : raw;
        resolve({ url, status: res.statusCode ?? 0, wireBytes: headerBytes + raw.length, bodyBytes: body.length, body });
      });
    }).on('error', reject);
  });
}

/** Same-origin URLs of stylesheets, scripts, icons and images referenced by an HTML page. */
export function linkedAssets(html: string, pageUrl: string): string[] {
  const origin = new URL(pageUrl).origin;
  const found = new Set<string>();
  const tag = /<(link|script|img)\b[^>]*>/gi;
  for (const [element] of html.matchAll(tag)) {
    const isLink = /^<link/i.test(element);
    if (isLink && !/rel=["']?(stylesheet|icon|preload|modulepreload|manifest)/i.test(element)) continue;
    const ref = /\b(?:href|src)=["']([^"']+)["']/i.exec(element)?.[1];
    if (!ref) continue;
    const url = new URL(ref.replace(/&amp;/g, '&'), pageUrl);
    if (url.origin === origin) found.add(url.href);
  }
  return [...found];
}

export interface PageWeight {
  gzipBytes: number;
  identityBytes: number;
  files: { url: string; gzipBytes: number; identityBytes: number; status: number }[];
}

export async function pageWeight(pageUrl: string, headers: Record<string, string> = {}): Promise<PageWeight> {
  const page = await fetchRaw(pageUrl, 'gzip', headers);
  if (page.status !== 200) throw new Error(`${pageUrl} answered ${page.status}`);
  const urls = [pageUrl, ...linkedAssets(page.body.toString('utf8'), pageUrl)];
  const files = await Promise.all(urls.map(async (url) => {
    const [gz, plain] = await Promise.all([fetchRaw(url, 'gzip', headers), fetchRaw(url, 'identity', headers)]);
    return { url, status: gz.status, gzipBytes: gz.wireBytes, identityBytes: plain.wireBytes };
  }));
  const failed = files.filter((f) => f.status !== 200);
  if (failed.length) throw new Error(`linked files failed: ${failed.map((f) => `${f.url} ${f.status}`).join(', ')}`);
  return {
    gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0),
    identityBytes: files.reduce((s, f) => s + f.identityBytes, 0),
    files,
  };
}
