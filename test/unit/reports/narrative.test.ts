/** The leadership narrative and the comparison, from hand-made figures. */
import { buildSummary, shapeDashboard as shape, type DashboardResults } from '../../../server/domain/reports';

const GRADES = [{ grade: 'A', label: 'Sangat Baik', min: 86 }, { grade: 'B', label: 'Baik', min: 71 }, { grade: 'C', label: 'Cukup', min: 56 }, { grade: 'D', label: 'Perlu Pembinaan Intensif', min: 0 }];
const SECTIONS = [{ key: 'manajemen', title: 'Manajemen', weight: 1 }, { key: 'sarpras', title: 'Sarana dan Prasarana', weight: 1 }];
const NAMES: Record<string, string> = { '36.02': 'Kabupaten Lebak', '36.71': 'Kota Tangerang' };
const ctx = { grades: GRADES, sections: SECTIONS, kabkotaName: (c: string) => NAMES[c] ?? c, orgNames: new Map<string, string>() };

function facets(scores: [kab: string, grade: string, n: number, sum: number, s0: number, s1: number][], status: [kab: string, state: string, n: number][], notStarted: [kab: string, n: number][] = []): DashboardResults {
  return {
    status: status.map(([kabkota, state, n]) => ({ kabkota, state, n })),
    notStarted: notStarted.map(([kabkota, n]) => ({ kabkota, n })),
    scores: { verified: scores.map(([kabkota, grade, n, sum, s0, s1]) => ({ kabkota, grade, n, sum, sections: [{ sum: s0 * n, n }, { sum: s1 * n, n }] })), self: [] },
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
      'Rata-rata skor akhir 70,00 dari 8 LKS yang telah dinilai (8 berdasarkan skor terverifikasi, 0 berdasarkan penilaian mandiri). Angka ini naik 3,33 poin dibanding 2025 (66,67).',
      'Predikat terbanyak adalah B "Baik": 4 LKS (50,0%).',
      'Sebanyak 2 LKS (25,0% dari yang dinilai) berpredikat D "Perlu Pembinaan Intensif" dan memerlukan pembinaan intensif. Terbanyak di Kabupaten Lebak (2).',
      'Aspek terkuat adalah Manajemen (rata-rata 76,25); aspek terlemah adalah Sarana dan Prasarana (rata-rata 58,75).',
      'Rata-rata tertinggi di Kota Tangerang (90,00) dan terendah di Kabupaten Lebak (63,33).',
    ]);
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
    expect(text).toContain('Tidak ada LKS yang berpredikat D "Perlu Pembinaan Intensif".');
  });
});
