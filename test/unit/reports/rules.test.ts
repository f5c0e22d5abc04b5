/** Completion buckets, score basis, filters (checklist 3) and Indonesian formatting. */
import {
  bucketOf, effectiveScore, filterQuery, formatCountDelta, formatDate, formatDateTime, formatDelta, formatInt, formatPct, formatScore,
  isoLocal, parseFilters, pointsByPath, sectionScore,
} from '../../../server/domain/reports';

const CHOICES = { kabkota: ['36.02', '36.04'], jenisPelayanan: ['lksa_anak'], grades: ['A', 'B', 'C', 'D'] };

describe('completion buckets', () => {
  it.each([
    [{ state: 'draft', answers: {} }, 'not_started'],
    [{ state: 'draft' }, 'not_started'],
    [{ state: 'draft', answers: { profil: { a: 1 } }, prefilledFrom: 'x', rev: 0 }, 'not_started'],
    [{ state: 'draft', answers: { profil: { a: 1 } }, prefilledFrom: 'x', rev: 2 }, 'draft'],
    [{ state: 'draft', answers: { profil: { a: 1 } }, prefilledFrom: null, rev: 0 }, 'draft'],
    [{ state: 'submitted' }, 'submitted'],
    [{ state: 'resubmitted' }, 'submitted'],
    [{ state: 'in_review' }, 'in_review'],
    [{ state: 'returned', answers: {} }, 'returned'],
    [{ state: 'verified' }, 'verified'],
    [{ state: 'unknown' }, 'draft'],
  ])('%j → %s', (doc, bucket) => {
    expect(bucketOf(doc)).toBe(bucket);
  });
});

describe('score basis', () => {
  const self = { total: 60, grade: 'C', sections: { a: { score: 50 } }, items: [{ path: 'a.x', points: 2 }] };
  const verified = { total: 72.5, grade: 'B', sections: { a: { score: 80 } }, items: [{ path: 'a.x', points: 3 }] };
  it('uses the verified score when it has a total, else the self score, else none', () => {
    expect(effectiveScore({ selfScore: self, verifiedScore: verified })).toEqual({ basis: 'verified', score: verified });
    expect(effectiveScore({ selfScore: self, verifiedScore: null })).toEqual({ basis: 'self', score: self });
    expect(effectiveScore({ selfScore: self, verifiedScore: { total: null } })).toEqual({ basis: 'self', score: self });
    expect(effectiveScore({ selfScore: null, verifiedScore: null })).toBeNull();
    expect(effectiveScore({})).toBeNull();
  });
  it('reads section scores and item points defensively', () => {
    expect(sectionScore(verified, 'a')).toBe(80);
    expect(sectionScore(verified, 'missing')).toBeNull();
    expect(sectionScore(null, 'a')).toBeNull();
    expect(pointsByPath(self).get('a.x')?.points).toBe(2);
    expect(pointsByPath({ items: null }).size).toBe(0);
  });
});

describe('filters', () => {
  it('reads values from the closed sets', () => {
    expect(parseFilters({ kabkota: '36.02', jenis: 'lksa_anak', predikat: 'D', status: 'not_started' }, CHOICES))
      .toEqual({ ok: true, filters: { kabkota: '36.02', jenisPelayanan: 'lksa_anak', grade: 'D', state: 'not_started' } });
    expect(parseFilters({ kabkota: '', status: '' }, CHOICES)).toEqual({ ok: true, filters: {} });
  });
  it('checklist 3: anything else is refused by name, never passed on', () => {
    expect(parseFilters({ status: 'deleted' }, CHOICES)).toEqual({ ok: false, param: 'status' });
    expect(parseFilters({ kabkota: '36.99' }, CHOICES)).toEqual({ ok: false, param: 'kabkota' });
    expect(parseFilters({ kabkota: ['36.02', '36.04'] }, CHOICES)).toEqual({ ok: false, param: 'kabkota' });
    expect(parseFilters({ predikat: { $ne: 'A' } }, CHOICES)).toEqual({ ok: false, param: 'predikat' });
    expect(parseFilters({ jenis: '__proto__' }, CHOICES)).toEqual({ ok: false, param: 'jenis' });
    // the simple query parser keeps `status[$ne]` as its own key, which no filter reads
    expect(parseFilters({ 'status[$ne]': 'x' }, CHOICES)).toEqual({ ok: true, filters: {} });
  });
  it('writes filters back into links', () => {
    expect(filterQuery({ kabkota: '36.02', state: 'verified' })).toBe('?kabkota=36.02&status=verified');
    expect(filterQuery({ kabkota: '36.02' }, { kabkota: '36.04', grade: 'A' })).toBe('?kabkota=36.04&predikat=A');
    expect(filterQuery({})).toBe('');
  });
});

describe('Indonesian formatting', () => {
  it('numbers use a decimal comma and dot thousands', () => {
    expect(formatInt(12345)).toBe('12.345');
    expect(formatScore(74.3)).toBe('74,30');
    expect(formatPct(78.05)).toBe('78,1%');
    expect(formatDelta(2.1)).toBe('+2,10');
    expect(formatDelta(-0.5)).toBe('−0,50');
    expect(formatDelta(0.001)).toBe('0,00');
    expect(formatCountDelta(-3)).toBe('−3');
    expect(formatScore(null)).toBe('–');
  });
  it('dates are in WIB with Indonesian month names', () => {
    expect(formatDate(new Date('2026-07-12T18:30:00Z'))).toBe('13 Juli 2026');
    expect(formatDateTime(new Date('2026-07-12T07:05:00Z'))).toBe('12 Juli 2026 14.05 WIB');
    expect(isoLocal(new Date('2026-07-12T18:30:00Z'))).toBe('2026-07-13 01:30');
    expect(formatDate('2027-02-01')).toBe('1 Februari 2027');
    expect(isoLocal(null)).toBeNull();
  });
});
