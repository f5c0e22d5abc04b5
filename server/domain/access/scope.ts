/**
 * Row scoping: which organisations' data a user may read or change. The query layer is the ONE
 * place that applies it, by AND-ing `responseFilter(user)` / `organisationFilter(user)` into
 * every find, count, aggregate, update and delete. Out-of-scope rows then look non-existent
 * (404), never "forbidden", so ids of other organisations leak nothing.
 */
import type { AccessUser } from './roles';

export type Scope =
  | { readonly all: true }
  | { readonly none: true }
  | { readonly organisationIds: readonly string[] }
  | { readonly kabkota: readonly string[] }
  /** An evaluator assigned to kabupaten/kota AND listed organisations: rows in either (union). */
  | { readonly kabkota: readonly string[]; readonly organisationIds: readonly string[] };

export type MongoFilter = Record<string, unknown>;

/** Field names the filters use; defaults match the register record and the response model. */
export interface ScopeFields {
  readonly organisation: string;
  readonly kabkota: string;
}

export const RESPONSE_SCOPE_FIELDS: ScopeFields = Object.freeze({ organisation: 'organisationId', kabkota: 'kabkotaCode' });
export const ORGANISATION_SCOPE_FIELDS: ScopeFields = Object.freeze({ organisation: '_id', kabkota: 'location.kabkotaCode' });

/** A filter no document matches (`$in` of nothing); a fresh object each time, safe to extend. */
export function matchNothing(): MongoFilter {
  return { _id: { $in: [] } };
}

function strings(list: readonly unknown[] | undefined): string[] {
  return (list ?? []).filter((v): v is string => typeof v === 'string' && v !== '');
}

export function scopeFor(user: AccessUser | null | undefined): Scope {
  if (!user || user.disabled) return { none: true };
  switch (user.role) {
    case 'admin':
      return { all: true };
    case 'operator': {
      const ids = strings(user.organisationIds);
      return ids.length > 0 ? { organisationIds: ids } : { none: true };
    }
    case 'evaluator': {
      // Issue 5: kabupaten/kota and/or listed organisations; the scope is their union.
      if (user.kabkota === 'all') return { all: true };
      const codes = strings(Array.isArray(user.kabkota) ? user.kabkota : []);
      const ids = strings(user.organisationIds);
      if (codes.length > 0 && ids.length > 0) return { kabkota: codes, organisationIds: ids };
      if (ids.length > 0) return { organisationIds: ids };
      return codes.length > 0 ? { kabkota: codes } : { none: true };
    }
    case 'pimpinan': {
      if (user.kabkota === 'all') return { all: true };
      const codes = strings(Array.isArray(user.kabkota) ? user.kabkota : []);
      return codes.length > 0 ? { kabkota: codes } : { none: true };
    }
    default:
      return { none: true };
  }
}

/**
 * Turn a scope into a plain MongoDB filter. Ids stay strings; mongoose casts them for ObjectId
 * paths (pass `castId` when using the bare driver).
 */
export function scopeFilter(scope: Scope, fields: ScopeFields, castId: (id: string) => unknown = (id) => id): MongoFilter {
  if ('all' in scope) return {};
  if ('organisationIds' in scope && 'kabkota' in scope) {
    return { $or: [{ [fields.kabkota]: { $in: [...scope.kabkota] } }, { [fields.organisation]: { $in: scope.organisationIds.map(castId) } }] };
  }
  if ('organisationIds' in scope) return { [fields.organisation]: { $in: scope.organisationIds.map(castId) } };
  if ('kabkota' in scope) return { [fields.kabkota]: { $in: [...scope.kabkota] } };
  return matchNothing();
}

export function responseFilter(user: AccessUser | null | undefined, castId?: (id: string) => unknown): MongoFilter {
  return scopeFilter(scopeFor(user), RESPONSE_SCOPE_FIELDS, castId);
}

export function organisationFilter(user: AccessUser | null | undefined, castId?: (id: string) => unknown): MongoFilter {
  return scopeFilter(scopeFor(user), ORGANISATION_SCOPE_FIELDS, castId);
}

/** AND a (sanitised) caller filter with a scope filter without letting either override the other. */
export function withScope(scoped: MongoFilter, filter: MongoFilter = {}): MongoFilter {
  if (Object.keys(scoped).length === 0) return filter;
  if (Object.keys(filter).length === 0) return scoped;
  return { $and: [scoped, filter] };
}

/** Single-row check for code that already holds a document (same rule as the filters). */
export function inScope(user: AccessUser | null | undefined, row: { organisationId: string; kabkotaCode: string }): boolean {
  const scope = scopeFor(user);
  if ('all' in scope) return true;
  if ('organisationIds' in scope && 'kabkota' in scope) {
    return scope.kabkota.includes(row.kabkotaCode) || scope.organisationIds.includes(row.organisationId);
  }
  if ('organisationIds' in scope) return scope.organisationIds.includes(row.organisationId);
  if ('kabkota' in scope) return scope.kabkota.includes(row.kabkotaCode);
  return false;
}
