/**
 * The "new cycle" form: reading and checking its fields (flat strings from an urlencoded body;
 * anything else is ignored), and the values it needs to render.
 */
import { KABKOTA, kabkotaLabel } from '../data/regions';
import { cycleLabel } from '../domain/reports';
import { JENIS_PELAYANAN } from '../domain/register/vocabularies';
import { listInstruments, type InstrumentSummary } from '../model/query/instruments';
import { Cycle } from '../model/cycle';
import { t } from '../i18n';
import { parseDay } from './fill-format';

export interface CycleInput {
  name: string;
  formId: string;
  formVersion: string;
  subjectType: string;
  year: number;
  opensAt: Date;
  closesAt: Date;
  kabkota: string[];
  jenisPelayanan: string[];
  organisationIds: string[];
  previousCycleId: string | null;
  prefillProfile: boolean;
}

function text(body: Record<string, unknown>, name: string, max = 200): string {
  const v = body[name];
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === 'string' ? one.trim().slice(0, max) : '';
}

function list(body: Record<string, unknown>, name: string): string[] {
  const v = body[name];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '');
}

/** Latest published version of each instrument first. */
function pick(instruments: InstrumentSummary[], formId: string, version: string): InstrumentSummary | undefined {
  const published = instruments.filter((i) => i.status === 'published' && i.formId === formId);
  if (version) return published.find((i) => i.version === version);
  return published.sort((a, b) => b.version.localeCompare(a.version, 'en', { numeric: true }))[0];
}

export async function readCycleInput(raw: unknown): Promise<{ input?: CycleInput; errors: string[]; values: Record<string, unknown> }> {
  const body = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const errors: string[] = [];
  const values = {
    name: text(body, 'name'), instrument: text(body, 'instrument', 80), version: text(body, 'version', 40),
    year: text(body, 'year', 4), opensAt: text(body, 'opensAt', 10), closesAt: text(body, 'closesAt', 10),
    kabkota: list(body, 'kabkota'), jenisPelayanan: list(body, 'jenisPelayanan'), organisasi: text(body, 'organisasi', 20000),
    previousCycle: text(body, 'previousCycle', 24), prefillProfile: text(body, 'prefillProfile', 1) === '1',
  };
  if (values.name === '') errors.push(t('fill.cycles.err.name'));
  const instrument = pick(await listInstruments({ status: 'published' }), values.instrument, values.version);
  if (!instrument) errors.push(t('fill.cycles.err.instrument'));
  const opensAt = parseDay(values.opensAt, 'start');
  const closesAt = parseDay(values.closesAt, 'end');
  if (!opensAt) errors.push(t('fill.cycles.err.opensAt'));
  if (!closesAt) errors.push(t('fill.cycles.err.closesAt'));
  if (opensAt && closesAt && closesAt.getTime() <= opensAt.getTime()) errors.push(t('fill.cycles.err.order'));
  const year = values.year === '' ? (opensAt ? Number(values.opensAt.slice(0, 4)) : NaN) : Number(values.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) errors.push(t('fill.cycles.err.year'));
  const kabkota = values.kabkota.filter((k) => KABKOTA.some((x) => x.kode === k));
  const jenisPelayanan = values.jenisPelayanan.filter((j) => JENIS_PELAYANAN.some((x) => x.code === j));
  const ids = values.organisasi.split(/[\s,;]+/).filter(Boolean);
  const badIds = ids.filter((id) => !/^[0-9a-f]{24}$/i.test(id));
  if (badIds.length > 0) errors.push(t('fill.cycles.err.ids', { ids: badIds.slice(0, 5).join(', ') }));
  let previousCycleId: string | null = null;
  if (values.previousCycle !== '') {
    if (!/^[0-9a-f]{24}$/i.test(values.previousCycle) || !(await Cycle.exists({ _id: values.previousCycle }))) errors.push(t('fill.cycles.err.previous'));
    else previousCycleId = values.previousCycle;
  }
  if (values.prefillProfile && !previousCycleId) errors.push(t('fill.cycles.err.prefill'));
  if (errors.length > 0 || !instrument || !opensAt || !closesAt) return { errors, values };
  return {
    errors, values,
    input: {
      name: values.name, formId: instrument.formId, formVersion: instrument.version, subjectType: instrument.subjectType,
      year, opensAt, closesAt, kabkota, jenisPelayanan, organisationIds: [...new Set(ids.map((i) => i.toLowerCase()))],
      previousCycleId, prefillProfile: values.prefillProfile,
    },
  };
}

/** Choices for the new-cycle form. */
export async function cycleFormOptions(values: Record<string, unknown>) {
  const published = await listInstruments({ status: 'published' });
  const formIds = [...new Set(published.map((i) => i.formId))];
  const kab = new Set((values.kabkota as string[] | undefined) ?? []);
  const jenis = new Set((values.jenisPelayanan as string[] | undefined) ?? []);
  const cycles = await Cycle.find({}, { name: 1, year: 1 }).sort({ year: -1, createdAt: -1 }).limit(50).lean();
  return {
    instruments: formIds.map((id) => {
      const versions = published.filter((i) => i.formId === id);
      return { value: id, label: versions[0].title, selected: values.instrument === id };
    }),
    versions: published.map((i) => ({ value: i.version, label: t('admin.instrument.label', { title: i.title, version: i.version }), selected: values.version === i.version })),
    kabkota: KABKOTA.map((k) => ({ value: k.kode, label: kabkotaLabel(k), checked: kab.has(k.kode) })),
    jenisPelayanan: JENIS_PELAYANAN.map((j) => ({ value: j.code, label: j.label, checked: jenis.has(j.code) })),
    previousCycles: cycles.map((c) => ({ value: String(c._id), label: cycleLabel(c.name, c.year), selected: values.previousCycle === String(c._id) })),
  };
}
