/**
 * The LKS form page as an operator's phone gets it: server render time (warm) and transferred
 * weight with its CSS/JS (target ≤ 60 KB gzip, measured with bench/page-weight.ts like the home
 * page). Not measurable until the form pages and login exist.
 */
import { unavailable, type Figure } from '../report';

export const formPage: Figure = {
  id: 'form-page',
  async run() {
    const reason = 'no form pages yet';
    return [
      unavailable('LKS form page response time (warm, p50)', 'ms', null, reason),
      unavailable('LKS form page weight (gzip, incl. CSS/JS)', 'KB', '≤ 60 KB', reason),
    ];
  },
};
