/**
 * The organisation register pages. Admin: `/admin/lembaga` list, create, view/edit, (de)activate,
 * operator accounts, import (register-import.ts). Everyone with 'register.view' (evaluators,
 * pimpinan, operators): `/lembaga` read-only, limited to their scope by the query layer.
 * Validation is the pure `buildOrganisation`; pages re-render with 422 and an error summary.
 */
import type { Express, Request, Response } from 'express';
import { kabkotaByCode, kabkotaLabel, kecamatanByCode } from '../data/regions';
import { Problem } from '../domain/problems';
import { buildOrganisation, type FieldIssue } from '../domain/register/build';
import { flattenOrganisation } from '../domain/register/flatten';
import type { OrganisationRecord } from '../domain/register/record';
import { JENIS_ORGANISASI, labelOf } from '../domain/register/vocabularies';
import { audit } from '../http/audit';
import { flash } from '../http/current-user';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import {
  type OrganisationDoc, createOrganisation, findOrganisation, listOrganisations, readListQuery, recordOf, setOrganisationActive, updateOrganisation,
} from '../model/query/organisations';
import { operatorsOf } from '../model/query/users';
import { registerImportRoutes } from './register-import';
import {
  KABKOTA_CHOICES, type FormValues, detailGroups, errorSummary, flatFromValues, formGroups, valuesFromBody, valuesFromRecord,
} from './register-form';

const wantsJson = (req: Request): boolean => req.accepts(['html', 'json']) === 'json';

function rowView(doc: OrganisationDoc, base: string) {
  const kab = kabkotaByCode(doc.location.kabkotaCode);
  return {
    href: `${base}/${String(doc._id)}`,
    nama: doc.identity.nama,
    jenis: labelOf(JENIS_ORGANISASI, doc.identity.jenisOrganisasi),
    kabkota: kab ? kabkotaLabel(kab) : doc.location.kabkotaCode,
    kecamatan: kecamatanByCode(doc.location.kecamatanCode)?.nama ?? doc.location.kecamatanCode,
    active: doc.active !== false,
    demo: doc.demo === true,
  };
}

/** The list page (admin and read-only share it; `base` decides where rows link). */
async function renderList(req: Request, res: Response, base: string, manage: boolean): Promise<void> {
  const query = readListQuery(req.query as Record<string, unknown>);
  const { rows, total, page, pages } = await listOrganisations(req, query);
  if (wantsJson(req)) {
    res.json({ total, page, pages, rows: rows.map((r) => ({ id: String(r._id), ...recordOf(r) })) });
    return;
  }
  const params = (p: number) => new URLSearchParams({
    ...(query.kabkota ? { kabkota: query.kabkota } : {}), ...(query.jenis ? { jenis: query.jenis } : {}),
    ...(query.active !== undefined ? { aktif: query.active ? '1' : '0' } : {}), ...(query.q ? { q: query.q } : {}), hal: String(p),
  }).toString();
  res.render('admin/lembaga-list', {
    styles: ['admin.css'],
    title: t('admin.org.listTitle'), manage, base, total, page, pages, q: query.q ?? '',
    rows: rows.map((r) => rowView(r, base)),
    demo: rows.some((r) => r.demo === true),
    kabkotaChoices: KABKOTA_CHOICES.map((c) => ({ ...c, selected: c.value === query.kabkota })),
    jenisChoices: JENIS_ORGANISASI.map((j) => ({ value: j.code, label: j.label, selected: j.code === query.jenis })),
    activeChoices: [
      { value: '1', label: t('admin.org.active'), selected: query.active === true },
      { value: '0', label: t('admin.org.inactive'), selected: query.active === false },
    ],
    prev: page > 1 ? `${base}?${params(page - 1)}` : null,
    next: page < pages ? `${base}?${params(page + 1)}` : null,
  });
}

function renderForm(res: Response, status: number, locals: { doc?: OrganisationDoc; values: FormValues; issues?: FieldIssue[]; operators?: unknown[] }): void {
  const { doc, values, issues = [] } = locals;
  res.status(status).render('admin/lembaga-form', {
    styles: ['admin.css'],
    title: doc ? doc.identity.nama : t('admin.org.newTitle'),
    action: doc ? `/admin/lembaga/${String(doc._id)}` : '/admin/lembaga',
    id: doc ? String(doc._id) : undefined,
    active: doc ? doc.active !== false : true,
    demo: doc?.demo === true,
    groups: formGroups(values, issues),
    errors: errorSummary(issues),
    operators: locals.operators ?? [],
  });
}

async function operatorRows(orgId: string) {
  return (await operatorsOf(orgId)).map((u) => ({ href: `/admin/pengguna/${String(u._id)}`, username: u.username, name: u.name, disabled: u.disabled === true }));
}

/** Fields whose shown value changed (for the audit entry). */
function changedFields(before: OrganisationRecord, after: OrganisationRecord): Record<string, [unknown, unknown]> {
  const a = flattenOrganisation(before) as Record<string, unknown>;
  const b = flattenOrganisation(after) as Record<string, unknown>;
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (key !== 'statusAktif' && a[key] !== b[key]) changes[key] = [a[key] ?? null, b[key] ?? null];
  }
  return changes;
}

export function registerRoutes(app: Express): void {
  endpoint(app, 'get', '/admin/lembaga', 'register.manage', (req, res) => renderList(req, res, '/admin/lembaga', true));

  endpoint(app, 'get', '/admin/lembaga/baru', 'register.manage', (_req, res) => renderForm(res, 200, { values: {} }));

  endpoint(app, 'post', '/admin/lembaga', 'register.manage', async (req, res) => {
    const values = valuesFromBody(req.body);
    const built = buildOrganisation(flatFromValues(values), { now: new Date() });
    if (!built.ok) {
      if (wantsJson(req)) throw new Problem(422.1, { fields: built.issues });
      return renderForm(res, 422, { values, issues: built.issues });
    }
    const id = await createOrganisation(built.record);
    await audit(req, { action: 'register.create', targetType: 'organisation', targetId: id, organisationId: id, details: { nama: built.record.identity.nama } });
    if (wantsJson(req)) return void res.status(201).json({ id });
    flash(req, 'ok', t('admin.org.created', { nama: built.record.identity.nama }));
    res.redirect(303, `/admin/lembaga/${id}`);
  });

  registerImportRoutes(app); // before '/admin/lembaga/:id', so "impor" is not taken for an id

  endpoint(app, 'get', '/admin/lembaga/:id', 'register.manage', async (req, res) => {
    const doc = await findOrganisation(req, req.params.id);
    if (wantsJson(req)) return void res.json({ id: String(doc._id), ...recordOf(doc) });
    renderForm(res, 200, { doc, values: valuesFromRecord(recordOf(doc)), operators: await operatorRows(String(doc._id)) });
  });

  endpoint(app, 'post', '/admin/lembaga/:id', 'register.manage', async (req, res) => {
    const doc = await findOrganisation(req, req.params.id);
    const values = valuesFromBody(req.body);
    const built = buildOrganisation(flatFromValues(values), { now: new Date() });
    if (!built.ok) {
      if (wantsJson(req)) throw new Problem(422.1, { fields: built.issues });
      return renderForm(res, 422, { doc, values, issues: built.issues, operators: await operatorRows(String(doc._id)) });
    }
    await updateOrganisation(req, doc._id.toHexString(), built.record);
    const id = String(doc._id);
    await audit(req, { action: 'register.update', targetType: 'organisation', targetId: id, organisationId: id, details: { changed: changedFields(recordOf(doc), built.record) } });
    if (wantsJson(req)) return void res.json({ id });
    flash(req, 'ok', t('admin.org.saved'));
    res.redirect(303, `/admin/lembaga/${id}`);
  });

  for (const [path, active] of [['nonaktifkan', false], ['aktifkan', true]] as const) {
    endpoint(app, 'post', `/admin/lembaga/:id/${path}`, 'register.manage', async (req, res) => {
      const { doc, changed } = await setOrganisationActive(req, req.params.id, active);
      const id = String(doc._id);
      if (changed) await audit(req, { action: active ? 'register.activate' : 'register.deactivate', targetType: 'organisation', targetId: id, organisationId: id });
      if (wantsJson(req)) return void res.json({ id, active });
      flash(req, 'ok', t(active ? 'admin.org.activated' : 'admin.org.deactivated', { nama: doc.identity.nama }));
      res.redirect(303, `/admin/lembaga/${id}`);
    });
  }

  // Read-only register for every role that may view it; rows limited to the user's scope.
  endpoint(app, 'get', '/lembaga', 'register.view', (req, res) => renderList(req, res, '/lembaga', false));

  endpoint(app, 'get', '/lembaga-saya', 'register.view', (req, res) => {
    const own = req.user?.role === 'operator' ? req.user.organisationIds ?? [] : [];
    res.redirect(303, own.length === 1 ? `/lembaga/${own[0]}` : '/lembaga');
  });

  endpoint(app, 'get', '/lembaga/:id', 'register.view', async (req, res) => {
    const doc = await findOrganisation(req, req.params.id);
    const record = recordOf(doc);
    if (wantsJson(req)) return void res.json({ id: String(doc._id), ...record });
    res.render('admin/lembaga-detail', {
      styles: ['admin.css'],
      title: record.identity.nama, active: record.active, demo: doc.demo === true, groups: detailGroups(record),
      editHref: req.user?.role === 'admin' ? `/admin/lembaga/${String(doc._id)}` : null,
    });
  });
}
