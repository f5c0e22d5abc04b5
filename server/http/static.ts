/**
 * Static assets. URLs made by the `asset` helper carry a content hash (`?v=`), so those responses
 * may be cached for a year; a URL without the hash is cached briefly. chart.js is served from the
 * app itself (no CDN): /assets/vendor/chart.umd.min.js.
 */
import path from 'node:path';
import express, { Router } from 'express';

const CHART_JS_DIR = path.dirname(require.resolve('chart.js')) // dist/chart.cjs sits beside chart.umd.min.js;

export function staticAssets(assetsDir: string): Router {
  const router = Router();
  const options = {
    index: false,
    fallthrough: true,
    setHeaders: (res: express.Response) => {
      const versioned = typeof res.req.query.v === 'string';
      res.setHeader('Cache-Control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
      res.setHeader('X-Content-Type-Options', 'nosniff');
    },
  };
  router.use(express.static(assetsDir, options));
  router.get('/vendor/chart.umd.min.js', (_req, res, next) => {
    res.sendFile(path.join(CHART_JS_DIR, 'chart.umd.min.js'), { headers: { 'Cache-Control': 'public, max-age=86400' } }, (err) => err && next(err));
  });
  return router;
}
