/**
 * The queue's allow-lists, from the data: the published instruments (by title), the cycles
 * (newest first, a closed one marked), the current cycle of each instrument (the latest year
 * among its opened cycles: where the backlog is), and each instrument's grades read from its
 * definitions (`x-monev.grades`, newest version first), as "<formId>:<grade>" values so an LKS
 * "B" and a TKSK "B" are never the same filter.
 */
import { t } from '../i18n';
import { Cycle } from '../model/cycle';
import { listInstruments, loadPublishedForm } from '../model/query/instruments';

export interface QueueChoices {
  instruments: { value: string; label: string }[];
  cycles: { value: string; label: string }[];
  currentCycleIds: string[];
  grades: { value: string; label: string; formId: string }[];
}

/** "A – Sangat Baik"; a label that already names its grade as a word ("Karang Taruna Maju") as it is. */
function gradeLabel(grade: string, label: string): string {
  if (!label) return grade;
  return label.split(/\s+/).includes(grade) ? label : `${grade} – ${label}`;
}

export async function queueChoices(): Promise<QueueChoices> {
  const published = await listInstruments({ status: 'published' }); // by formId, newest version first
  const instruments = new Map<string, string>();
  const grades: QueueChoices['grades'] = [];
  for (const i of published) {
    if (!instruments.has(i.formId)) instruments.set(i.formId, i.title);
    const form = await loadPublishedForm(i.formId, i.version).catch(() => null);
    for (const g of form?.grades ?? []) {
      const value = `${i.formId}:${g.grade}`;
      if (!grades.some((x) => x.value === value)) grades.push({ value, label: gradeLabel(g.grade, g.label), formId: i.formId });
    }
  }
  const cycles = await Cycle.find({}, { name: 1, year: 1, formId: 1, status: 1 }).sort({ year: -1, name: 1 }).limit(200).lean();
  const latestYear = new Map<string, number>();
  for (const c of cycles) if (c.status !== 'draft' && !latestYear.has(c.formId)) latestYear.set(c.formId, c.year);
  return {
    instruments: [...instruments].map(([value, label]) => ({ value, label })),
    cycles: cycles.map((c) => ({ value: String(c._id), label: c.status === 'closed' ? t('review.queue.cycleClosed', { name: c.name }) : c.name })),
    currentCycleIds: cycles.filter((c) => c.status !== 'draft' && latestYear.get(c.formId) === c.year).map((c) => String(c._id)),
    grades,
  };
}
