/**
 * One app + in-memory database per test file, emptied between tests, with helpers to sign in
 * the roles the fill area deals with.
 */
import type { Express } from 'express';
import mongoose from 'mongoose';
import { useTestApp, type TestEnv } from '../../helpers/env';
import { signedIn, type Agent } from '../../helpers/session';
import { clearInstrumentCache } from '../../../server/model/query/instruments';
import { ResponseModel } from '../../../server/model/response';
import { createCycle, createOrganisation, publishTestInstrument } from './fixtures';
import { openCycle } from '../../../server/resources/cycles-open';
import type { Request } from 'express';

export type FillEnv = TestEnv;

/** The shared app + database (emptied before each test), and no instrument cached across tests. */
export function useFillEnv(): FillEnv {
  const env = useTestApp({ clearEach: true });
  beforeEach(clearInstrumentCache);
  return env;
}

let counter = 0;
const unique = (role: string) => `${role}${++counter}`;

export async function operatorOf(app: Express, organisationId: string): Promise<Agent> {
  return (await signedIn(app, { username: unique('op'), role: 'operator', organisationIds: [organisationId] })).agent;
}

export async function adminAgent(app: Express): Promise<Agent> {
  return (await signedIn(app, { username: unique('admin'), role: 'admin' })).agent;
}

export async function evaluatorAgent(app: Express, kabkota: string[] | 'all' = 'all'): Promise<Agent> {
  return (await signedIn(app, { username: unique('eval'), role: 'evaluator', kabkota })).agent;
}

export async function pimpinanAgent(app: Express): Promise<Agent> {
  return (await signedIn(app, { username: unique('pim'), role: 'pimpinan', kabkota: 'all' })).agent;
}

/** A fake admin request for calling server functions directly (cycle opening in fixtures). */
function adminRequest(): Request {
  return { user: { id: 'test-admin', role: 'admin', organisationIds: [], kabkota: 'all', disabled: false, name: 'Admin', username: 'admin' }, ip: '127.0.0.1', id: 'test', method: 'POST', path: '/test' } as unknown as Request;
}

export interface Scenario {
  cycleId: string;
  orgA: string;
  orgB: string;
  responseA: string;
  responseB: string;
}

/** Published instrument, two organisations (Lebak and Kota Serang), an open cycle, one response each. */
export async function openScenario(fields: Parameters<typeof createCycle>[0] = {}): Promise<Scenario> {
  await publishTestInstrument(fields.version ?? '2026.1');
  const orgA = await createOrganisation('LKSA Harapan', '36.02');
  const orgB = await createOrganisation('LKSA Bina Insani', '36.73');
  const cycleId = await createCycle(fields);
  await openCycle(adminRequest(), new mongoose.Types.ObjectId(cycleId));
  const a = await ResponseModel.findOne({ organisationId: orgA }).lean();
  const b = await ResponseModel.findOne({ organisationId: orgB }).lean();
  return { cycleId, orgA, orgB, responseA: String(a!._id), responseB: String(b!._id) };
}

/** The `rev` hidden field of a section page. */
export function revOf(html: string): number {
  const m = /name="rev" value="(\d+)"/.exec(html);
  if (!m) throw new Error('no rev field on the page');
  return Number(m[1]);
}

export function submissionIdOf(html: string): string {
  const m = /name="submissionId" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no submissionId field on the page');
  return m[1];
}
