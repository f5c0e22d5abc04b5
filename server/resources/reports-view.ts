/**
 * View models of the report pages: the pure figures (domain/reports) with Indonesian formatting,
 * units, labels and links added. Every chart in the templates is drawn from the table that these
 * rows fill (`data-value` holds the raw number), so the table is the accessible alternative and
 * the chart script's only data source. Every score figure says its basis (verified scores only,
 * or verified and self scores), and the page offers the other basis as an explicit link.
 */
import {
  BUCKETS, type Dashboard, type InstitutionRow, type ReportCard, type ReportFilters, type Summary,
  cycleLabel, filterQuery, formatCountDelta, formatDate, formatInt, formatPct, formatPctDelta, formatPoints, formatPointsDelta, formatScore, kabkotaRanking,
} from '../domain/reports';
import { t } from '../i18n';

const value = (n: number | null | undefined): string => (typeof n === 'number' && Number.isFinite(n) ? String(n) : '');

/** A listed score's basis as people read it: a self score is said to be not yet verified. */
function basisText(basis: InstitutionRow['basis']): string {
  return basis === 'self' ? t('report.basis.selfOpen') : basis ? t(`report.basis.${basis}`) : '–';
}

export function institutionRows(rows: readonly InstitutionRow[]) {
  return rows.map((r, i) => ({
    rank: i + 1, nama: r.nama, href: `/rapor/${r.responseId}`, kabkota: r.kabkotaName,
    score: formatScore(r.total), grade: r.grade ?? '–', gradeLabel: r.gradeLabel ?? '',
    basis: basisText(r.basis), selfScore: r.basis === 'self', bucket: t(`report.bucket.${r.bucket}`),
  }));
}

/** The top, bottom and pembinaan-intensif lists, in the order pages show them. */
export function institutionLists(d: Dashboard) {
  const g = d.guidance;
  return [
    { key: 'top', heading: t('report.dash.top'), rows: institutionRows(d.top), more: null, empty: t('report.dash.noScores') },
    { key: 'bottom', heading: t('report.dash.bottom'), rows: institutionRows(d.bottom), more: null, empty: t('report.dash.noScores') },
    ...(g.grade ? [{
      key: 'guidance',
      heading: t('report.dash.guidance', { grade: g.grade, label: g.label ?? '' }),
      rows: institutionRows(g.rows),
      more: g.truncated ? t('report.dash.guidanceMore', { shown: formatInt(g.rows.length), count: formatInt(g.count) }) : null,
      empty: t('report.dash.guidanceNone'),
    }] : []),
  ];
}

export function bucketColumns() {
  return BUCKETS.map((b) => ({ key: b, label: t(`report.bucket.${b}`) }));
}

/** The score basis of a page: what it counts, said in a sentence, and a link to the other basis. */
export function basisView(d: Dashboard, here: string, filters: ReportFilters) {
  const n = { verified: formatInt(d.totals.verifiedBasis), self: formatInt(d.totals.selfBasis) };
  const verified = d.basis === 'verified';
  return {
    basis: d.basis,
    tag: t(`report.basis.tag.${d.basis}`),
    lead: verified ? t(d.totals.selfBasis > 0 ? 'report.basis.lead.verified' : 'report.basis.lead.verifiedNone', n) : t('report.basis.lead.all', n),
    toggle: {
      href: `${here}${filterQuery(filters, { basis: verified ? 'all' : undefined })}`,
      text: t(verified ? 'report.basis.include' : 'report.basis.verifiedOnly'),
    },
  };
}

function keyFigures(d: Dashboard) {
  const verified = d.basis === 'verified';
  return [
    { label: t('report.dash.fig.responses'), value: formatInt(d.totals.responses) },
    { label: t('report.dash.fig.verified'), value: `${formatInt(d.totals.byBucket.verified)} (${formatPct(d.totals.verifiedPct)})` },
    ...(verified
      ? [
        { label: t('report.dash.fig.verifiedScores'), value: formatInt(d.totals.scored) },
        { label: t('report.dash.fig.selfLeftOut'), value: formatInt(d.totals.selfBasis) },
      ]
      : [{ label: t('report.dash.fig.scoredAll'), value: t('report.dash.fig.scoredAllValue', { n: formatInt(d.totals.scored), verified: formatInt(d.totals.verifiedBasis), self: formatInt(d.totals.selfBasis) }) }]),
    { label: t(`report.dash.fig.average.${d.basis}`), value: formatPoints(d.totals.avgTotal) },
    { label: t('report.dash.fig.guidance'), value: formatInt(d.totals.guidance) },
  ];
}

/**
 * The dashboard's view. `base` is where drill-down links go (the dashboard), `here` the page
 * itself (the link to the other score basis).
 */
export function dashboardView(d: Dashboard, base: string, filters: ReportFilters, here = base) {
  const link = (extra: Parameters<typeof filterQuery>[1]) => `${base}${filterQuery(filters, extra)}`;
  const gradeColumns = d.grades.map((g) => ({ grade: g.grade, label: g.label }));
  return {
    basis: basisView(d, here, filters),
    keyFigures: keyFigures(d),
    bucketColumns: bucketColumns(),
    completion: d.completion.map((r) => ({
      name: r.kabkotaName, href: link({ kabkota: r.kabkotaCode }),
      cells: BUCKETS.map((b) => ({ value: r.counts[b], text: formatInt(r.counts[b]), href: link({ kabkota: r.kabkotaCode, state: b }) })),
      total: formatInt(r.total), verifiedPct: formatPct(r.verifiedPct),
    })),
    completionTotal: {
      cells: BUCKETS.map((b) => ({ text: formatInt(d.totals.byBucket[b]), href: link({ state: b }) })),
      total: formatInt(d.totals.responses), verifiedPct: formatPct(d.totals.verifiedPct),
    },
    grades: d.grades.map((g) => ({ ...g, countText: formatInt(g.count), pctText: formatPct(g.pct), href: link({ grade: g.grade }) })),
    gradeColumns,
    gradesByKabkota: d.byKabkota.map((k) => ({
      name: k.kabkotaName, href: link({ kabkota: k.kabkotaCode }),
      cells: gradeColumns.map((g) => ({ value: k.grades[g.grade] ?? 0, text: formatInt(k.grades[g.grade] ?? 0) })),
    })),
    sections: d.sections.map((s) => ({ title: s.title, value: value(s.avg), avg: formatPoints(s.avg), n: formatInt(s.n) })),
    kabkotaRanking: kabkotaRanking(d).map((k, i) => ({
      rank: i + 1, name: k.kabkotaName, href: link({ kabkota: k.kabkotaCode }), value: value(k.avgTotal), avg: formatPoints(k.avgTotal), scored: formatInt(k.scored),
    })),
    lists: institutionLists(d),
    hasScores: d.totals.scored > 0,
    noScores: d.basis === 'verified' && d.totals.selfBasis > 0
      ? t('report.dash.noVerifiedScores', { self: formatInt(d.totals.selfBasis) }) : t('report.dash.noScores'),
    hasRows: d.totals.responses > 0,
  };
}

function itemStatus(status: string | null): string | null {
  return status === 'notApplicable' || status === 'pending' || status === 'unanswered' ? t(`report.card.status.${status}`) : null;
}

export function cardView(card: ReportCard) {
  return {
    ...card,
    cycleTitle: cycleLabel(card.cycle.name, card.cycle.year),
    stateLabel: t(`report.state.${card.state}`),
    bucketLabel: t(`report.bucket.${card.bucket}`),
    submitted: card.submittedAt ? formatDate(card.submittedAt) : null,
    verifiedOn: card.verifiedAt ? formatDate(card.verifiedAt) : null,
    basisLabel: card.basis ? basisText(card.basis) : null,
    totalText: formatScore(card.score.total),
    selfText: card.self ? `${formatScore(card.self.total)} (${card.self.grade ?? '–'})` : '–',
    verifiedText: card.verified ? `${formatScore(card.verified.total)} (${card.verified.grade ?? '–'})` : '–',
    hasScore: card.basis !== null,
    sectionRows: card.sections.map((s) => ({
      title: s.title, weight: s.weight === null ? '–' : formatInt(s.weight),
      self: formatScore(s.self), selfValue: value(s.self), verified: formatScore(s.verified), verifiedValue: value(s.verified),
      final: formatScore(s.effective), finalValue: value(s.effective),
    })),
    itemGroups: card.items.filter((g) => g.rows.length > 0).map((g) => ({
      title: g.title,
      rows: g.rows.map((r) => ({
        title: r.title, max: formatInt(r.max), self: formatInt(r.self), verified: formatInt(r.verified), final: formatInt(r.effective),
        status: itemStatus(r.status), comment: r.comment, reason: r.reason ? t('report.card.reason', { text: r.reason }) : null,
      })),
    })),
    weak: card.weakSections.map((s) => ({
      heading: t('report.card.weakSection', { title: s.title, score: formatScore(s.effective) }),
      recommendations: s.recommendations.map((r) => ({
        item: t('report.card.recommendationItem', { title: r.title, points: formatInt(r.points), max: formatInt(r.max) }), text: r.text,
      })),
    })),
    historyColumns: card.history.columns,
    historyRows: [
      ...card.history.rows.map((r) => ({
        label: r.label, cells: r.values.map((v) => (r.kind === 'grade' ? (v ?? '–') : formatScore(typeof v === 'number' ? v : null))),
      })),
      { label: t('report.card.basis'), cells: card.history.columns.map((c) => basisText(c.basis)) },
    ],
    hasHistory: card.history.columns.length > 1,
  };
}

/**
 * The summary's view. `base` is the dashboard (drill-down links), `here` the summary page (the
 * link to the other basis). The comparison rows are verified scores of both years (summary.ts).
 */
export function summaryView(s: Summary, base: string, filters: ReportFilters = {}, here = base) {
  const c = s.comparison;
  const row = (label: string, now: string, before: string, delta: string) => ({ label, now, before, delta });
  const scoreChange = (x: { now: number | null; before: number | null; delta: number | null }) => ({
    now: formatPoints(x.now), before: formatPoints(x.before), delta: formatPointsDelta(x.delta), nowValue: value(x.now), beforeValue: value(x.before),
  });
  return {
    title: cycleLabel(s.cycle.name, s.cycle.year),
    narrative: s.narrative,
    dashboard: dashboardView(s.dashboard, base, filters, here),
    /** The basis of the per-kab/kota and per-section tables: verified when they compare years. */
    trendTag: t(`report.basis.tag.${c ? 'verified' : s.dashboard.basis}`),
    comparison: c && {
      heading: t('report.summary.change', { name: cycleLabel(c.previous.name, c.previous.year) }),
      note: t('report.basis.comparisonNote', { now: formatInt(c.scores.now), before: formatInt(c.scores.before), year: c.previous.year }),
      rows: [
        row(t('report.summary.row.responses'), formatInt(c.responses.now), formatInt(c.responses.before), formatCountDelta(c.responses.delta)),
        row(t('report.summary.row.verifiedPct'), formatPct(c.verifiedPct.now), formatPct(c.verifiedPct.before), formatPctDelta(c.verifiedPct.delta)),
        row(t('report.summary.row.verifiedScores'), formatInt(c.scores.now), formatInt(c.scores.before), formatCountDelta(c.scores.now - c.scores.before)),
        row(t('report.summary.row.average'), formatPoints(c.avgTotal.now), formatPoints(c.avgTotal.before), formatPointsDelta(c.avgTotal.delta)),
        row(t('report.summary.row.guidance'), formatInt(c.guidance.now), formatInt(c.guidance.before), formatCountDelta(c.guidance.delta)),
        ...c.grades.map((g) => row(t('report.summary.row.grade', { grade: g.grade, label: g.label }), formatInt(g.now), formatInt(g.before), formatCountDelta(g.delta))),
      ],
      sections: c.sections.map((x) => ({ label: x.title, ...scoreChange(x) })),
      kabkota: c.kabkota.map((x) => ({ label: x.kabkotaName, ...scoreChange(x) })),
      beforeYear: c.previous.year,
    },
  };
}
