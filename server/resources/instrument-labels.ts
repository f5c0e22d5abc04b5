/**
 * Instruments as administrators name them: by title and version ("Instrumen Monitoring dan
 * Evaluasi Tahunan LKS, versi 2026.1"), never by their file id ("lks-monev-tahunan"). One read of
 * the instrument list per page, then a lookup per row.
 */
import { subjectTypeLabel } from '../domain/reports';
import { t } from '../i18n';
import { listInstruments } from '../model/query/instruments';

export type InstrumentLabel = (formId: unknown, version?: unknown) => string;

export async function instrumentLabeller(): Promise<InstrumentLabel> {
  const rows = await listInstruments();
  const titles = new Map<string, string>();
  // listed newest version first: a bare formId takes the newest version's title
  for (const r of rows) {
    titles.set(`${r.formId}@${r.version}`, r.title);
    if (!titles.has(r.formId)) titles.set(r.formId, r.title);
  }
  return (formId, version) => {
    const title = titles.get(`${String(formId)}@${String(version)}`) ?? titles.get(String(formId)) ?? t('admin.instrument.unknown');
    return typeof version === 'string' && version !== '' ? t('admin.instrument.label', { title, version }) : title;
  };
}

export { subjectTypeLabel };
