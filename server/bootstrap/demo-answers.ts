/**
 * Demo answers for any instrument, generated from its definition: every question gets a value
 * its schema accepts; scored questions are answered to match a "quality" between 0 and 1 (a good
 * institution mostly scores 3-4, a weak one 0-2), so totals spread over the grade bands. Profile
 * questions whose key names a register field are answered from the organisation's record.
 * The engine then prunes hidden answers; the result validates like a real submission.
 */
import { type LoadedForm, validateAnswers } from '../domain/forms';
import type { ScoringItem } from '../domain/forms/scoring-spec';
import { kecamatanByCode } from '../data/regions';
import type { OrganisationRecord } from '../domain/register/record';
import { tandaDaftarValid, wibDate } from '../domain/register/validity';
import type { Rng } from './demo-random';

type Schema = Record<string, unknown>;
interface Option { value: unknown; title: string }

interface Ctx { rng: Rng; quality: number; root: Schema; items: Map<string, ScoringItem>; hints: Map<string, unknown> }

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const norm = (text: string) => text.toLowerCase().replace(/telantar/g, 'terlantar').replace(/[^a-z0-9]+/g, '');

/** The schema with a local `$ref` merged in (sibling keywords win, as in 2020-12). */
function resolve(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let target: unknown = root;
  for (const part of ref.slice(2).split('/')) target = isObject(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  const { $ref: _drop, ...rest } = schema;
  return isObject(target) ? { ...resolve(target, root), ...rest } : rest;
}

function optionsOf(schema: Schema): Option[] {
  const list = (schema.oneOf ?? schema.anyOf) as unknown;
  if (Array.isArray(list) && list.every((o) => isObject(o) && 'const' in o)) {
    return list.map((o) => ({ value: (o as Schema).const, title: String((o as Schema).title ?? (o as Schema).const) }));
  }
  return Array.isArray(schema.enum) ? schema.enum.map((v) => ({ value: v, title: String(v) })) : [];
}

/** The option closest to a register value (codes differ in spelling between register and form). */
function matchOption(options: Option[], hint: unknown): Option | undefined {
  const wanted = norm(String(hint));
  if (wanted === '') return undefined;
  return options.find((o) => norm(String(o.value)) === wanted || norm(o.title) === wanted)
    ?? options.find((o) => wanted.startsWith(norm(String(o.value))) || wanted.endsWith(norm(String(o.value))));
}

function scoredValue(item: ScoringItem, options: Option[], ctx: Ctx): unknown {
  const spread = (ctx.rng.next() - 0.5) * 0.5 * item.max;
  const target = Math.max(0, Math.min(item.max, Math.round(ctx.quality * item.max + spread)));
  if (item.points && item.multiple) {
    // Several choices add up: take the highest-scoring ones until the target is reached (at least one).
    const ranked = options.filter((o) => !item.notApplicable.has(String(o.value)))
      .sort((a, b) => (item.points!.get(String(b.value)) ?? 0) - (item.points!.get(String(a.value)) ?? 0) || ctx.rng.next() - 0.5);
    const chosen: unknown[] = [];
    let sum = 0;
    for (const o of ranked) {
      if (chosen.length > 0 && sum >= target) break;
      chosen.push(o.value);
      sum += item.points.get(String(o.value)) ?? 0;
    }
    return chosen;
  }
  if (item.points) {
    const candidates = options.filter((o) => !item.notApplicable.has(String(o.value)));
    let best = candidates[0];
    for (const o of candidates) {
      const diff = Math.abs((item.points.get(String(o.value)) ?? 0) - target);
      if (diff < Math.abs((item.points.get(String(best.value)) ?? 0) - target)) best = o;
    }
    return best?.value;
  }
  const bands = item.bands ?? [];
  let band = bands[0];
  for (const b of bands) if (Math.abs(b.points - target) < Math.abs((band?.points ?? 0) - target)) band = b;
  if (!band) return 0;
  const lo = band.min ?? Math.max(0, (band.max ?? 1) - 5);
  const hi = band.max !== undefined ? band.max - 1 : lo + 5;
  return ctx.rng.int(Math.ceil(lo), Math.max(Math.ceil(lo), Math.floor(hi)));
}

function textValue(schema: Schema, key: string, ctx: Ctx): string {
  const format = schema.format;
  const year = new Date().getUTCFullYear();
  if (format === 'date') return `${year - ctx.rng.int(1, 6)}-${String(ctx.rng.int(1, 12)).padStart(2, '0')}-${String(ctx.rng.int(1, 28)).padStart(2, '0')}`;
  if (format === 'email') return `demo.${key.toLowerCase()}@contoh.id`;
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : '';
  if (/\[0-9\]\{15,16\}/.test(pattern)) return `0${ctx.rng.int(100_000_000, 999_999_999)}00000`.slice(0, 15);
  if (/\\\+62\|0/.test(pattern)) return `0812${ctx.rng.int(10_000_000, 99_999_999)}`;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : 200;
  const text = ctx.rng.pick(['Sudah berjalan sesuai rencana (data demo).', 'Catatan contoh untuk demo.', 'Dilaksanakan bersama pengurus dan relawan (demo).']);
  return text.padEnd(min, '.').slice(0, max);
}

function generate(raw: Schema, path: string[], ctx: Ctx): unknown {
  const schema = resolve(raw, ctx.root);
  const dotted = path.join('.');
  const options = optionsOf(schema);
  const key = path[path.length - 1] ?? '';
  if (ctx.hints.has(key) && path.length === 2) {
    const hint = ctx.hints.get(key);
    if (options.length > 0) {
      const match = matchOption(options, hint);
      if (match) return match.value;
    } else if (Array.isArray(hint) && isObject(schema.items)) {
      const itemOptions = optionsOf(resolve(schema.items, ctx.root));
      const values = hint.map((h) => matchOption(itemOptions, h)?.value).filter((v) => v !== undefined);
      if (values.length > 0) return [...new Set(values)];
    } else if (hint !== undefined && !Array.isArray(hint)) return hint;
  }
  const item = ctx.items.get(dotted);
  if (item) return scoredValue(item, item.multiple && isObject(schema.items) ? optionsOf(resolve(schema.items, ctx.root)) : options, ctx);
  if (options.length > 0) return ctx.rng.pick(options).value;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' || isObject(schema.properties)) {
    const out: Record<string, unknown> = {};
    for (const [k, sub] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
      if (isObject(sub) && sub['x-evaluatorOnly'] !== true) out[k] = generate(sub, [...path, k], ctx);
    }
    return out;
  }
  if (type === 'array') {
    const items = isObject(schema.items) ? resolve(schema.items, ctx.root) : {};
    const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
    const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : 3;
    const count = Math.max(minItems, Math.min(maxItems, ctx.rng.int(1, 3)));
    const itemOptions = optionsOf(items);
    if (itemOptions.length > 0) {
      const chosen = new Set<unknown>();
      while (chosen.size < Math.min(count, itemOptions.length)) chosen.add(ctx.rng.pick(itemOptions).value);
      return [...chosen];
    }
    return Array.from({ length: count }, (_, i) => generate(items, [...path, String(i)], ctx));
  }
  if (type === 'integer' || type === 'number') {
    const lo = typeof schema.minimum === 'number' ? schema.minimum : 0;
    const hi = typeof schema.maximum === 'number' ? Math.min(schema.maximum, lo + 60) : lo + 60;
    return ctx.rng.int(Math.ceil(lo), Math.floor(hi));
  }
  if (type === 'boolean') return ctx.rng.chance(0.7);
  return textValue(schema, key, ctx);
}

/** Register values offered to profile questions with these keys (a question key ↔ field). */
function registerHints(org: OrganisationRecord, today: string): Map<string, unknown> {
  const { identity: id, legal, location: loc, contact, people, accreditation: akr } = org;
  const tandaDaftar = !legal.tandaDaftar?.nomor ? 'belum-ada' : tandaDaftarValid(org, today) ? 'berlaku' : 'kedaluwarsa';
  const hints: Record<string, unknown> = {
    namaLembaga: id.nama, namaYayasan: id.namaYayasan, tahunBerdiri: id.tahunBerdiri, jenisPelayanan: id.jenisPelayanan,
    sasaranPmks: id.sasaranPmks.length > 0 ? id.sasaranPmks : undefined, bentukPelayanan: id.lokasiPelayanan,
    nomorAktaNotaris: legal.aktaNotaris?.nomor, tanggalAktaNotaris: legal.aktaNotaris?.tanggal, namaNotaris: legal.aktaNotaris?.notaris,
    nomorSkKemenkumham: legal.skKemenkumham, npwp: legal.npwp, nomorTandaDaftar: legal.tandaDaftar?.nomor,
    tanggalTandaDaftar: legal.tandaDaftar?.tanggalTerbit, tandaDaftarBerlakuSampai: legal.tandaDaftar?.berlakuSampai,
    penerbitTandaDaftar: legal.tandaDaftar?.penerbit, statusBadanHukum: legal.statusBadanHukum === 'berbadan_hukum' ? 'yayasan' : 'belum-berbadan-hukum',
    tandaDaftar, kecamatan: kecamatanByCode(loc.kecamatanCode)?.nama,
    alamat: loc.alamat, desaKelurahan: loc.desaKelurahan, kabupatenKota: loc.kabkotaCode, namaPimpinan: contact.ketua,
    telepon: contact.telepon?.replace(/^\+62/, '0'), email: contact.email, kapasitas: people.kapasitas,
    penerimaManfaatLaki: people.penerimaManfaatL, penerimaManfaatPerempuan: people.penerimaManfaatP, jumlahPengurus: people.jumlahPengurus,
    jumlahStaf: people.jumlahStaf, jumlahPekerjaSosial: people.pekerjaSosialBersertifikat, statusAkreditasi: akr.status === 'proses' ? 'proses' : akr.status,
    tahunAkreditasi: akr.tanggal ? Number(akr.tanggal.slice(0, 4)) : undefined,
  };
  return new Map(Object.entries(hints).filter(([, v]) => v !== undefined));
}

export interface DemoAnswers { answers: Record<string, unknown>; ok: boolean; errors: string[] }

/** Complete answers for a submission (validated in submit mode, hidden answers pruned). */
export function demoAnswers(form: LoadedForm, org: OrganisationRecord, rng: Rng, quality: number, now: Date): DemoAnswers {
  const root = form.definition as Schema;
  const ctx: Ctx = { rng, quality, root, items: new Map(form.runtime.items.map((i) => [i.path, i])), hints: registerHints(org, wibDate(now)) };
  const raw = generate(root, [], ctx);
  const checked = validateAnswers(form, raw, { mode: 'submit', role: 'operator' });
  return { answers: (checked.value ?? {}) as Record<string, unknown>, ok: checked.ok, errors: checked.errors.map((e) => `${e.path}: ${e.message}`) };
}

/** A draft: only the first `sections` sections answered (what an operator saved so far). */
export function partialAnswers(form: LoadedForm, full: Record<string, unknown>, sections: number): Record<string, unknown> {
  const keep = new Set(form.sections.slice(0, sections).map((s) => s.key));
  return Object.fromEntries(Object.entries(full).filter(([k]) => keep.has(k)));
}
