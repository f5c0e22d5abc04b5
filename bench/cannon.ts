/** Runs autocannon against a loopback URL and keeps the numbers the figures need. */
import autocannon from 'autocannon';

export interface CannonOptions {
  url: string;
  connections: number;
  durationSec: number;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  /** Per-connection requests (e.g. each request to a different, not yet used resource). */
  setupClient?: (client: autocannon.Client) => void;
}

export interface CannonResult {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  bytesPerResponse: number;
}

export function runCannon(options: CannonOptions): Promise<CannonResult> {
  return new Promise((resolve, reject) => {
    autocannon({
      url: options.url,
      connections: options.connections,
      duration: options.durationSec,
      method: options.method ?? 'GET',
      body: options.body,
      headers: options.headers,
      setupClient: options.setupClient,
      timeout: 10,
    }, (err, r) => {
      if (err) return reject(err);
      resolve({
        perSecond: r.requests.average,
        p50Ms: r.latency.p50,
        p99Ms: r.latency.p99,
        requests: r.requests.total,
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        bytesPerResponse: r.requests.total ? r.throughput.total / r.requests.total : 0,
      });
    });
  });
}

/** Problems that make a load figure meaningless (a server answering errors fast is not fast). */
export function loadProblems(r: CannonResult): string | null {
  const problems = [
    r.non2xx ? `${r.non2xx} non-2xx` : '',
    r.errors ? `${r.errors} errors` : '',
    r.timeouts ? `${r.timeouts} timeouts` : '',
  ].filter(Boolean);
  return problems.length ? problems.join(', ') : null;
}
