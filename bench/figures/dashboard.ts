/**
 * Leadership dashboard aggregation and the XLSX export, each over 35,000 responses seeded into an
 * empty database, against a baseline in the same run (the same documents read with a plain
 * find().toArray()). Not measurable until the dashboard and export exist.
 */
import { unavailable, type Figure } from '../report';

export const dashboard: Figure = {
  id: 'dashboard',
  async run() {
    const reason = 'no dashboard or export yet';
    return [
      unavailable('dashboard aggregation, 35,000 responses', 'ms', null, reason),
      unavailable('XLSX export, 35,000 responses', 'ms', null, reason),
    ];
  },
};
