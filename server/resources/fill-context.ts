/**
 * What every fill page and action needs about one response, loaded once per request: the
 * response (scoped: 404 + audit if not the user's), its cycle, the organisation's name, the
 * compiled instrument version it is pinned to, and whether the operator may change it now.
 */
import type { Request } from 'express';
import type { LoadedForm } from '../domain/forms';
import { Problem, type ProblemCode } from '../domain/problems';
import { effectiveDeadline as laterDeadline, windowState, type WindowState } from '../domain/workflow/deadline';
import { transition, type WorkflowAction } from '../domain/workflow/state-machine';
import type { Role } from '../domain/access/roles';
import { Cycle } from '../model/cycle';
import { Organisation } from '../model/organisation';
import { loadPublishedForm } from '../model/query/instruments';
import { findResponse, responseWindow, type ResponseDoc } from '../model/query/responses';

export interface CycleInfo {
  _id: unknown;
  name: string;
  year: number;
  opensAt: Date;
  closesAt: Date;
  /** 'draft' | 'open' | 'closed' (closed: no operator write whatever the dates say) */
  status: string;
}

export interface FillContext {
  response: ResponseDoc;
  cycle: CycleInfo;
  /** for pages; '' when loaded `withoutOrganisation` (the JSON API does not show it) */
  organisationName: string;
  form: LoadedForm;
  window: WindowState;
  /** the deadline that applies now (the extension when one runs) */
  deadline: Date;
  /** null when the operator may save drafts now, else why not */
  editRefusal: ProblemCode | null;
}

/** What pages and the window need about a cycle (the status decides whether it is closed). */
export const CYCLE_INFO_FIELDS = { name: 1, year: 1, opensAt: 1, closesAt: 1, status: 1 } as const;

export async function loadCycle(id: unknown): Promise<CycleInfo> {
  const cycle = await Cycle.findById(id, CYCLE_INFO_FIELDS).lean();
  if (!cycle) throw new Problem(404.1);
  return cycle as CycleInfo;
}

/** The later of the cycle's deadline and the response's extension (a closed cycle is closed anyway). */
export function effectiveDeadline(response: Pick<ResponseDoc, 'extensionUntil'>, cycle: Pick<CycleInfo, 'closesAt'>): Date {
  return laterDeadline(cycle.closesAt, response.extensionUntil);
}

/** Whether `action` is allowed now for this user; the refusal code otherwise. */
export function refusal(req: Request, ctx: Pick<FillContext, 'response' | 'cycle'>, action: WorkflowAction, now = new Date()): ProblemCode | null {
  const result = transition(ctx.response.state, action, { role: req.user!.role as Role, ...responseWindow(ctx.response, ctx.cycle, now) });
  return result.ok ? null : (result.problem.code as ProblemCode);
}

/** The submit action for the response's state: a returned response is resubmitted. */
export function submitAction(response: Pick<ResponseDoc, 'state'>): 'submit' | 'resubmit' {
  return response.state === 'returned' ? 'resubmit' : 'submit';
}

export interface FillContextOptions {
  projection?: Record<string, 0 | 1>;
  /** skip reading the organisation's name (one query fewer on API calls) */
  withoutOrganisation?: boolean;
}

export async function loadFillContext(req: Request, id: unknown, options: FillContextOptions = {}): Promise<FillContext> {
  const response = await findResponse(req, id, options.projection);
  const [cycle, org, form] = await Promise.all([
    loadCycle(response.cycleId),
    options.withoutOrganisation ? null : Organisation.findById(response.organisationId, { 'identity.nama': 1 }).lean(),
    loadPublishedForm(response.formId, response.formVersion),
  ]);
  const now = new Date();
  const ctx = { response, cycle };
  return {
    response,
    cycle,
    organisationName: org?.identity?.nama ?? '',
    form,
    window: windowState(responseWindow(response, cycle, now)),
    deadline: effectiveDeadline(response, cycle),
    editRefusal: refusal(req, ctx, 'saveDraft', now),
  };
}

/** The section key from the URL, or 404. */
export function sectionParam(form: LoadedForm, value: unknown): string {
  const key = typeof value === 'string' ? value : '';
  if (!form.sections.some((s) => s.key === key)) throw new Problem(404.1);
  return key;
}

/** A `rev` posted by a form or JSON client: a non-negative integer, else 400.1. */
export function revParam(value: unknown): number {
  const text = Array.isArray(value) ? value[0] : value;
  const n = typeof text === 'number' ? text : typeof text === 'string' && /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 0) throw new Problem(400.1, { field: 'rev' });
  return n;
}

/** The earliest and latest device time accepted (a phone's clock may be wrong, not absurd). */
const DEVICE_TIME_RANGE = { min: Date.UTC(2020, 0, 1), maxAheadMs: 7 * 24 * 3600 * 1000 };

/**
 * When a change was made on the device (sync of an offline queue), as the device's clock says:
 * an ISO 8601 text; absent → null; malformed or absurd → 400.1. Kept beside the server's own time.
 */
export function deviceTimeParam(value: unknown, now = Date.now()): Date | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text === null || text === '') return null;
  const ms = typeof text === 'string' && text.length <= 40 && /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms) || ms < DEVICE_TIME_RANGE.min || ms > now + DEVICE_TIME_RANGE.maxAheadMs) throw new Problem(400.1, { field: 'clientAt' });
  return new Date(ms);
}

/** A client's id for one queued save (replayed after a lost answer): absent → null; malformed → 400.1. */
export function saveIdParam(value: unknown): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text === null || text === '') return null;
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(text)) throw new Problem(400.1, { field: 'saveId' });
  return text;
}
