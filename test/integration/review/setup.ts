/**
 * Review-area test helpers on top of the fill area's fixtures (test instrument `uji-lks` with an
 * evidence item, a conditional group and the evaluator-only `manajemen.kunjungan`; organisations
 * in Lebak 36.02 and Kota Serang 36.73; an open cycle). Responses are submitted through the
 * operator's real JSON routes.
 */
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { ResponseModel } from '../../../server/model/response';
import { signedIn, type Agent } from '../../helpers/session';
import { PDF_BYTES } from '../fill/fixtures';
import { operatorOf } from '../fill/setup';

export { useFillEnv as useReviewEnv, openScenario, operatorOf, adminAgent, pimpinanAgent, type Scenario } from '../fill/setup';

/** tandaDaftar 4 (needs a file), rapat 3: self score (4+3)/8 = 87.5, grade A. */
export const COMPLETE = { profil: { namaLembaga: 'LKSA Harapan', kapasitas: 40 }, manajemen: { tandaDaftar: 4, rapat: 3 } };

let counter = 0;

export async function evaluatorIn(app: Express, kabkota: string[] | 'all', username = `evaluator${++counter}`): Promise<Agent> {
  return (await signedIn(app, { username, role: 'evaluator', kabkota, name: `Evaluator ${username}` })).agent;
}

export async function currentRev(id: string): Promise<number> {
  return (await ResponseModel.findById(id).lean())!.rev;
}

/** The operator saves answers, uploads a PDF (to the Tanda Daftar question by default) and submits; returns the agent and the file id. */
export async function submitAsOperator(app: Express, organisationId: string, responseId: string, answers: unknown = COMPLETE, evidencePath = 'manajemen.tandaDaftar'): Promise<{ op: Agent; fileId: string }> {
  const op = await operatorOf(app, organisationId);
  await op.put(`/api/tanggapan/${responseId}`).set('X-CSRF-Token', op.csrf).send({ rev: await currentRev(responseId), answers }).expect(200);
  const up = await op.post(`/api/tanggapan/${responseId}/bukti`).set('X-CSRF-Token', op.csrf).field('path', evidencePath)
    .attach('file', PDF_BYTES, { filename: 'tanda-daftar.pdf', contentType: 'application/pdf' }).expect(201);
  await op.post(`/api/tanggapan/${responseId}/kirim`).set('X-CSRF-Token', op.csrf)
    .send({ submissionId: randomUUID(), rev: await currentRev(responseId), answers }).expect(200);
  return { op, fileId: String(up.body.files[0].id) };
}

/** The `rev` hidden field of a review page (the first form on it). */
export function revOf(html: string): string {
  const m = /name="rev" value="(\d+)"/.exec(html);
  if (!m) throw new Error('no rev field on the page');
  return m[1];
}

/** Starts the review through the page's button; returns the new rev. */
export async function startReview(agent: Agent, responseId: string): Promise<string> {
  const page = await agent.get(`/tinjauan/${responseId}`).expect(200);
  await agent.post(`/tinjauan/${responseId}`).type('form').send({ _csrf: agent.csrf, rev: revOf(page.text), _action: 'start-review' }).expect(303);
  return String(await currentRev(responseId));
}
