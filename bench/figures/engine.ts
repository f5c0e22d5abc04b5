/**
 * In-process figures for the questionnaire engine, warm: render the largest instrument's form to
 * HTML (server/render, target ≤ 2 ms p50) and validate + score one complete LKS response
 * (server/domain/forms, target ≤ 0.2 ms p50). Needs the bundled instruments in forms/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../processes';
import { unavailable, type Figure } from '../report';

export const engine: Figure = {
  id: 'engine',
  async run() {
    const instruments = fs.readdirSync(path.join(ROOT, 'forms')).filter((f) => f.endsWith('.json') && f !== 'meta-schema.json');
    const reason = instruments.length === 0 ? 'no instrument in forms/ yet' : 'engine entry points not wired into this figure yet';
    return [
      unavailable('render largest instrument (warm, p50)', 'ms', '≤ 2 ms', reason),
      unavailable('validate + score one complete LKS response (p50)', 'ms', '≤ 0.2 ms', reason),
    ];
  },
};
