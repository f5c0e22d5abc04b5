/**
 * The letterhead emblem (admin settings): a neutral placeholder until an admin uploads one; an
 * upload is recognised from its bytes (PNG/JPEG/WebP only: an SVG or a disguised file is refused),
 * limited in size, audited, and served only as an image (its detected type, nosniff, a
 * sandboxing CSP); print pages link to the uploaded version. Only admins may change it.
 */
import { signedIn, type Agent } from '../../helpers/session';
import { useTestApp } from '../../helpers/env';
import { AuditEntry } from '../../../server/model/audit';
import { seedReports, type Seeded } from '../reports/seed';

const env = useTestApp();

/** A valid 1×1 PNG. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2d5e1c00000000049454e44ae426082', 'hex');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

let admin: Agent;
let evaluator: Agent;
let seeded: Seeded;

beforeAll(async () => {
  seeded = await seedReports();
  admin = (await signedIn(env.app, { username: 'admin1', role: 'admin' })).agent;
  evaluator = (await signedIn(env.app, { username: 'eval1', role: 'evaluator', kabkota: ['36.02'] })).agent;
}, 60000);

const upload = (agent: Agent, bytes: Buffer, filename: string, contentType = 'image/png') =>
  agent.post(`/admin/pengaturan/lambang?_csrf=${encodeURIComponent(agent.csrf)}`).attach('lambang', bytes, { filename, contentType });

describe('letterhead emblem', () => {
  it('starts as the neutral placeholder: the print view and /lambang point to it', async () => {
    const print = await admin.get(`/laporan/${seeded.cycleId}/ringkasan/cetak`).set('Accept', 'text/html');
    expect(print.text.replace(/&#x3D;/g, '=')).toMatch(/<img class="kop-emblem" src="\/assets\/lambang-placeholder\.svg\?v=[0-9a-f]+" alt=""/);
    const emblem = await admin.get('/lambang');
    expect(emblem.status).toBe(302);
    expect(emblem.headers.location).toBe('/assets/lambang-placeholder.svg');
  });

  it('refuses an SVG, a disguised file and an over-size image, with a message on the page; nothing is stored', async () => {
    const svg = await upload(admin, SVG, 'lambang.png');
    expect(svg.status).toBe(415);
    expect(svg.text).toContain('bukan gambar PNG, JPG atau WEBP');
    const big = await upload(admin, Buffer.concat([PNG, Buffer.alloc(512 * 1024)]), 'besar.png');
    expect(big.status).toBe(413);
    expect(big.text).toContain('lebih dari 512 KB');
    expect((await admin.get('/lambang')).status).toBe(302);
    expect(await AuditEntry.countDocuments({ action: 'settings.emblem' })).toBe(0);
  });

  it('checklist 6/37: only an admin may change it (403.1, audited)', async () => {
    const page = await evaluator.get('/admin/pengaturan').set('Accept', 'application/json');
    expect(page.status).toBe(403);
    const post = await upload(evaluator, PNG, 'lambang.png');
    expect(post.status).toBe(403);
    expect(await AuditEntry.countDocuments({ action: 'authz.denied', 'details.path': '/admin/pengaturan/lambang' })).toBe(1);
  });

  it('an admin uploads a PNG: audited, served as that image only, linked by version from print pages; reset goes back', async () => {
    const res = await upload(admin, PNG, '../../lambang banten.png', 'text/html');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/pengaturan');
    const entry = await AuditEntry.findOne({ action: 'settings.emblem' }).lean();
    expect(entry).toMatchObject({ role: 'admin', targetType: 'settings', targetId: 'emblem', details: { change: 'upload', type: 'image/png', size: PNG.length } });

    const page = await admin.get('/admin/pengaturan').set('Accept', 'text/html');
    expect(page.text).toContain('Lambang disimpan.');
    const src = /<img src="(\/lambang\?v=[0-9a-f]{16})"/.exec(page.text.replace(/&#x3D;/g, '='))?.[1];
    expect(src).toBeDefined();

    const served = await evaluator.get(src!).buffer(true);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/png'); // the detected type, not the declared text/html
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(served.headers['content-disposition']).toBe('inline; filename="lambang.png"');
    expect(served.headers['cache-control']).toContain('immutable');
    expect(Buffer.compare(served.body as Buffer, PNG)).toBe(0);

    const print = await evaluator.get(`/laporan/${seeded.cycleId}/ringkasan/cetak`).set('Accept', 'text/html');
    expect(print.text.replace(/&#x3D;/g, '=')).toContain(`<img class="kop-emblem" src="${src}" alt="Lambang Pemerintah Provinsi Banten"`);

    const reset = await admin.post('/admin/pengaturan/lambang/hapus').type('form').send({ _csrf: admin.csrf });
    expect(reset.status).toBe(303);
    expect((await admin.get('/lambang')).status).toBe(302);
    expect(await AuditEntry.countDocuments({ action: 'settings.emblem', 'details.change': 'reset' })).toBe(1);
  });
});
