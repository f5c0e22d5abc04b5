/**
 * A short narrative of a cycle's figures in Bahasa Indonesia, for the leadership summary:
 * "Dari 612 LKS sasaran …, 78,0% (477) telah diverifikasi …". Every sentence is a catalogue
 * template (report.narrative.*) filled with figures from the dashboard; nothing is invented, and
 * a sentence whose figures do not exist (no scores yet, one kab/kota only) is left out. The
 * average names its basis (verified scores only, or a stated mix of verified and self scores),
 * and the change against the previous year is always verified against verified, with how many
 * scores each side has.
 */
import { t } from '../../i18n';
import { kabkotaRanking, pct1, type Dashboard } from './dashboard';
import { formatInt, formatPct, formatScore } from './format';
import type { Comparison, CycleRef } from './summary';

export interface NarrativeInput {
  cycle: CycleRef;
  subject: string;
  dashboard: Dashboard;
  comparison: Comparison | null;
}

function completion(input: NarrativeInput): string {
  const { totals } = input.dashboard;
  const b = totals.byBucket;
  const inProcess = b.submitted + b.in_review + b.returned;
  const notSent = b.not_started + b.draft;
  return t('report.narrative.completion', {
    n: formatInt(totals.responses), subject: input.subject, cycle: input.cycle.name,
    verifiedPct: formatPct(pct1(b.verified, totals.responses)), verified: formatInt(b.verified),
    processPct: formatPct(pct1(inProcess, totals.responses)), process: formatInt(inProcess),
    notSentPct: formatPct(pct1(notSent, totals.responses)), notSent: formatInt(notSent),
  });
}

function average(input: NarrativeInput): string {
  const { totals } = input.dashboard;
  const figures = {
    avg: formatScore(totals.avgTotal), scored: formatInt(totals.scored), subject: input.subject,
    verified: formatInt(totals.verifiedBasis), self: formatInt(totals.selfBasis),
  };
  if (input.dashboard.basis === 'all') return t('report.narrative.averageAll', figures);
  const text = t('report.narrative.averageVerified', figures);
  return totals.selfBasis > 0 ? `${text} ${t('report.narrative.selfLeftOut', figures)}` : text;
}

/** The change of the verified average against the previous year, with how many scores each side has. */
function change(input: NarrativeInput): string | null {
  const c = input.comparison;
  if (!c) return null;
  const year = c.previous.year;
  if (c.scores.now === 0) return t('report.narrative.change.noneNow', { year });
  if (c.scores.before === 0) return t('report.narrative.change.noneBefore', { year });
  const delta = c.avgTotal.delta ?? 0;
  const key = delta > 0 ? 'report.narrative.change.up' : delta < 0 ? 'report.narrative.change.down' : 'report.narrative.change.same';
  return t(key, {
    year, delta: formatScore(Math.abs(delta)), before: formatScore(c.avgTotal.before), now: formatScore(c.avgTotal.now),
    nowN: formatInt(c.scores.now), beforeN: formatInt(c.scores.before),
  });
}

const basisScores = (input: NarrativeInput): string => t(`report.basis.scores.${input.dashboard.basis}`);

function grades(input: NarrativeInput): string | null {
  const { dashboard: d } = input;
  const most = [...d.grades].filter((g) => g.count > 0).sort((a, b) => b.count - a.count)[0];
  if (!most) return null;
  return t('report.narrative.mostGrade', { grade: most.grade, label: most.label, count: formatInt(most.count), subject: input.subject, pct: formatPct(most.pct), scores: basisScores(input) });
}

function guidance(input: NarrativeInput): string | null {
  const { dashboard: d } = input;
  const g = d.guidance;
  if (!g.grade) return null;
  if (g.count === 0) return t('report.narrative.noGuidance', { subject: input.subject, grade: g.grade, label: g.label ?? '', scores: basisScores(input) });
  const ranked = [...d.byKabkota].filter((k) => (k.grades[g.grade as string] ?? 0) > 0)
    .sort((a, b) => (b.grades[g.grade as string] ?? 0) - (a.grades[g.grade as string] ?? 0) || a.kabkotaCode.localeCompare(b.kabkotaCode));
  // "Terbanyak di …" only for a kab/kota that has more than any other
  const worst = ranked.length > 0 && (ranked.length === 1 || (ranked[0].grades[g.grade] ?? 0) > (ranked[1].grades[g.grade] ?? 0)) ? ranked[0] : undefined;
  let text = t('report.narrative.guidance', {
    count: formatInt(g.count), subject: input.subject, pct: formatPct(pct1(g.count, d.totals.scored)), grade: g.grade, label: g.label ?? '', scores: basisScores(input),
  });
  if (worst && d.byKabkota.filter((k) => k.scored > 0).length > 1) {
    text += ` ${t('report.narrative.guidanceWhere', { kabkota: worst.kabkotaName, count: formatInt(worst.grades[g.grade] ?? 0) })}`;
  }
  return text;
}

function sections(input: NarrativeInput): string | null {
  const scored = input.dashboard.sections.filter((s) => s.avg !== null).sort((a, b) => (b.avg as number) - (a.avg as number));
  if (scored.length < 2) return null;
  const best = scored[0];
  const worst = scored[scored.length - 1];
  return t('report.narrative.sections', { best: best.title, bestAvg: formatScore(best.avg), worst: worst.title, worstAvg: formatScore(worst.avg) });
}

function regions(input: NarrativeInput): string | null {
  const ranked = kabkotaRanking(input.dashboard).filter((k) => k.avgTotal !== null);
  if (ranked.length < 2) return null;
  const best = ranked[0];
  const worst = ranked[ranked.length - 1];
  return t('report.narrative.regions', { best: best.kabkotaName, bestAvg: formatScore(best.avgTotal), worst: worst.kabkotaName, worstAvg: formatScore(worst.avgTotal) });
}

export function narrative(input: NarrativeInput): string[] {
  if (input.dashboard.totals.responses === 0) return [t('report.narrative.empty', { subject: input.subject, cycle: input.cycle.name })];
  const out = [completion(input)];
  const { totals } = input.dashboard;
  if (totals.scored === 0) {
    out.push(totals.selfBasis > 0
      ? t('report.narrative.noVerified', { subject: input.subject, self: formatInt(totals.selfBasis) })
      : t('report.narrative.noScores', { subject: input.subject }));
    return out;
  }
  out.push([average(input), change(input)].filter(Boolean).join(' '));
  for (const part of [grades(input), guidance(input), sections(input), regions(input)]) if (part) out.push(part);
  return out;
}
