/**
 * HTTP clients for the fault tests that tell apart the ways a request can end when the server
 * stops under it: a complete response; refused or reset before any response byte (a clean
 * failure a client can retry); or a response cut off midway (never acceptable).
 */
import http from 'node:http';

export type Outcome = 'complete' | 'failed-before-response' | 'truncated';

export interface Tally {
  complete: number;
  failedBeforeResponse: number;
  truncated: number;
  statuses: Record<number, number>;
}

export function emptyTally(): Tally {
  return { complete: 0, failedBeforeResponse: 0, truncated: 0, statuses: {} };
}

interface Ended {
  outcome: Outcome;
  status?: number;
  body?: string;
}

/** Sends `request` and settles with how it ended; never rejects. */
function settle(request: http.ClientRequest): Promise<Ended> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (e: Ended) => { if (!done) { done = true; resolve(e); } };
    let responded = false;
    request.on('error', () => finish({ outcome: responded ? 'truncated' : 'failed-before-response' }));
    request.on('response', (res) => {
      responded = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('aborted', () => finish({ outcome: 'truncated', status: res.statusCode }));
      res.on('error', () => finish({ outcome: 'truncated', status: res.statusCode }));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const declared = res.headers['content-length'];
        // With Content-Length the parser already enforces it; chunked bodies end with their last chunk.
        const whole = res.complete && (declared === undefined || Number(declared) === body.length);
        finish({ outcome: whole ? 'complete' : 'truncated', status: res.statusCode, body: body.toString('utf8') });
      });
    });
  });
}

/**
 * A POST whose body is only half sent, so the request stays in flight on the server until
 * `finish()` sends the rest.
 */
export function heldRequest(baseUrl: string, path: string): { finish(): void; ended: Promise<Ended> } {
  const body = JSON.stringify({ catatan: 'permintaan yang masih berjalan saat server dihentikan' });
  const request = http.request(`${baseUrl}${path}`, {
    method: 'POST',
    agent: false,
    headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Accept: 'application/json', Connection: 'close' },
  });
  const ended = settle(request);
  request.write(body.slice(0, 10));
  return { finish: () => request.end(body.slice(10)), ended };
}

/**
 * `connections` keep-alive clients each sending GET `path` back to back until `stop()` is true or
 * the server refuses them; every ending is counted in the tally.
 */
export async function hammer(baseUrl: string, path: string, connections: number, stop: () => boolean): Promise<Tally> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const tally = emptyTally();
  const loop = async () => {
    while (!stop()) {
      const ended = await settle(http.request(`${baseUrl}${path}`, { agent, headers: { Accept: 'application/json' } }).end());
      if (ended.outcome === 'complete') tally.complete += 1;
      else if (ended.outcome === 'truncated') tally.truncated += 1;
      else tally.failedBeforeResponse += 1;
      if (ended.status !== undefined) tally.statuses[ended.status] = (tally.statuses[ended.status] ?? 0) + 1;
      if (ended.outcome === 'failed-before-response') break; // the server is going away
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  agent.destroy();
  return tally;
}
