/**
 * The query layer's access rule, in one place: every read or write of responses, organisations,
 * evidence and report data goes through these helpers, which AND the user's scope into the filter
 * (server/domain/access/scope.ts). Out-of-scope rows behave as non-existent: callers answer 404
 * and audit `authz.denied` via `notFoundInScope`.
 */
import type { Request } from 'express';
import mongoose from 'mongoose';
import { organisationFilter, responseFilter, withScope, type MongoFilter } from '../../domain/access/scope';
import { Problem } from '../../domain/problems';
import { audit } from '../../http/audit';

const castId = (id: string): unknown => (mongoose.isValidObjectId(id) ? new mongoose.Types.ObjectId(id) : id);

/** Filter for responses the request's user may see, combined with `filter`. */
export function scopedResponses(req: Request, filter: MongoFilter = {}): MongoFilter {
  return withScope(responseFilter(req.user, castId), filter);
}

/** Filter for organisations the request's user may see, combined with `filter`. */
export function scopedOrganisations(req: Request, filter: MongoFilter = {}): MongoFilter {
  return withScope(organisationFilter(req.user, castId), filter);
}

/** A valid ObjectId from a URL parameter, or 404 (a malformed id is just a missing row). */
export function objectIdParam(value: unknown): mongoose.Types.ObjectId {
  if (typeof value !== 'string' || !/^[0-9a-f]{24}$/i.test(value)) throw new Problem(404.1);
  return new mongoose.Types.ObjectId(value);
}

/**
 * The row was not found in the user's scope. If it exists outside the scope, that is an access
 * attempt worth recording; either way the answer is the same 404.
 */
export async function notFoundInScope(req: Request, targetType: string, id: unknown, existsOutside: () => Promise<boolean>): Promise<never> {
  if (await existsOutside()) {
    await audit(req, { action: 'authz.denied', targetType, targetId: String(id), details: { method: req.method, path: req.path } });
  }
  throw new Problem(404.1);
}
