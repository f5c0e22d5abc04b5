/**
 * View models of the report pages: the pure figures (domain/reports) with Indonesian formatting,
 * labels and links added. Every chart in the templates is drawn from the table that these rows
 * fill (`data-value` holds the raw number), so the table is the accessible alternative and the
 * chart script's only data source.
 */
import {
  BUCKETS, type Dashboard, type InstitutionRow, type ReportCard, type ReportFilters, type Summary,
  filterQuery, formatCountDelta, formatDate, formatDelta, formatInt, formatPct, formatScore, kabkotaRanking,
} from '../domain/reports';
import { t } from '../i18n';

const value = (n: number | null | undefined): string => (typeof n === 'number' && Number.isFinite(n) ? String(n) : '');

export function institutionRows(rows: readonly InstitutionRow[]) {
  return rows.map((r, i) => ({
    rank: i + 1, nama: r.nama, href: `/rapor/${r.responseId}`, kabkota: r.kabkotaName,
    score: formatScore(r.total), grade: r.grade ?? '–', gradeLabel: r.gradeLabel ?? '',
    basis: r.basis ? t(`report.basis.${r.basis}`) : '–', bucket: t(`report.bucket.${r.bucket}`),
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

export function dashboardView(d: Dashboard, base: string, filters: ReportFilters) {
  const link = (extra: Parameters<typeof filterQuery>[1]) => `${base}${filterQuery(filters, extra)}`;
  const gradeColumns = d.grades.map((g) => ({ grade: g.grade, label: g.label }));
  return {
    keyFigures: [
      { label: t('report.dash.fig.responses'), value: formatInt(d.totals.responses) },
      { label: t('report.dash.fig.verified'), value: `${formatInt(d.totals.byBucket.verified)} (${formatPct(d.totals.verifiedPct)})` },
      { label: t('report.dash.fig.scored'), value: formatInt(d.totals.scored) },
      { label: t('report.dash.fig.average'), value: formatScore(d.totals.avgTotal) },
      { label: t('report.dash.fig.guidance'), value: formatInt(d.totals.guidance) },
    ],
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
    sections: d.sections.map((s) => ({ title: s.title, value: value(s.avg), avg: formatScore(s.avg), n: formatInt(s.n) })),
    kabkotaRanking: kabkotaRanking(d).map((k, i) => ({
      rank: i + 1, name: k.kabkotaName, href: link({ kabkota: k.kabkotaCode }), value: value(k.avgTotal), avg: formatScore(k.avgTotal), scored: formatInt(k.scored),
    })),
    lists: institutionLists(d),
    hasScores: d.totals.scored > 0,
    hasRows: d.totals.responses > 0,
  };
}

function itemStatus(status: string | null): string | null {
  return status === 'notApplicable' || status === 'pending' || status === 'unanswered' ? t(`report.card.status.${status}`) : null;
}

export function cardView(card: ReportCard) {
  return {
    ...card,
    stateLabel: t(`report.state.${card.state}`),
    bucketLabel: t(`report.bucket.${card.bucket}`),
    submitted: card.submittedAt ? formatDate(card.submittedAt) : null,
    verifiedOn: card.verifiedAt ? formatDate(card.verifiedAt) : null,
    basisLabel: card.basis ? t(`report.basis.${card.basis}`) : null,
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
    historyRows: card.history.rows.map((r) => ({
      label: r.label, cells: r.values.map((v) => (r.kind === 'grade' ? (v ?? '–') : formatScore(typeof v === 'number' ? v : null))),
    })),
    hasHistory: card.history.columns.length > 1,
  };
}

export function summaryView(s: Summary, base: string) {
  const c = s.comparison;
  const row = (label: string, now: string, before: string, delta: string) => ({ label, now, before, delta });
  return {
    narrative: s.narrative,
    dashboard: dashboardView(s.dashboard, base, {}),
    comparison: c && {
      heading: t('report.summary.change', { name: c.previous.name, year: c.previous.year }),
      rows: [
        row(t('report.summary.row.responses'), formatInt(c.responses.now), formatInt(c.responses.before), formatCountDelta(c.responses.delta)),
        row(t('report.summary.row.verifiedPct'), formatPct(c.verifiedPct.now), formatPct(c.verifiedPct.before), formatDelta(c.verifiedPct.delta)),
        row(t('report.summary.row.average'), formatScore(c.avgTotal.now), formatScore(c.avgTotal.before), formatDelta(c.avgTotal.delta)),
        row(t('report.summary.row.guidance'), formatInt(c.guidance.now), formatInt(c.guidance.before), formatCountDelta(c.guidance.delta)),
        ...c.grades.map((g) => row(t('report.summary.row.grade', { grade: g.grade, label: g.label }), formatInt(g.now), formatInt(g.before), formatCountDelta(g.delta))),
      ],
      sections: c.sections.map((x) => ({ label: x.title, now: formatScore(x.now), before: formatScore(x.before), delta: formatDelta(x.delta), nowValue: value(x.now), beforeValue: value(x.before) })),
      kabkota: c.kabkota.map((x) => ({ label: x.kabkotaName, now: formatScore(x.now), before: formatScore(x.before), delta: formatDelta(x.delta), nowValue: value(x.now), beforeValue: value(x.before) })),
      beforeYear: c.previous.year,
    },
  };
}
