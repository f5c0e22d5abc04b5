/** The leadership narrative and the comparison, from hand-made figures. */
import { buildSummary, shapeDashboard as shape, type DashboardResults } from '../../../server/domain/reports';

const GRADES = [{ grade: 'A', label: 'Sangat Baik', min: 86 }, { grade: 'B', label: 'Baik', min: 71 }, { grade: 'C', label: 'Cukup', min: 56 }, { grade: 'D', label: 'Perlu Pembinaan Intensif', min: 0 }];
const SECTIONS = [{ key: 'manajemen', title: 'Manajemen', weight: 1 }, { key: 'sarpras', title: 'Sarana dan Prasarana', weight: 1 }];
const NAMES: Record<string, string> = { '36.02': 'Kabupaten Lebak', '36.71': 'Kota Tangerang' };
const ctx = { grades: GRADES, sections: SECTIONS, kabkotaName: (c: string) => NAMES[c] ?? c, orgNames: new Map<string, string>() };

type Group = [kab: string, grade: string, n: number, sum: number, s0: number, s1: number];
const groups = (scores: Group[]) => scores.map(([kabkota, grade, n, sum, s0, s1]) => ({ kabkota, grade, n, sum, sections: [{ sum: s0 * n, n }, { sum: s1 * n, n }] }));

function facets(scores: Group[], status: [kab: string, state: string, n: number][], notStarted: [kab: string, n: number][] = [], self: Group[] = [], basis: 'verified' | 'all' = 'verified'): DashboardResults {
  return {
    basis,
    status: status.map(([kabkota, state, n]) => ({ kabkota, state, n })),
    notStarted: notStarted.map(([kabkota, n]) => ({ kabkota, n })),
    scores: { verified: groups(scores), self: groups(self) },
    top: { verified: [], self: [] }, bottom: { verified: [], self: [] }, guidance: { verified: [], self: [] },
  };
}

const shapeDashboard = (r: DashboardResults, c: typeof ctx) => shape(r, c, { list: 10, guidance: 500 });

const now = shapeDashboard(facets(
  [['36.02', 'B', 4, 4 * 75, 80, 60], ['36.02', 'D', 2, 2 * 40, 50, 30], ['36.71', 'A', 2, 2 * 90, 95, 85]],
  [['36.02', 'verified', 6], ['36.02', 'draft', 2], ['36.71', 'verified', 1], ['36.71', 'submitted', 1]],
  [['36.02', 2]],
), ctx);
const before = shapeDashboard(facets(
  [['36.02', 'C', 4, 4 * 60, 70, 50], ['36.71', 'B', 2, 2 * 80, 85, 75]],
  [['36.02', 'verified', 4], ['36.71', 'verified', 2]],
), ctx);
const cycle = { id: 'c2', name: 'Monev LKS 2026', year: 2026 };
const previous = { id: 'c1', name: 'Monev LKS 2025', year: 2025 };

describe('narrative', () => {
  it('states completion, average with the change, grades, guidance, sections and regions', () => {
    const s = buildSummary({ cycle, subjectLabel: 'LKS', dashboard: now, previous: { cycle: previous, dashboard: before } });
    expect(now.totals.avgTotal).toBe(70); // (300 + 80 + 180) / 8
    expect(before.totals.avgTotal).toBe(66.67); // (240 + 160) / 6
    expect(s.narrative).toEqual([
      'Dari 10 LKS sasaran Monev LKS 2026, 70,0% (7) telah diverifikasi, 10,0% (1) masih dalam proses pemeriksaan atau perbaikan, dan 20,0% (2) belum mengirimkan isian.',
      'Rata-rata skor terverifikasi 70,00 poin, dari 8 LKS yang telah diverifikasi. '
        + 'Dibanding 2025, rata-rata skor terverifikasi naik 3,33 poin (dari 66,67 poin menjadi 70,00 poin), dari 8 skor terverifikasi tahun ini dan 6 tahun lalu.',
      'Predikat terbanyak adalah B "Baik": 4 LKS (50,0% dari skor terverifikasi).',
      'Sebanyak 2 LKS (25,0% dari skor terverifikasi) berpredikat D "Perlu Pembinaan Intensif" dan memerlukan pembinaan intensif. Terbanyak di Kabupaten Lebak (2).',
      'Aspek terkuat adalah Manajemen (rata-rata 76,25 poin); aspek terlemah adalah Sarana dan Prasarana (rata-rata 58,75 poin).',
      'Rata-rata tertinggi di Kota Tangerang (90,00 poin) dan terendah di Kabupaten Lebak (63,33 poin).',
    ]);
    expect(s.comparison!.basis).toBe('verified');
    expect(s.comparison!.scores).toEqual({ now: 8, before: 6 });
    expect(s.comparison!.avgTotal).toEqual({ now: 70, before: 66.67, delta: 3.33 });
    expect(s.comparison!.grades.find((g) => g.grade === 'D')).toMatchObject({ now: 2, before: 0, delta: 2 });
    expect(s.comparison!.kabkota.map((k) => [k.kabkotaCode, k.delta])).toEqual([['36.71', 10], ['36.02', 3.33]]);
  });

  it('says when nothing is scored or nothing is targeted, and omits the comparison without a previous cycle', () => {
    const unscored = shapeDashboard(facets([], [['36.02', 'draft', 3]]), ctx);
    const s = buildSummary({ cycle, subjectLabel: 'Karang Taruna', dashboard: unscored, previous: null });
    expect(s.comparison).toBeNull();
    expect(s.narrative[1]).toBe('Belum ada Karang Taruna yang dinilai pada siklus ini.');
    const empty = buildSummary({ cycle, subjectLabel: 'TKSK', dashboard: shapeDashboard(facets([], []), ctx), previous: null });
    expect(empty.narrative).toEqual(['Belum ada TKSK sasaran pada Monev LKS 2026.']);
  });

  it('a region sentence needs two regions; a guidance sentence says when none is in the lowest band', () => {
    const one = shapeDashboard(facets([['36.02', 'A', 3, 270, 90, 90]], [['36.02', 'verified', 3]]), ctx);
    const text = buildSummary({ cycle, subjectLabel: 'LKS', dashboard: one, previous: null }).narrative.join(' ');
    expect(text).not.toContain('Rata-rata tertinggi');
    expect(text).toContain('Tidak ada LKS yang berpredikat D "Perlu Pembinaan Intensif" menurut skor terverifikasi.');
  });

  // 2 verified scores (A, 90) and 20 self scores (B, 75) this year; 31 verified last year (C, 60)
  const mixed = (basis: 'verified' | 'all') => shapeDashboard(facets(
    [['36.71', 'A', 2, 180, 90, 90]], [['36.71', 'verified', 2], ['36.02', 'returned', 20]], [], [['36.02', 'B', 20, 20 * 75, 75, 75]], basis,
  ), ctx);
  const lastYear = shapeDashboard(facets([['36.02', 'C', 31, 31 * 60, 60, 60]], [['36.02', 'verified', 31]]), ctx);

  it('by default counts verified scores only and says how many self scores it leaves out', () => {
    const s = buildSummary({ cycle, subjectLabel: 'LKS', dashboard: mixed('verified'), previous: { cycle: previous, dashboard: lastYear } });
    expect(s.dashboard.totals).toMatchObject({ scored: 2, verifiedBasis: 2, selfBasis: 20, avgTotal: 90 });
    expect(s.narrative[1]).toBe(
      'Rata-rata skor terverifikasi 90,00 poin, dari 2 LKS yang telah diverifikasi. '
      + '20 LKS lain baru memiliki skor penilaian mandiri yang belum diverifikasi dan tidak dihitung dalam angka skor ringkasan ini. '
      + 'Dibanding 2025, rata-rata skor terverifikasi naik 30,00 poin (dari 60,00 poin menjadi 90,00 poin), dari 2 skor terverifikasi tahun ini dan 31 tahun lalu.',
    );
  });

  it('with self scores included, states the mix, and still compares the years on verified scores only', () => {
    const all = mixed('all');
    expect(all.totals).toMatchObject({ scored: 22, verifiedBasis: 2, selfBasis: 20 });
    expect(all.totals.avgTotal).toBe(76.36); // (180 + 1500) / 22
    // the comparison needs this year's verified figures: refused without them
    expect(() => buildSummary({ cycle, subjectLabel: 'LKS', dashboard: all, previous: { cycle: previous, dashboard: lastYear } })).toThrow();
    const s = buildSummary({ cycle, subjectLabel: 'LKS', dashboard: all, verified: mixed('verified'), previous: { cycle: previous, dashboard: lastYear } });
    expect(s.comparison!.avgTotal).toEqual({ now: 90, before: 60, delta: 30 });
    expect(s.comparison!.scores).toEqual({ now: 2, before: 31 });
    expect(s.narrative[1]).toBe(
      'Rata-rata skor 76,36 poin dari 22 LKS yang telah dinilai, mencampur 2 skor terverifikasi dan 20 skor penilaian mandiri yang belum diverifikasi. '
      + 'Dibanding 2025, rata-rata skor terverifikasi naik 30,00 poin (dari 60,00 poin menjadi 90,00 poin), dari 2 skor terverifikasi tahun ini dan 31 tahun lalu.',
    );
    expect(s.narrative[2]).toBe('Predikat terbanyak adalah B "Baik": 20 LKS (90,9% dari skor yang dihitung).');
    // a previous year counted with self scores cannot be compared either
    expect(() => buildSummary({ cycle, subjectLabel: 'LKS', dashboard: mixed('verified'), previous: { cycle: previous, dashboard: all } })).toThrow();
  });

  it('with no verified score yet, says so instead of an average, and makes no comparison', () => {
    const none = shapeDashboard(facets([], [['36.02', 'submitted', 5]], [], [['36.02', 'B', 5, 375, 75, 75]]), ctx);
    const s = buildSummary({ cycle, subjectLabel: 'LKS', dashboard: none, previous: { cycle: previous, dashboard: lastYear } });
    expect(s.narrative[1]).toBe('Belum ada LKS yang diverifikasi pada siklus ini; 5 LKS baru memiliki skor penilaian mandiri, yang tidak dihitung dalam angka skor ringkasan ini.');
    expect(s.narrative).toHaveLength(2);
    expect(s.comparison!.avgTotal.delta).toBeNull();
    const withVerified = shapeDashboard(facets([['36.02', 'B', 1, 75, 75, 75]], [['36.02', 'verified', 1]]), ctx);
    const noneBefore = buildSummary({ cycle, subjectLabel: 'LKS', dashboard: withVerified, previous: { cycle: previous, dashboard: shapeDashboard(facets([], [['36.02', 'submitted', 3]]), ctx) } });
    expect(noneBefore.narrative[1]).toContain('Rata-rata skor belum dapat dibandingkan dengan 2025: tahun itu tidak ada skor terverifikasi.');
  });
});
