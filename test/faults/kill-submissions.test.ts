/**
 * Checklist 33: kill -9 of the server during many concurrent submissions, then restart on the
 * same DATA_DIR (the embedded database lives in the killed process). Each organisation's operator
 * uploads an evidence file and submits the response through the JSON API; the server is killed
 * while submissions are in flight. After the restart, every submission that got a 2xx is there
 * exactly once: state `submitted`, its evidence file listed and downloadable byte for byte, and
 * one `response.submit` audit entry. (The same harness drove concurrent sign-ins before submissions
 * existed; this test supersedes that one and keeps the suite short.)
 */
import fs from 'node:fs';
import { AuditEntry } from '../../server/model/audit';
import { ResponseModel } from '../../server/model/response';
import { PDF_BYTES } from '../integration/fill/fixtures';
import { makeDataDir, startAppServer, type AppServer } from '../e2e/app-server';
import { withDataDirDb } from './data-dir-db';
import { killDuringWrites } from './kill-harness';
import { SEEDED_OPERATOR, seedOpenCycle } from './seed-cycle';
import { signedInSession, type Session } from './web-client';

const RESPONSES = 120;
const CONCURRENCY = 32;
const KILL_AFTER = 30;
const EVIDENCE_PATH = 'manajemen.tandaDaftar';

interface Submitted { responseId: string; fileId: string; submissionId: string }

/** Upload one PDF, then submit complete answers; the ack only when the submission answered 2xx. */
async function uploadAndSubmit(baseUrl: string, s: Session, responseId: string, index: number): Promise<Submitted | null> {
  const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf, accept: 'application/json' };
  const form = new FormData();
  form.append('path', EVIDENCE_PATH);
  form.append('file', new Blob([PDF_BYTES], { type: 'application/pdf' }), `tanda-daftar-${index}.pdf`);
  const up = await fetch(`${baseUrl}/api/tanggapan/${responseId}/bukti`, { method: 'POST', headers, body: form });
  const uploaded = await up.json() as { rev: number; files: { id: string }[] };
  if (up.status !== 201) return null;
  const submissionId = `kill-test-${index}-${responseId}`;
  const res = await fetch(`${baseUrl}/api/tanggapan/${responseId}/kirim`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      submissionId, rev: uploaded.rev,
      answers: { profil: { namaLembaga: `LKS Uji ${index}`, kapasitas: 40 }, manajemen: { tandaDaftar: 4, rapat: 3 } },
    }),
  });
  await res.arrayBuffer();
  return res.status >= 200 && res.status < 300 ? { responseId, fileId: uploaded.files[0].id, submissionId } : null;
}

describe('kill -9 during concurrent submissions, then restart (checklist 33)', () => {
  const dataDir = makeDataDir('monev-kill-submit');
  let restarted: AppServer | undefined;

  afterAll(async () => {
    await restarted?.stop({ keepData: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged submission exactly once, with its evidence and audit entry', async () => {
    const { responseIds } = await seedOpenCycle(dataDir, { organisations: RESPONSES, instrument: 'test' });
    expect(responseIds).toHaveLength(RESPONSES);
    const sessions = new Map<string, Promise<Session>>();

    const run = await killDuringWrites<Submitted>({
      start: (dir) => startAppServer({ database: 'embedded', dataDir: dir }),
      dataDir,
      total: RESPONSES,
      concurrency: CONCURRENCY,
      killAfterAcks: KILL_AFTER,
      send: async (baseUrl, i) => {
        if (!sessions.has(baseUrl)) sessions.set(baseUrl, signedInSession(baseUrl, SEEDED_OPERATOR));
        return uploadAndSubmit(baseUrl, await sessions.get(baseUrl)!, responseIds[i], i);
      },
    });
    restarted = run.restarted;
    expect(run.acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(run.inFlightAtKill).toBeGreaterThan(0);

    // Through the restarted app, as the operator: submitted, evidence listed and intact. (One
    // connection per request: a kept-alive connection after a file download was seen to hold the
    // later SIGTERM for the whole 20 s grace period.)
    const s = await signedInSession(restarted.baseUrl, SEEDED_OPERATOR);
    for (const ack of run.acknowledged) {
      const res = await fetch(`${restarted.baseUrl}/api/tanggapan/${ack.responseId}`, { headers: { cookie: s.cookie, accept: 'application/json', connection: 'close' } });
      const body = await res.json() as { state: string; submittedAt: string | null; evidence: { id: string; path: string }[] };
      expect({ id: ack.responseId, state: body.state, submitted: Boolean(body.submittedAt) }).toEqual({ id: ack.responseId, state: 'submitted', submitted: true });
      expect(body.evidence.filter((e) => e.id === ack.fileId)).toEqual([expect.objectContaining({ path: EVIDENCE_PATH })]);
      const file = await fetch(`${restarted.baseUrl}/bukti/${ack.fileId}`, { headers: { cookie: s.cookie, connection: 'close' } });
      expect(file.status).toBe(200);
      expect(Buffer.compare(Buffer.from(await file.arrayBuffer()), PDF_BYTES)).toBe(0);
    }

    // Then, with the app stopped, its database: exactly one submit audit entry and one stored
    // submission id per acknowledged submission.
    restarted.child.kill('SIGTERM');
    expect((await restarted.exited).code).toBe(0);
    const ackedIds = run.acknowledged.map((a) => a.responseId);
    const { entries, stored } = await withDataDirDb(dataDir, async () => ({
      entries: await AuditEntry.find({ action: 'response.submit', targetId: { $in: ackedIds } }, { targetId: 1 }).lean(),
      stored: await ResponseModel.find({ _id: { $in: ackedIds } }, { submissionId: 1 }).lean(),
    }));
    for (const ack of run.acknowledged) {
      expect({ id: ack.responseId, audits: entries.filter((e) => e.targetId === ack.responseId).length }).toEqual({ id: ack.responseId, audits: 1 });
      expect(stored.find((r) => String(r._id) === ack.responseId)?.submissionId).toBe(ack.submissionId);
    }
  }, 180_000);
});
