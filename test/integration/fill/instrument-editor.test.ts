/**
 * The browser editor of draft versions, without JavaScript (plain form posts): a new version
 * starts from the published one; an item's points and a condition change; the preview's score
 * follows; a refused change stores nothing; a stale page gets 409.3; publishing makes the new
 * version; the published version and the responses on it keep scoring as before (checklist 38).
 */
import { AuditEntry } from '../../../server/model/audit';
import { Instrument } from '../../../server/model/instrument';
import { ResponseModel } from '../../../server/model/response';
import { adminAgent, openScenario, operatorOf, revOf, useFillEnv } from './setup';

const env = useFillEnv();
const V1 = '/admin/instrumen/uji-lks/2026.1';
const V2 = '/admin/instrumen/uji-lks/2026.2';

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`').replace(/&amp;/g, '&');

/** The fields a browser would send from the page's form whose action is `action` and that holds `marker`. */
function formFields(html: string, action: string, marker: string): Record<string, string> {
  const forms = html.split('<form').filter((f) => f.includes(`action="${action}"`) && f.includes(marker));
  if (forms.length !== 1) throw new Error(`expected one form with ${marker}, found ${forms.length}`);
  const form = forms[0].slice(0, forms[0].indexOf('</form>'));
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1];
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    if (!name) continue;
    if (/type="checkbox"/.test(attrs) && !/\bchecked\b/.test(attrs)) continue;
    out[decode(name)] = decode(/value="([^"]*)"/.exec(attrs)?.[1] ?? '');
  }
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[decode(m[1])] = decode(m[2]);
  return out;
}

const totalOf = (html: string) => /Nilai total[\s\S]*?<strong>([^<]*)<\/strong>/.exec(html)?.[1];

describe('the draft editor', () => {
  it('changes points and a condition in a new version; the preview score follows; publishing keeps old responses on their version', async () => {
    const s = await openScenario();
    // an operator's answers on 2026.1: (2 + 2) / 8 = 50
    const op = await operatorOf(env.app, s.orgA);
    const page = await op.get(`/tanggapan/${s.responseA}/bagian/manajemen`).expect(200);
    await op.post(`/tanggapan/${s.responseA}/bagian/manajemen`).type('form').send({ _csrf: op.csrf, rev: String(revOf(page.text)), 'manajemen.tandaDaftar': '2', 'manajemen.rapat': '2', _action: 'save' }).expect(303);
    expect(totalOf((await op.get(`/tanggapan/${s.responseA}`).expect(200)).text)).toBe('50');
    const v1 = await Instrument.findOne({ formId: 'uji-lks', version: '2026.1' }).lean();

    const admin = await adminAgent(env.app);
    const detail = await admin.get(V1).expect(200);
    expect(detail.text).toContain('value="2026.2"'); // the suggested next version
    expect(detail.text).not.toContain(`href="${V1}/sunting"`); // published: no editor
    const created = await admin.post(`${V1}/versi-baru`).type('form').send({ _csrf: admin.csrf, version: '2026.2' });
    expect(created.status).toBe(303);
    expect(created.headers.location).toBe(`${V2}/sunting`);

    // sample answers in the editor's preview
    let editor = await admin.get(`${V2}/sunting?butir=manajemen.tandaDaftar`).expect(200);
    await admin.post(`${V2}/sunting/pratinjau`).type('form').send({ ...formFields(editor.text, `${V2}/sunting/pratinjau`, 'name="butir"'), 'manajemen.tandaDaftar': '2', 'manajemen.rapat': '2', _action: 'save' }).expect(303);
    editor = await admin.get(`${V2}/sunting?butir=manajemen.tandaDaftar`).expect(200);
    expect(totalOf(editor.text)).toBe('50');

    // points of option 2 of tandaDaftar: 2 → 4, from the page's own form
    const item = formFields(editor.text, `${V2}/sunting`, 'name="path"');
    expect(item['opt.2.points']).toBe('2');
    const saved = await admin.post(`${V2}/sunting`).type('form').send({ ...item, 'opt.2.points': '4', _action: 'item' });
    expect(saved.status).toBe(303);
    editor = await admin.get(`${V2}/sunting?butir=manajemen.rapat`).expect(200);
    expect(totalOf(editor.text)).toBe('75'); // (4 + 2) / 8

    // a condition on rapat: shown only when tandaDaftar >= 3; with 2, rapat is hidden and leaves the score
    const rapat = formFields(editor.text, `${V2}/sunting`, 'name="path"');
    const refused = await admin.post(`${V2}/sunting`).type('form').send({ ...rapat, relevant: '${tandaDaftarr} >= 3', _action: 'item' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('pertanyaan tandaDaftarr tidak ada');
    await admin.post(`${V2}/sunting`).type('form').send({ ...rapat, relevant: '${tandaDaftar} >= 3', _action: 'item' }).expect(303);
    editor = await admin.get(`${V2}/sunting?butir=manajemen.rapat`).expect(200);
    expect(editor.text).toContain('${tandaDaftar} &gt;&#x3D; 3');
    expect(totalOf(editor.text)).toBe('100'); // 4 / 4

    // a page from before the last change is refused (another admin's change is never overwritten)
    const stale = await admin.post(`${V2}/sunting`).type('form').send({ ...rapat, title: 'Judul lama', _action: 'item' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('409.3');

    // order (one form, one button per item): manajemen above profil would put the module's condition
    // (profil.layananAnak) after it: refused; the evaluator's visit above the module is fine
    const outline = formFields(editor.text, `${V2}/sunting`, 'name="move"');
    const badMove = await admin.post(`${V2}/sunting`).type('form').send({ _csrf: outline._csrf, hash: outline.hash, move: 'manajemen|up' });
    expect(badMove.status).toBe(422);
    expect(badMove.text).toContain('yang letaknya sesudahnya');
    await admin.post(`${V2}/sunting`).type('form').send({ _csrf: outline._csrf, hash: outline.hash, move: 'manajemen.kunjungan|up' }).expect(303);

    // publish the new version from its preview
    const preview = await admin.get(`${V2}/pratinjau`).expect(200);
    expect(preview.text).toContain(`action="${V2}/terbitkan"`);
    await admin.post(`${V2}/terbitkan`).type('form').send({ _csrf: admin.csrf }).expect(303);
    const v2 = await Instrument.findOne({ formId: 'uji-lks', version: '2026.2' }).lean();
    expect(v2!.status).toBe('published');
    const def = JSON.parse(v2!.definitionJson);
    expect(Object.keys(def.properties.manajemen.properties)).toEqual(['tandaDaftar', 'rapat', 'kunjungan', 'modulAnak']);
    expect(def.properties.manajemen.properties.tandaDaftar['x-score'].points['2']).toBe(4);
    // published: the editor sends you away, a change is 409.5
    expect((await admin.get(`${V2}/sunting`)).status).toBe(303);
    const late = await admin.post(`${V2}/sunting`).type('form').send({ ...rapat, hash: v2!.hash, _action: 'item' });
    expect(late.status).toBe(409);
    expect(late.text).toContain('409.5');

    // 2026.1 and its responses are untouched: the response still scores 50 with its own version
    const after = await Instrument.findOne({ formId: 'uji-lks', version: '2026.1' }).lean();
    expect(after!.definitionJson).toBe(v1!.definitionJson);
    expect((await ResponseModel.findById(s.responseA).lean())!.formVersion).toBe('2026.1');
    expect(totalOf((await op.get(`/tanggapan/${s.responseA}`).expect(200)).text)).toBe('50');
    expect(await AuditEntry.countDocuments({ action: 'instrument.edit', targetId: 'uji-lks@2026.2' })).toBe(3);
    expect(await AuditEntry.countDocuments({ action: 'instrument.version', targetId: 'uji-lks@2026.2' })).toBe(1);
  });
});
