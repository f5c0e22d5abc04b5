import express from 'express';
import request from 'supertest';
import { errorHandler, notFound } from '../../server/http/errors';
import { createLogger } from '../../server/http/logging';
import { Problem } from '../../server/domain/problems';
import { testApp } from '../helpers/app';

const app = testApp();

describe('home page', () => {
  it('says what Monev is, in Indonesian, and links to login', async () => {
    const res = await request(app).get('/').expect(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('<html lang="id">');
    expect(res.text).toContain('Lembaga Kesejahteraan Sosial');
    expect(res.text).toMatch(/href="\/login"/);
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
  });
});

describe('security headers', () => {
  it('sends a CSP without inline script and no X-Powered-By', async () => {
    const res = await request(app).get('/');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a safe upstream request id and replaces an unsafe one', async () => {
    expect((await request(app).get('/healthz').set('X-Request-Id', 'lb-12345678')).headers['x-request-id']).toBe('lb-12345678');
    expect((await request(app).get('/healthz').set('X-Request-Id', 'bad\tid')).headers['x-request-id']).not.toContain('bad');
  });
});

describe('health', () => {
  it('/healthz answers while the process lives', async () => {
    const res = await request(app).get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('/readyz is 200 when the database answers, 503 with a problem when not', async () => {
    await request(app).get('/readyz').expect(200, { status: 'ready' });
    const down = testApp(async () => false);
    const res = await request(down).get('/readyz').set('Accept', 'application/json').expect(503);
    expect(res.body).toMatchObject({ code: 503.1 });
    expect(res.headers['retry-after']).toBe('5');
    await request(testApp(async () => { throw new Error('boom'); })).get('/readyz').expect(503);
  });
});

describe('404 and the error catalogue', () => {
  it('answers 404.1 as JSON when JSON is wanted', async () => {
    const res = await request(app).get('/tidak-ada').set('Accept', 'application/json').expect(404);
    expect(res.body).toEqual({ message: expect.any(String), code: 404.1 });
  });

  it('answers 404.1 as an HTML page for browsers', async () => {
    const res = await request(app).get('/tidak-ada').set('Accept', 'text/html').expect(404);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('404.1');
    expect(res.text).toContain('tidak ditemukan');
  });

  it('never renders a layout named by the client (checklist 19)', async () => {
    await request(app).get('/?layout=../../etc/passwd').expect(200);
    await request(app).get('/x?layout=../../etc/passwd').set('Accept', 'text/html').expect(404);
  });

  it('maps malformed, oversized and too deep bodies (checklist 5)', async () => {
    const bad = await request(app).post('/x').set('Content-Type', 'application/json').set('Accept', 'application/json').send('{"a":');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe(400.2);
    const big = await request(app).post('/x').set('Content-Type', 'application/json').set('Accept', 'application/json')
      .send(JSON.stringify({ a: 'x'.repeat(2 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.body.code).toBe(413.1);
    const deep = await request(app).post('/x').set('Content-Type', 'application/json').set('Accept', 'application/json')
      .send('['.repeat(5000) + ']'.repeat(5000));
    expect(deep.status).toBe(400);
    expect(deep.body.code).toBe(400.3);
    await request(app).get('/healthz').expect(200);
  });

  it('hides internal errors: no stack trace, no message, no query text', async () => {
    const inner = express();
    inner.set('views', require('../../server/paths').VIEWS_DIR);
    inner.get('/boom', () => { throw new Error('E11000 db.users find { password: "x" } at Object.<anonymous> (/srv/app.js:1:1)'); });
    inner.get('/conflict', () => { throw new Problem(409.3, { version: 4 }); });
    inner.use(notFound);
    inner.use(errorHandler(createLogger('silent')));
    const res = await request(inner).get('/boom').set('Accept', 'application/json').expect(500);
    expect(res.body).toEqual({ message: expect.any(String), code: 500.1 });
    expect(JSON.stringify(res.body)).not.toMatch(/E11000|password|app\.js|at Object/);
    const conflict = await request(inner).get('/conflict').set('Accept', 'application/json').expect(409);
    expect(conflict.body).toEqual({ message: expect.any(String), code: 409.3, details: { version: 4 } });
  });

  it('renders internal errors as HTML without details', async () => {
    const res = await request(app).post('/x').set('Content-Type', 'application/json').set('Accept', 'text/html').send('{');
    expect(res.status).toBe(400);
    expect(res.text).toContain('400.2');
    expect(res.text).not.toMatch(/SyntaxError|Unexpected token|at \S+:\d+:\d+/);
  });
});

describe('static assets', () => {
  it('serves the stylesheet with cache headers; versioned URLs are immutable', async () => {
    const home = await request(app).get('/');
    const href = /href="(\/assets\/app\.css\?v=[0-9a-f]{12})"/.exec(home.text)?.[1];
    expect(href).toBeDefined();
    const css = await request(app).get(href!).expect(200);
    expect(css.headers['cache-control']).toContain('immutable');
    const plain = await request(app).get('/assets/app.css').expect(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('serves chart.js itself (no CDN)', async () => {
    const res = await request(app).get('/assets/vendor/chart.umd.min.js').expect(200);
    expect(res.text.length).toBeGreaterThan(100000);
  });

  it('compresses text responses', async () => {
    const res = await request(app).get('/assets/app.css').set('Accept-Encoding', 'gzip');
    expect(res.headers['content-encoding']).toBe('gzip');
  });
});
