/**
 * Organisation register pages: create, validation errors, edit, (de)activate, list filters and
 * pagination, and the read-only scoped view for evaluators and operators.
 */
import { Organisation } from '../../../server/model/organisation';
import { type Agent, signedIn } from '../../helpers/session';
import { auditActions, insertOrg, orgForm } from './fixtures';
import { useTestApp } from '../../helpers/env';

const env = useTestApp({ clearEach: true });

let admin: Agent;

beforeEach(async () => {
  admin = (await signedIn(env.app, { username: 'admin1', role: 'admin' })).agent;
});

describe('create', () => {
  it('stores a valid organisation from the form and redirects to its page (303)', async () => {
    const res = await admin.post('/admin/lembaga').type('form').send({ ...orgForm(), _csrf: admin.csrf });
    expect(res.status).toBe(303);
    const id = /\/admin\/lembaga\/([0-9a-f]{24})$/.exec(res.headers.location)?.[1];
    expect(id).toBeDefined();
    const doc = await Organisation.findById(id).lean();
    expect(doc).toMatchObject({
      identity: { nama: 'LKSA Harapan Bunda', jenisOrganisasi: 'lks', jenisPelayanan: 'lksa_anak', sasaranPmks: ['anak_telantar', 'anak_balita_telantar'] },
      location: { kabkotaCode: '36.02', kecamatanCode: '36.02.14' },
      legal: { npwp: '012345678901000', tandaDaftar: { penerbit: 'dinsos_kabkota', berlakuSampai: '2026-03-01' } },
      contact: { telepon: '+6281234567890' },
      accreditation: { status: 'B', tanggal: '2022-05-10', berlakuSampai: '2025-05-10' },
      active: true,
    });
    const page = await admin.get(res.headers.location).set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('value="LKSA Harapan Bunda"');
    expect(page.text).toContain('Organisasi');
    expect((await auditActions('register.create'))).toHaveLength(1);
  });

  it('re-renders the form with 422, an error summary and field errors; nothing stored', async () => {
    const res = await admin.post('/admin/lembaga').type('form')
      .send({ ...orgForm({ nama: '', kecamatan: '36.01.12', npwp: '123', email: 'bukan-email' }), _csrf: admin.csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain('error-summary');
    expect(res.text).toContain('href="#f-nama"');
    expect(res.text).toContain('href="#f-kecamatan"');
    expect(res.text).toContain('href="#f-npwp"');
    expect(res.text).toContain('href="#f-email"');
    expect(res.text).toContain('aria-invalid="true"');
    // what the admin typed is kept
    expect(res.text).toContain('value="bukan-email"');
    expect(await Organisation.countDocuments()).toBe(0);
  });

  it('answers JSON clients with 422.1 and the field list', async () => {
    const res = await admin.post('/admin/lembaga').set('Accept', 'application/json').set('X-CSRF-Token', admin.csrf)
      .send({ ...orgForm({ jenisPelayanan: '' }), nama: { $gt: '' } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe(422.1);
    const fields = res.body.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['nama', 'jenisPelayanan']));
    expect(await Organisation.countDocuments()).toBe(0);
  });

  it('ignores fields that are not part of the register form (checklist 8)', async () => {
    const res = await admin.post('/admin/lembaga').set('Accept', 'application/json').set('X-CSRF-Token', admin.csrf)
      .send({ ...orgForm(), active: false, demo: true, _id: '0123456789abcdef01234567', statusAktif: 'Tidak aktif' });
    expect(res.status).toBe(201);
    const doc = await Organisation.findById(res.body.id).lean();
    expect(doc?.active).toBe(true);
    expect(doc?.demo).toBe(false);
    expect(String(doc?._id)).not.toBe('0123456789abcdef01234567');
  });
});

describe('edit and (de)activate', () => {
  it('updates the record, keeps the active flag, audits the changed fields', async () => {
    const created = await admin.post('/admin/lembaga').set('Accept', 'application/json').set('X-CSRF-Token', admin.csrf).send(orgForm());
    const id = created.body.id as string;
    const res = await admin.post(`/admin/lembaga/${id}`).type('form')
      .send({ ...orgForm({ nama: 'LKSA Harapan Bunda Baru', email: '' }), _csrf: admin.csrf });
    expect(res.status).toBe(303);
    const doc = await Organisation.findById(id).lean();
    expect(doc?.identity?.nama).toBe('LKSA Harapan Bunda Baru');
    expect(doc?.contact?.email).toBeUndefined();
    const [entry] = await auditActions('register.update');
    expect(entry.details).toMatchObject({ changed: { nama: ['LKSA Harapan Bunda', 'LKSA Harapan Bunda Baru'] } });
  });

  it('deactivates and activates with a POST each, audited once per change', async () => {
    const id = await insertOrg('LKS Satu', '36.02', '36.02.14');
    await admin.post(`/admin/lembaga/${id}/nonaktifkan`).type('form').send({ _csrf: admin.csrf }).expect(303);
    expect((await Organisation.findById(id).lean())?.active).toBe(false);
    await admin.post(`/admin/lembaga/${id}/nonaktifkan`).type('form').send({ _csrf: admin.csrf }).expect(303);
    expect(await auditActions('register.deactivate')).toHaveLength(1);
    const page = await admin.get(`/admin/lembaga/${id}`).set('Accept', 'text/html');
    expect(page.text).toContain('/aktifkan');
    await admin.post(`/admin/lembaga/${id}/aktifkan`).type('form').send({ _csrf: admin.csrf }).expect(303);
    expect((await Organisation.findById(id).lean())?.active).toBe(true);
    expect(await auditActions('register.activate')).toHaveLength(1);
  });

  it('answers 404 for unknown or malformed ids', async () => {
    await admin.get('/admin/lembaga/0123456789abcdef01234567').set('Accept', 'application/json').expect(404);
    const res = await admin.get('/admin/lembaga/bukan-id').set('Accept', 'application/json').expect(404);
    expect(res.body.code).toBe(404.1);
  });
});

describe('list', () => {
  beforeEach(async () => {
    await insertOrg('LKS Lebak Satu', '36.02', '36.02.14');
    await insertOrg('LKS Lebak Dua', '36.02', '36.02.01', { active: false });
    await insertOrg('Karang Taruna Serang', '36.73', '36.73.01', { identity: { nama: 'Karang Taruna Serang', jenisOrganisasi: 'karang_taruna' } });
    await insertOrg('LKS (Cilegon) [a+]', '36.72', '36.72.01');
  });

  const names = (res: { body: { rows: { identity: { nama: string } }[] } }) => res.body.rows.map((r) => r.identity.nama).sort();

  it('filters by kabupaten/kota, jenis, status and name', async () => {
    const get = (q: string) => admin.get(`/admin/lembaga?${q}`).set('Accept', 'application/json');
    expect(names(await get('kabkota=36.02'))).toEqual(['LKS Lebak Dua', 'LKS Lebak Satu']);
    expect(names(await get('jenis=karang_taruna'))).toEqual(['Karang Taruna Serang']);
    expect(names(await get('aktif=0'))).toEqual(['LKS Lebak Dua']);
    expect(names(await get('q=lebak%20s'))).toEqual(['LKS Lebak Satu']);
    expect(names(await get('kabkota=36.02&aktif=1'))).toEqual(['LKS Lebak Satu']);
  });

  it('treats the name search as literal text, and operator-shaped parameters as nothing (checklist 3)', async () => {
    const get = (q: string) => admin.get(`/admin/lembaga?${q}`).set('Accept', 'application/json');
    expect(names(await get(`q=${encodeURIComponent('(Cilegon) [a+]')}`))).toEqual(['LKS (Cilegon) [a+]']);
    expect(names(await get('q=.*'))).toEqual([]);
    const op = await get('kabkota[$ne]=x&aktif[$gt]=&jenis=%7B%22%24ne%22%3A1%7D');
    expect(op.status).toBe(200);
    expect(op.body.total).toBe(4);
  });

  it('pages 25 rows at a time and renders the HTML list with filters', async () => {
    await Organisation.insertMany(Array.from({ length: 30 }, (_, i) => ({
      identity: { nama: `LKS Nomor ${String(i).padStart(2, '0')}`, jenisOrganisasi: 'lks' },
      location: { alamat: 'x', kecamatanCode: '36.04.05', kabkotaCode: '36.04' },
    })));
    const first = await admin.get('/admin/lembaga?kabkota=36.04').set('Accept', 'application/json');
    expect(first.body).toMatchObject({ total: 30, page: 1, pages: 2 });
    expect(first.body.rows).toHaveLength(25);
    const second = await admin.get('/admin/lembaga?kabkota=36.04&hal=2').set('Accept', 'application/json');
    expect(second.body.rows).toHaveLength(5);
    const html = await admin.get('/admin/lembaga?kabkota=36.04').set('Accept', 'text/html');
    expect(html.status).toBe(200);
    expect(html.text).toContain('<option value="36.04" selected>');
    expect(html.text.replace(/&#x3D;/g, '=')).toContain('href="/admin/lembaga?kabkota=36.04&amp;hal=2" rel="next"');
    expect(html.text).toContain('Kramatwatu');
    expect(html.text).toContain('class="table-scroll"');
  });
});

describe('read-only register in scope', () => {
  it('shows an evaluator only the organisations of their kabupaten/kota; others are 404 and audited', async () => {
    const lebak = await insertOrg('LKS Lebak', '36.02', '36.02.14');
    const serang = await insertOrg('LKS Serang', '36.73', '36.73.01');
    const { agent } = await signedIn(env.app, { username: 'eval.lebak', role: 'evaluator', kabkota: ['36.02'] });
    const list = await agent.get('/lembaga').set('Accept', 'application/json').expect(200);
    expect(list.body.rows.map((r: { id: string }) => r.id)).toEqual([lebak]);
    expect((await agent.get('/lembaga?kabkota=36.73').set('Accept', 'application/json')).body.total).toBe(0);
    const page = await agent.get(`/lembaga/${lebak}`).set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('LKS Lebak');
    expect(page.text).not.toContain('/nonaktifkan');
    const denied = await agent.get(`/lembaga/${serang}`).set('Accept', 'application/json').expect(404);
    expect(denied.body.code).toBe(404.1);
    const audits = await auditActions('authz.denied');
    expect(audits.some((a) => a.targetId === serang)).toBe(true);
  });

  it('shows an operator only their own organisation, and /lembaga-saya leads there', async () => {
    const own = await insertOrg('LKS Milik Sendiri', '36.01', '36.01.12');
    const other = await insertOrg('LKS Lain', '36.01', '36.01.12');
    const { agent } = await signedIn(env.app, { username: 'op1', role: 'operator', organisationIds: [own] });
    const list = await agent.get('/lembaga').set('Accept', 'application/json');
    expect(list.body.rows.map((r: { id: string }) => r.id)).toEqual([own]);
    expect((await agent.get('/lembaga-saya')).headers.location).toBe(`/lembaga/${own}`);
    await agent.get(`/lembaga/${other}`).set('Accept', 'application/json').expect(404);
  });
});
