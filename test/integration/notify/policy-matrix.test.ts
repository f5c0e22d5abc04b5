/**
 * Checklist 9-10 for the notice routes: a role × route matrix generated from their declared
 * policies (inbox and preferences: any signed-in user; reminder screen: 'response.review'; the
 * cycle's messages, "send now" and resend: 'cycle.manage'). Anonymous → 401 (the login page for a
 * browser GET); a role without the permission → 403.1 with an audit entry; with it → past the
 * guard. Plus the screens themselves: the evaluator sees only the area's organisations, with
 * WhatsApp links in Indonesian international form; the return screen offers the same link.
 */
import { authorise } from '../../../server/domain/access/route-policy';
import { registryOf } from '../../../server/http/endpoint';
import { AuditEntry } from '../../../server/model/audit';
import { Organisation } from '../../../server/model/organisation';
import { ResponseModel } from '../../../server/model/response';
import { roleAgents, type RoleAgents } from '../../helpers/role-agents';
import { createCycle, createOrganisation, ids, publishTestInstrument } from '../fill/fixtures';
import { personWithEmail, review, submit, useNotifyEnv } from './setup';

const env = useNotifyEnv();

/** The prefilled text of the page's wa.me link to `number` (attribute entities decoded). */
function waText(html: string, number: string): string {
  const m = new RegExp(`href="https://wa\\.me/${number}\\?text(?:=|&#x3D;)([^"]+)"`).exec(html);
  if (!m) throw new Error(`no WhatsApp link to ${number}`);
  return decodeURIComponent(m[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '='));
}
const NOTICE_ROUTES = /^\/(pemberitahuan|akun\/pemberitahuan|pengingat)|^\/admin\/siklus\/:id\/(pengingat|pesan)/;

function agentsFor(orgA: string): Promise<RoleAgents> {
  return roleAgents(env.app, {
    operator: { username: 'm.operator', role: 'operator', organisationIds: [orgA] },
    evaluator: { username: 'm.eval', role: 'evaluator', kabkota: ['36.02'] },
    pimpinan: { username: 'm.pimpinan', role: 'pimpinan', kabkota: 'all' },
    admin: { username: 'm.admin', role: 'admin' },
  });
}

describe('notice routes', () => {
  it('declares every route with the intended policy', () => {
    const list = registryOf(env.app).list().filter((r) => NOTICE_ROUTES.test(r.path));
    expect(list.map((r) => `${r.method} ${r.path} ${r.policy}`).sort()).toEqual([
      'GET /admin/siklus/:id/pesan cycle.manage',
      'GET /akun/pemberitahuan authenticated',
      'GET /pemberitahuan authenticated',
      'GET /pengingat response.review',
      'GET /pengingat/:cycleId response.review',
      'POST /admin/siklus/:id/pengingat cycle.manage',
      'POST /admin/siklus/:id/pesan/:messageId/ulang cycle.manage',
      'POST /akun/pemberitahuan authenticated',
      'POST /pemberitahuan/:id/baca authenticated',
      'POST /pemberitahuan/:id/buka authenticated',
      'POST /pemberitahuan/baca-semua authenticated',
    ]);
  });

  it('matrix: each role gets exactly what the policy says (checklist 9, 10)', async () => {
    await publishTestInstrument();
    const orgA = await createOrganisation('LKSA Harapan', '36.02');
    const cycleId = await createCycle({ status: 'open' });
    const agents = await agentsFor(orgA);
    const concrete = (path: string) => path.replace(':cycleId', cycleId).replace(':id', path.startsWith('/admin') ? cycleId : ids.object()).replace(':messageId', ids.object());
    for (const route of registryOf(env.app).list().filter((r) => NOTICE_ROUTES.test(r.path))) {
      for (const [who, { agent, user }] of agents) {
        const url = concrete(route.path);
        const before = await AuditEntry.countDocuments({ action: 'authz.denied' });
        const res = route.method === 'GET'
          ? await agent.get(url).set('Accept', 'text/html')
          : await agent.post(url).set('Accept', 'application/json').set('X-CSRF-Token', agent.csrf).send({});
        const decision = authorise(user, route.policy);
        const label = `${who} ${route.method} ${route.path} → ${res.status}`;
        if (!decision.ok && decision.problem.code === 401.1) {
          expect([label, res.status]).toEqual([label, route.method === 'GET' ? 303 : 401]);
        } else if (!decision.ok) {
          expect([label, res.status]).toEqual([label, 403]);
          expect(await AuditEntry.countDocuments({ action: 'authz.denied' })).toBe(before + 1);
        } else {
          expect([label, [401, 403].includes(res.status)]).toEqual([label, false]);
        }
      }
    }
  }, 60_000);
});

describe('WhatsApp links', () => {
  it('lists the area\'s organisations still owing a form, with wa.me links; the admin also gets "send now"', async () => {
    await publishTestInstrument();
    const lebak = await createOrganisation('LKSA Harapan', '36.02');
    const serang = await createOrganisation('LKSA Bina Insani', '36.73');
    const noPhone = await createOrganisation('LKSA Tanpa Telepon', '36.02');
    await Organisation.updateOne({ _id: lebak }, { $set: { 'contact.telepon': '+6281234567890' } });
    await Organisation.updateOne({ _id: serang }, { $set: { 'contact.telepon': '+6287700001111' } });
    const admin = await personWithEmail(env.app, { username: 'admin.w', role: 'admin', email: null });
    const cycleId = await createCycle({ name: 'Monev Uji 2026' });
    await admin.post(`/admin/siklus/${cycleId}/buka`).type('form').send({ _csrf: admin.csrf }).expect(303);
    const ev = await personWithEmail(env.app, { username: 'ev.w', role: 'evaluator', kabkota: ['36.02'] });

    const cycles = await ev.get('/pengingat').expect(200);
    expect(cycles.text).toContain('data-owing="2"');
    const page = await ev.get(`/pengingat/${cycleId}`).expect(200);
    expect(page.text).toContain('LKSA Harapan');
    expect(page.text).not.toContain('LKSA Bina Insani');
    const text = waText(page.text, '6281234567890');
    const responseId = String((await ResponseModel.findOne({ organisationId: lebak }).lean())!._id);
    expect(text).toContain('Yth. pengurus LKSA Harapan, pengingat dari Dinas Sosial Provinsi Banten');
    expect(text).toContain(`https://monev.test/tanggapan/${responseId}`);
    expect(page.text).toContain('data-whatsapp-missing'); // LKSA Tanpa Telepon
    expect(page.text).not.toContain('name="nonce"');
    expect(page.text).not.toContain(noPhone);
    const adminPage = await admin.get(`/pengingat/${cycleId}`).expect(200);
    expect(adminPage.text).toContain('name="nonce"');
    expect(adminPage.text).toContain('wa.me/6287700001111');

    // the return screen: the link carries the flagged item and its comment
    const op = await personWithEmail(env.app, { username: 'op.w', role: 'operator', organisationIds: [lebak] });
    await submit(op, responseId);
    await review(ev, responseId, 'return');
    const reviewPage = await ev.get(`/tinjauan/${responseId}`).expect(200);
    const wa = waText(reviewPage.text, '6281234567890');
    expect(wa).toContain('dikembalikan untuk perbaikan');
    expect(wa).toContain('1. Tanda Daftar LKS masih berlaku: Lampirkan Tanda Daftar yang masih berlaku');
    expect(wa).toContain(`https://monev.test/tanggapan/${responseId}#flagged-h`);
  }, 60_000);
});
