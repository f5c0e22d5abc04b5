/**
 * Seeds an app's DATA_DIR (app stopped) with an open evaluation cycle: an instrument, `count` LKS
 * organisations, one operator for all of them, and the cycle opened the way the admin's button
 * does (one response per organisation). For the fault and load tests that drive the real process.
 *   instrument 'test': the small fill-area test instrument (one evidence item, two sections);
 *   instrument 'lks':  the bundled LKS instrument, as published at start-up.
 */
import path from 'node:path';
import type { Request } from 'express';
import mongoose from 'mongoose';
import { ensureBundledInstruments } from '../../server/bootstrap/instruments';
import { loadBundledForms, type LoadedForm } from '../../server/domain/forms';
import { Cycle } from '../../server/model/cycle';
import { ResponseModel } from '../../server/model/response';
import { openCycle } from '../../server/resources/cycles-open';
import { createUser } from '../helpers/session';
import { createCycle, createOrganisation, publishTestInstrument } from '../integration/fill/fixtures';
import { withDataDirDb } from './data-dir-db';

export const SEEDED_OPERATOR = 'operator';
const DAY = 86_400_000;

export interface SeededCycle {
  cycleId: string;
  responseIds: string[];
  /** The loaded LKS instrument when instrument = 'lks'. */
  form?: LoadedForm;
}

/** Stands in for the admin whose "open cycle" request opens it. */
function seedingAdmin(): Request {
  return { user: { id: 'seed-admin', role: 'admin', organisationIds: [], kabkota: 'all', disabled: false, name: 'Admin', username: 'admin' }, ip: '127.0.0.1', id: 'seed', method: 'POST', path: '/seed' } as unknown as Request;
}

async function lksCycle(): Promise<{ cycleId: string; form: LoadedForm }> {
  await ensureBundledInstruments();
  const form = loadBundledForms(path.resolve(__dirname, '..', '..', 'forms')).forms.find((f) => f.id === 'lks-monev-tahunan');
  if (!form) throw new Error('forms/lks-monev-tahunan.json did not load');
  const cycle = await Cycle.create({
    name: 'Monev LKS Uji Beban', year: 2026, formId: form.id, formVersion: form.version, subjectType: 'LKS',
    opensAt: new Date(Date.now() - DAY), closesAt: new Date(Date.now() + 30 * DAY), status: 'draft',
  });
  return { cycleId: String(cycle._id), form };
}

export function seedOpenCycle(dataDir: string, options: { organisations: number; instrument: 'test' | 'lks' }): Promise<SeededCycle> {
  return withDataDirDb(dataDir, async () => {
    let cycleId: string;
    let form: LoadedForm | undefined;
    if (options.instrument === 'lks') {
      ({ cycleId, form } = await lksCycle());
    } else {
      await publishTestInstrument();
      cycleId = await createCycle({ name: 'Monev Uji' });
    }
    const orgs: string[] = [];
    for (let i = 0; i < options.organisations; i++) orgs.push(await createOrganisation(`LKS Uji ${i}`, '36.02'));
    await createUser({ username: SEEDED_OPERATOR, role: 'operator', organisationIds: orgs });
    await openCycle(seedingAdmin(), new mongoose.Types.ObjectId(cycleId));
    const responses = await ResponseModel.find({ cycleId }, { _id: 1 }).lean();
    return { cycleId, responseIds: responses.map((r) => String(r._id)), form };
  });
}
