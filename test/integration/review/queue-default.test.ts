/**
 * Issue 18, point 4: the queue opens on the backlog — responses waiting for an evaluator in the
 * current cycle of each instrument, oldest submission first — not on last year's verified ones;
 * older waiting responses are one link away. Regions are "Kabupaten …" / "Kota …" in the column
 * and the filter; the grade filter offers each instrument's own grades from its definition.
 */
import mongoose from 'mongoose';
import { Cycle } from '../../../server/model/cycle';
import { Instrument } from '../../../server/model/instrument';
import { definitionHash } from '../../../server/model/query/instruments';
import { ResponseModel } from '../../../server/model/response';
import { createOrganisation, testDefinition } from '../fill/fixtures';
import { evaluatorIn, openScenario, useReviewEnv } from './setup';

const env = useReviewEnv();

const rowsOf = (html: string) => [...html.matchAll(/<tr data-response-id="([0-9a-f]{24})" data-response-state="(\w+)"/g)].map((m) => ({ id: m[1], state: m[2] }));
const at = (month: number, day: number, year = 2026) => new Date(Date.UTC(year, month - 1, day, 3));

/** A second instrument whose grades are classes, not letters (like TKSK). */
async function publishClassInstrument(): Promise<void> {
  const def = testDefinition() as Record<string, any>;
  def.$id = 'urn:monev:form:uji-tksk:2026.1';
  def['x-monev'] = { ...def['x-monev'], id: 'uji-tksk', title: 'Instrumen Uji TKSK', subjectType: 'TKSK',
    grades: [{ grade: 'SB', label: 'Sangat Baik', min: 86 }, { grade: 'B', label: 'Baik', min: 71 }, { grade: 'K', label: 'Kurang', min: 0 }] };
  const json = JSON.stringify(def);
  await Instrument.create({ formId: 'uji-tksk', version: '2026.1', title: 'Instrumen Uji TKSK', subjectType: 'TKSK', status: 'published', definitionJson: json, hash: definitionHash(json), publishedAt: new Date(), publishedBy: 'test' });
}

/** This year's cycle (open, from openScenario) and last year's (closed), with responses in several states. */
async function twoYears() {
  const s = await openScenario();
  const base = (await ResponseModel.findById(s.responseA).lean())!;
  const previous = await Cycle.create({ name: 'Monev Uji 2025', year: 2025, formId: 'uji-lks', formVersion: '2026.1', subjectType: 'LKS',
    opensAt: at(6, 1, 2025), closesAt: at(8, 31, 2025), status: 'closed', closedAt: at(9, 1, 2025) });
  const self = (total: number, grade: string) => ({ total, grade, gradeLabel: grade });
  const make = async (name: string, kabkota: string, fields: Record<string, unknown>) => {
    const org = await createOrganisation(name, kabkota);
    const doc = { ...base, _id: new mongoose.Types.ObjectId(), organisationId: new mongoose.Types.ObjectId(org), kabkotaCode: kabkota, ...fields };
    await ResponseModel.create(doc);
    return String(doc._id);
  };
  const ids = {
    oldVerified: await make('LKS Lama Terverifikasi', '36.03', { cycleId: previous._id, state: 'verified', submittedAt: at(6, 2, 2025), selfScore: self(90, 'A'), verifiedScore: self(88, 'A') }),
    oldWaiting: await make('LKS Lama Menunggu', '36.71', { cycleId: previous._id, state: 'submitted', submittedAt: at(7, 1, 2025), selfScore: self(60, 'C') }),
    late: await make('LKS Kirim Akhir', '36.71', { state: 'submitted', submittedAt: at(10, 20), selfScore: self(75, 'B') }),
    early: await make('LKS Kirim Awal', '36.03', { state: 'submitted', submittedAt: at(9, 1), selfScore: self(92, 'A') }),
    reviewing: await make('LKS Sedang Diperiksa', '36.04', { state: 'in_review', submittedAt: at(9, 15), selfScore: self(50, 'D') }),
    again: await make('LKS Kirim Ulang', '36.73', { state: 'resubmitted', submittedAt: at(10, 1), selfScore: self(70, 'C') }),
    done: await make('LKS Sudah Terverifikasi', '36.02', { state: 'verified', submittedAt: at(8, 1), selfScore: self(80, 'B'), verifiedScore: self(78, 'B') }),
    back: await make('LKS Dikembalikan', '36.02', { state: 'returned', submittedAt: at(8, 5), selfScore: self(40, 'D') }),
  };
  return { s, previousId: String(previous._id), ids };
}

describe('the queue\'s default view', () => {
  it('opens on this cycle\'s waiting responses, oldest first; last year\'s backlog is one link away', async () => {
    const { s, previousId, ids } = await twoYears();
    const ev = await evaluatorIn(env.app, 'all');
    const page = (await ev.get('/tinjauan').expect(200)).text;
    expect(rowsOf(page)).toEqual([
      { id: ids.early, state: 'submitted' }, { id: ids.reviewing, state: 'in_review' }, { id: ids.again, state: 'resubmitted' }, { id: ids.late, state: 'submitted' },
    ]);
    expect(page).toContain('<option value="">Perlu ditinjau (terkirim, dikirim ulang, sedang diperiksa)</option>');
    expect(page).toContain('Ditampilkan: tanggapan yang perlu ditinjau pada siklus terkini.');
    expect(page).toContain('1 tanggapan lain juga menunggu tinjauan pada siklus sebelumnya');
    expect(page).toContain('href="/tinjauan?siklus&#x3D;semua"');
    expect(page).toContain(`<option value="${previousId}">Monev Uji 2025 · ditutup</option>`);

    // one link away: the other cycles' waiting responses too
    const wide = rowsOf((await ev.get('/tinjauan?siklus=semua').expect(200)).text).map((r) => r.id);
    expect(wide[0]).toBe(ids.oldWaiting);
    expect(wide).not.toContain(ids.oldVerified);
    // "Semua yang sudah dikirim" in every cycle shows the whole history
    const all = rowsOf((await ev.get('/tinjauan?status=semua&siklus=semua').expect(200)).text).map((r) => r.id);
    expect(all.sort()).toEqual([ids.oldVerified, ids.oldWaiting, ids.late, ids.early, ids.reviewing, ids.again, ids.done, ids.back].sort());
    expect(rowsOf((await ev.get(`/tinjauan?siklus=${s.cycleId}&status=verified`).expect(200)).text).map((r) => r.id)).toEqual([ids.done]);
  });

  it('names Kabupaten and Kota in the column and the filter (Tangerang, Serang)', async () => {
    await twoYears();
    const ev = await evaluatorIn(env.app, 'all');
    const page = (await ev.get('/tinjauan').expect(200)).text;
    expect(page).toContain('<td>Kabupaten Tangerang</td>');
    expect(page).toContain('<td>Kota Tangerang</td>');
    expect(page).toContain('<td>Kabupaten Serang</td>');
    expect(page).toContain('<td>Kota Serang</td>');
    for (const [code, label] of [['36.03', 'Kabupaten Tangerang'], ['36.71', 'Kota Tangerang'], ['36.04', 'Kabupaten Serang'], ['36.73', 'Kota Serang']]) {
      expect(page).toContain(`<option value="${code}">${label}</option>`);
    }
  });

  it('the grade filter follows the instrument: its own grades from its definition, never another\'s', async () => {
    const { ids } = await twoYears();
    await publishClassInstrument();
    const ev = await evaluatorIn(env.app, 'all');
    const grades = (html: string) => [...html.slice(html.indexOf('id="f-predikat"'), html.indexOf('</select>', html.indexOf('id="f-predikat"'))).matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
    const groups = (html: string) => [...html.matchAll(/<optgroup label="([^"]+)">/g)].map((m) => m[1]);

    const none = (await ev.get('/tinjauan').expect(200)).text;
    expect(groups(none)).toEqual(['Instrumen Uji LKS', 'Instrumen Uji TKSK']);
    expect(grades(none)).toEqual(['uji-lks:A', 'uji-lks:B', 'uji-lks:C', 'uji-lks:D', 'uji-tksk:SB', 'uji-tksk:B', 'uji-tksk:K']);
    expect(none).toContain('<option value="uji-lks:A">A – Sangat Baik</option>');
    expect(none).toContain('<option value="uji-lks:B">B – Baik</option>');

    const tksk = (await ev.get('/tinjauan?instrumen=uji-tksk').expect(200)).text;
    expect(groups(tksk)).toEqual(['Instrumen Uji TKSK']);
    expect(grades(tksk)).toEqual(['uji-tksk:SB', 'uji-tksk:B', 'uji-tksk:K']);

    // a grade picks its instrument; the LKS "B" is not the TKSK "B"
    const lksB = (await ev.get('/tinjauan?predikat=uji-lks:B&status=semua').expect(200)).text;
    expect(rowsOf(lksB).map((r) => r.id).sort()).toEqual([ids.late, ids.done].sort());
    expect(lksB).toContain('<option value="uji-lks" selected>');
    expect(rowsOf((await ev.get('/tinjauan?predikat=uji-tksk:B&status=semua').expect(200)).text)).toEqual([]);
    // another instrument chosen after a grade (no JavaScript to clear it): the grade is dropped, not an error
    const switched = (await ev.get('/tinjauan?instrumen=uji-tksk&predikat=uji-lks:B').expect(200)).text;
    expect(switched).not.toMatch(/<option value="uji-[a-z]+:[A-Z]+" selected>/);
    expect(switched).toContain('<option value="uji-tksk" selected>');
    for (const bad of ['predikat=B', 'predikat=uji-lks:SB', 'predikat=lain:A']) {
      expect((await ev.get(`/tinjauan?${bad}`).set('Accept', 'application/json')).status).toBe(400);
    }
  });
});
