/**
 * The report JSON API and its OpenAPI document: every report route is documented with the policy
 * it is declared with, and every documented JSON response validates against its schema (so the
 * document describes what the server really sends).
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { signedIn, type Agent } from '../../helpers/session';
import { registryOf } from '../../../server/http/endpoint';
import { seedReports, type Seeded } from './seed';
import { useTestApp } from '../../helpers/env';

const env = useTestApp();

let seeded: Seeded;
let admin: Agent;

interface Spec {
  paths: Record<string, Record<string, { 'x-policy'?: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
  components: { schemas: Record<string, unknown> };
}

beforeAll(async () => {
  seeded = await seedReports();
  admin = (await signedIn(env.app, { username: 'admin1', role: 'admin' })).agent;
}, 60000);

async function spec(): Promise<Spec> {
  const res = await admin.get('/api/openapi.json').set('Accept', 'application/json');
  expect(res.status).toBe(200);
  return res.body as Spec;
}

const REPORT_PATH = /^\/(api\/(laporan|dasbor|rapor|openapi)|laporan\/:cycleId\/ekspor)/;
const toOpenApi = (path: string) => path.replace(/:(\w+)/g, '{$1}');

describe('OpenAPI document', () => {
  it('is served to signed-in users only', async () => {
    const res = await request(env.app).get('/api/openapi.json').set('Accept', 'application/json');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe(401.1);
  });

  it('documents every report API route with its declared policy', async () => {
    const doc = await spec();
    const declared = registryOf(env.app).list().filter((r) => REPORT_PATH.test(r.path));
    expect(declared.length).toBeGreaterThanOrEqual(8);
    for (const route of declared) {
      const op = doc.paths[toOpenApi(route.path)]?.[route.method.toLowerCase()];
      expect(op).toBeDefined();
      if (route.policy !== 'authenticated') expect(op!['x-policy']).toBe(route.policy);
    }
  });

  it('every JSON response of the API validates against its documented schema', async () => {
    const doc = await spec();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'spec', components: doc.components });
    const validatorFor = (path: string) => {
      const schema = doc.paths[path].get.responses['200'].content!['application/json'].schema;
      return ajv.compile(JSON.parse(JSON.stringify(schema).replace(/"#\/components/g, '"spec#/components')));
    };
    const calls: [string, string][] = [
      ['/api/laporan', '/api/laporan'],
      ['/api/dasbor/{cycleId}', `/api/dasbor/${seeded.cycleId}`],
      ['/api/dasbor/{cycleId}', `/api/dasbor/${seeded.cycleId}?kabkota=36.02&status=verified`],
      ['/api/laporan/{cycleId}/ringkasan', `/api/laporan/${seeded.cycleId}/ringkasan`],
      ['/api/laporan/{cycleId}/ringkasan', `/api/laporan/${seeded.previousCycleId}/ringkasan`],
      ['/api/laporan/{cycleId}/rapor', `/api/laporan/${seeded.cycleId}/rapor?hal=1`],
      ['/api/rapor/{responseId}', `/api/rapor/${seeded.responseIds.A1}`],
      ['/api/rapor/{responseId}', `/api/rapor/${seeded.responseIds.A5}`],
    ];
    for (const [path, url] of calls) {
      const res = await admin.get(url).set('Accept', 'application/json');
      expect(res.status).toBe(200);
      const validate = validatorFor(path);
      const ok = validate(res.body);
      if (!ok) throw new Error(`${url}: ${ajv.errorsText(validate.errors)}`);
    }
  });

  it('the card list pages through all report cards in scope', async () => {
    const res = await admin.get(`/api/laporan/${seeded.cycleId}/rapor`).set('Accept', 'application/json');
    expect(res.body).toMatchObject({ page: 1, pages: 1, total: 12 });
    expect(res.body.cards).toHaveLength(12);
  });
});
