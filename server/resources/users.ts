/**
 * User management (`/admin/pengguna`, policy 'user.manage'): list, create with a one-time
 * password, edit name and scope, password reset, disable/enable, and operator accounts made from
 * an organisation's page. One-time passwords are shown once in the response to the POST (never
 * stored in clear, never in a redirect), with `Cache-Control: no-store`. Every change is audited.
 */
import type { Express, Request, Response } from 'express';
import { ROLE_LABELS, type Role, isRole } from '../domain/access/roles';
import { Problem } from '../domain/problems';
import { audit } from '../http/audit';
import { flash } from '../http/current-user';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import { findOrganisation, organisationChoices, organisationNames } from '../model/query/organisations';
import { countAdmins, createAccount, findUser, listUsers, resetPassword, setDisabled, updateAccount } from '../model/query/users';
import type { UserDoc } from '../model/user';
import {
  type FormIssue, type UserForm, errorsByField, issueSummary, kabkotaChoices, organisationGroups, readUserForm, roleChoices, scopeLabel, userFormIssues,
} from './users-form';

const wantsJson = (req: Request): boolean => req.accepts(['html', 'json']) === 'json';

async function organisationExists(req: Request, id: string): Promise<boolean> {
  if (!/^[0-9a-f]{24}$/i.test(id)) return false;
  try {
    await findOrganisation(req, id);
    return true;
  } catch {
    return false;
  }
}

/** An evaluator's listed organisations must all be real organisation ids (issue 5). */
async function listedOrganisationsExist(ids: readonly string[]): Promise<boolean> {
  if (ids.some((id) => !/^[0-9a-f]{24}$/i.test(id))) return false;
  return (await organisationNames(ids)).size === ids.length;
}

/** What to check and store for the form's role: operator = one organisation, evaluator = listed ones. */
async function checkForm(req: Request, form: UserForm, needsUsername: boolean): Promise<FormIssue[]> {
  return userFormIssues(form, {
    needsUsername,
    organisationExists: form.role === 'operator' && (await organisationExists(req, form.organisationId)),
    listedOrganisationsExist: form.role === 'evaluator' && (await listedOrganisationsExist(form.organisationIds)),
  });
}

function storedOrganisationIds(form: UserForm): string[] {
  if (form.role === 'operator') return form.organisationId ? [form.organisationId] : [];
  return form.role === 'evaluator' ? form.organisationIds : [];
}

async function renderForm(req: Request, res: Response, status: number, form: UserForm, issues: FormIssue[] = [], user?: UserDoc): Promise<void> {
  const choices = await organisationChoices(req);
  const showOrganisations = !user || form.role === 'evaluator';
  res.status(status).render('admin/pengguna-form', {
    styles: ['admin.css'],
    title: user ? user.name : t('admin.user.newTitle'),
    form, account: user && viewOf(user), errors: issueSummary(issues), fieldErrors: errorsByField(issues),
    roles: roleChoices(form.role), kabkota: kabkotaChoices(form.kabkota),
    organisations: choices.map((o) => ({ ...o, selected: o.id === form.organisationId })),
    organisationGroups: showOrganisations ? organisationGroups(choices, form.organisationIds) : [],
    self: user ? String(user._id) === req.user?.id : false,
    showOrganisation: !user || form.role === 'operator',
    showOrganisations,
    showKabkota: !user || form.role === 'evaluator' || form.role === 'pimpinan',
  });
}

function viewOf(user: UserDoc) {
  return {
    id: String(user._id), username: user.username, name: user.name, role: user.role, roleLabel: ROLE_LABELS[user.role as Role] ?? user.role,
    disabled: user.disabled === true, mustChangePassword: user.mustChangePassword === true, demo: user.demo === true,
  };
}

function formOf(user: UserDoc): UserForm {
  return {
    role: user.role as Role, name: user.name, username: user.username, email: user.email ?? '',
    organisationId: user.role === 'operator' ? (user.organisationIds ?? []).map(String)[0] ?? '' : '',
    kabkota: user.kabkota === 'all' ? 'all' : Array.isArray(user.kabkota) ? (user.kabkota as string[]) : [],
    organisationIds: user.role === 'evaluator' ? (user.organisationIds ?? []).map(String) : [],
  };
}

/** The one page that ever shows a password, answered directly to the POST. */
function showOneTimePassword(res: Response, status: number, locals: { username: string; password: string; id: string; back: string; reset: boolean }): void {
  res.setHeader('Cache-Control', 'no-store');
  if (wantsJson(res.req)) return void res.status(status).json({ id: locals.id, username: locals.username, password: locals.password });
  res.status(status).render('admin/sandi-sekali', { styles: ['admin.css'], title: t(locals.reset ? 'admin.user.resetTitle' : 'admin.user.createdTitle'), ...locals });
}

async function create(req: Request, res: Response, form: UserForm, back: (id: string) => string): Promise<void> {
  const issues = await checkForm(req, form, true);
  if (issues.length > 0) {
    if (wantsJson(req)) throw new Problem(422.1, { fields: issues });
    return renderForm(req, res, 422, form, issues);
  }
  const role = form.role as Role;
  let created: { id: string; password: string };
  try {
    created = await createAccount({
      username: form.username, name: form.name, role, email: form.email || undefined,
      organisationIds: storedOrganisationIds(form), kabkota: form.kabkota,
    });
  } catch (err) {
    if (!(err instanceof Problem) || err.code !== 409.6 || wantsJson(req)) throw err;
    return renderForm(req, res, 409, form, [{ field: 'username', message: t('admin.user.error.taken') }]);
  }
  await audit(req, {
    action: 'user.create', targetType: 'user', targetId: created.id, organisationId: role === 'operator' ? form.organisationId : null,
    details: { username: form.username, role, organisationIds: storedOrganisationIds(form), kabkota: role === 'evaluator' || role === 'pimpinan' ? form.kabkota : [] },
  });
  showOneTimePassword(res, 201, { username: form.username, password: created.password, id: created.id, back: back(created.id), reset: false });
}

export function userRoutes(app: Express): void {
  endpoint(app, 'get', '/admin/pengguna', 'user.manage', async (req, res) => {
    const role = typeof req.query.peran === 'string' && isRole(req.query.peran) ? req.query.peran : undefined;
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 64) : '';
    const pageText = typeof req.query.hal === 'string' && /^\d{1,5}$/.test(req.query.hal) ? Number(req.query.hal) : 1;
    const { rows, total, page, pages } = await listUsers({ role, q: q || undefined, page: Math.max(1, pageText) });
    const names = await organisationNames([...new Set(rows.flatMap((u) => (u.organisationIds ?? []).map(String)))]);
    if (wantsJson(req)) return void res.json({ total, page, pages, rows: rows.map(viewOf) });
    const params = (p: number) => new URLSearchParams({ ...(role ? { peran: role } : {}), ...(q ? { q } : {}), hal: String(p) }).toString();
    res.render('admin/pengguna-list', {
      styles: ['admin.css'],
      title: t('admin.user.listTitle'), total, page, pages, q, roles: roleChoices(role),
      rows: rows.map((u) => ({ ...viewOf(u), scope: scopeLabel(u.role, u.kabkota, (u.organisationIds ?? []).map((id) => names.get(String(id)) ?? '?')) })),
      prev: page > 1 ? `/admin/pengguna?${params(page - 1)}` : null,
      next: page < pages ? `/admin/pengguna?${params(page + 1)}` : null,
    });
  });

  endpoint(app, 'get', '/admin/pengguna/baru', 'user.manage', (req, res) =>
    renderForm(req, res, 200, { name: '', username: '', email: '', organisationId: '', kabkota: [], organisationIds: [] }));

  endpoint(app, 'post', '/admin/pengguna', 'user.manage', (req, res) => create(req, res, readUserForm(req.body), (id) => `/admin/pengguna/${id}`));

  // An operator account for one organisation, made from the organisation's page.
  endpoint(app, 'post', '/admin/lembaga/:id/operator', 'user.manage', async (req, res) => {
    const org = await findOrganisation(req, req.params.id);
    const form = { ...readUserForm(req.body), role: 'operator' as const, organisationId: String(org._id), kabkota: [], organisationIds: [] };
    const back = `/admin/lembaga/${String(org._id)}`;
    const issues = userFormIssues(form, { needsUsername: true, organisationExists: true });
    if (issues.length > 0 && !wantsJson(req)) {
      flash(req, 'error', issues.map((i) => i.message).join(' '));
      return res.redirect(303, back);
    }
    return create(req, res, form, () => back);
  });

  endpoint(app, 'get', '/admin/pengguna/:id', 'user.manage', async (req, res) => {
    const user = await findUser(req.params.id);
    if (wantsJson(req)) return void res.json(viewOf(user));
    return renderForm(req, res, 200, formOf(user), [], user);
  });

  endpoint(app, 'post', '/admin/pengguna/:id', 'user.manage', async (req, res) => {
    const user = await findUser(req.params.id);
    const posted = readUserForm(req.body);
    const form: UserForm = { ...formOf(user), name: posted.name, organisationId: posted.organisationId, kabkota: posted.kabkota, organisationIds: posted.organisationIds };
    const issues = await checkForm(req, form, false);
    if (issues.length > 0) {
      if (wantsJson(req)) throw new Problem(422.1, { fields: issues });
      return renderForm(req, res, 422, form, issues, user);
    }
    await updateAccount(user._id.toHexString(), { name: form.name, organisationIds: storedOrganisationIds(form), kabkota: form.kabkota });
    const before = formOf(user);
    await audit(req, {
      action: 'user.update', targetType: 'user', targetId: String(user._id),
      details: { name: [before.name, form.name], organisationIds: [storedOrganisationIds(before), storedOrganisationIds(form)], kabkota: [before.kabkota, form.kabkota] },
    });
    if (wantsJson(req)) return void res.json({ id: String(user._id) });
    flash(req, 'ok', t('admin.user.saved'));
    res.redirect(303, `/admin/pengguna/${String(user._id)}`);
  });

  endpoint(app, 'post', '/admin/pengguna/:id/sandi', 'user.manage', async (req, res) => {
    const { user, password } = await resetPassword(req.params.id);
    await audit(req, { action: 'user.reset_password', targetType: 'user', targetId: String(user._id), details: { username: user.username } });
    showOneTimePassword(res, 200, { username: user.username, password, id: String(user._id), back: `/admin/pengguna/${String(user._id)}`, reset: true });
  });

  for (const [path, disabled] of [['nonaktifkan', true], ['aktifkan', false]] as const) {
    endpoint(app, 'post', `/admin/pengguna/:id/${path}`, 'user.manage', async (req, res) => {
      const target = await findUser(req.params.id);
      if (disabled && String(target._id) === req.user?.id) throw new Problem(409.1, { reason: 'self' });
      if (disabled && target.role === 'admin' && !target.disabled && (await countAdmins({ enabledOnly: true })) <= 1) {
        throw new Problem(409.1, { reason: 'last_admin' });
      }
      const { user, changed } = await setDisabled(target._id.toHexString(), disabled);
      if (changed) await audit(req, { action: disabled ? 'user.disable' : 'user.enable', targetType: 'user', targetId: String(user._id), details: { username: user.username } });
      if (wantsJson(req)) return void res.json({ id: String(user._id), disabled });
      flash(req, 'ok', t(disabled ? 'admin.user.disabled' : 'admin.user.enabled', { username: user.username }));
      res.redirect(303, `/admin/pengguna/${String(user._id)}`);
    });
  }
}
