/**
 * The baselines the Monev figures are compared with, in the same run: express with nothing else.
 *   GET  /        → "hello" (start-up and plain request cost)
 *   GET  /readyz  → 200 as soon as it listens (cold-start baseline)
 *   POST /echo    → the JSON body parsed and sent back (same body as a full LKS submission)
 * Prints "BARE_LISTENING port=N" once listening.
 */
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.get('/', (_req, res) => { res.type('text/plain').send('hello'); });
app.get('/readyz', (_req, res) => { res.json({ status: 'ready' }); });
app.post('/echo', express.json({ limit: '1mb' }), (req, res) => { res.json(req.body); });

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`BARE_LISTENING port=${port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
