/**
 * Issue 5: an evaluator assigned to listed organisations (no kabupaten/kota) reviews only those.
 * Two organisations in Kab. Serang (36.04) each have a submitted response; the evaluator listed
 * for one of them sees and opens that one, and gets 404 for the other (checklist 6: out of scope
 * looks non-existent).
 */
import mongoose from 'mongoose';
import { ResponseModel } from '../../../server/model/response';
import { signedIn } from '../../helpers/session';
import { createOrganisation } from '../fill/fixtures';
import { openScenario, submitAsOperator, useReviewEnv } from './setup';

const env = useReviewEnv();

const rowIds = (html: string) => [...html.matchAll(/<tr data-response-id="([0-9a-f]{24})"/g)].map((m) => m[1]);

/** A submitted copy of an existing response for another organisation in Kab. Serang. */
async function submittedResponseOf(templateId: string, organisationId: string): Promise<string> {
  const base = await ResponseModel.findById(templateId).lean();
  const _id = new mongoose.Types.ObjectId();
  await ResponseModel.insertMany([{ ...base, _id, organisationId: new mongoose.Types.ObjectId(organisationId), kabkotaCode: '36.04', state: 'submitted' }]);
  return String(_id);
}

/**
 * The Lebak scenario submitted, plus two submitted responses of Kab. Serang organisations: one
 * to be listed for the evaluator (`mine`), one not (`notMine`).
 */
async function twoSerangResponses() {
  const s = await openScenario();
  await submitAsOperator(env.app, s.orgA, s.responseA);
  const listed = await createOrganisation('LKSA Cahaya Serang', '36.04');
  const other = await createOrganisation('LKSA Tunas Serang', '36.04');
  return { s, listed, mine: await submittedResponseOf(s.responseA, listed), notMine: await submittedResponseOf(s.responseA, other) };
}

describe('evaluator scoped by listed organisations', () => {
  it('checklist 6: sees and opens only the listed organisation\'s response; another Kab. Serang organisation is 404', async () => {
    const { s, listed, mine, notMine } = await twoSerangResponses();

    const { agent: ev } = await signedIn(env.app, { username: 'eval.lembaga', role: 'evaluator', kabkota: [], organisationIds: [listed] });
    const queue = await ev.get('/tinjauan').expect(200);
    expect(rowIds(queue.text)).toEqual([mine]);
    expect(queue.text).toContain('LKSA Cahaya Serang');
    expect(queue.text).not.toContain('LKSA Tunas Serang');

    const page = await ev.get(`/tinjauan/${mine}`).expect(200);
    expect(page.text).toContain('LKSA Cahaya Serang');
    const denied = await ev.get(`/tinjauan/${notMine}`).set('Accept', 'application/json');
    expect(denied.status).toBe(404);
    expect(denied.body.code).toBe(404.1);
    // nor the Lebak response, whose kabupaten/kota is not assigned either
    expect((await ev.get(`/tinjauan/${s.responseA}`).set('Accept', 'application/json')).status).toBe(404);
  });

  it('with a kabupaten/kota too, the scope is the union', async () => {
    const { s, listed, mine, notMine } = await twoSerangResponses();
    const { agent: ev } = await signedIn(env.app, { username: 'eval.campur', role: 'evaluator', kabkota: ['36.02'], organisationIds: [listed] });
    expect(rowIds((await ev.get('/tinjauan').expect(200)).text).sort()).toEqual([s.responseA, mine].sort());
    await ev.get(`/tinjauan/${s.responseA}`).expect(200);
    await ev.get(`/tinjauan/${mine}`).expect(200);
    expect((await ev.get(`/tinjauan/${notMine}`).set('Accept', 'application/json')).status).toBe(404);
  });
});
