/** The public home page: what Monev is, and the way in. */
import type { Express } from 'express';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';

export function homeRoutes(app: Express): void {
  endpoint(app, 'get', '/', 'public', (_req, res) => {
    res.render('home', { title: t('home.title') });
  });
}
