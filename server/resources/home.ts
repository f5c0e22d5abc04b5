/** The public home page: what Monev is, and the way in. */
import { Router } from 'express';
import { t } from '../i18n';

export function homeRoutes(): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.render('home', { title: t('home.title') });
  });
  return router;
}
