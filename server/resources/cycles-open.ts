/**
 * Opening a cycle: one draft response per targeted ACTIVE organisation of the instrument's
 * subject type, pinned to the cycle's instrument version, with the organisation's kabupaten/kota
 * copied from the register (the evaluators' scope). Targets: an explicit list of organisations,
 * or kabupaten/kota and jenis pelayanan filters (none = all). Optionally the first (profile)
 * section is pre-filled from the same organisation's response in the previous cycle.
 * Everything happens in one transaction: a cycle is either open with all its responses, or not.
 */
import type { Request } from 'express';
import mongoose from 'mongoose';
import { carryOverSection } from '../domain/fill';
import { Problem } from '../domain/problems';
import { audit } from '../http/audit';
import { Cycle } from '../model/cycle';
import { Organisation } from '../model/organisation';
import { ResponseModel } from '../model/response';
import { loadPublishedForm } from '../model/query/instruments';
import { scopedOrganisations } from '../model/query/scoped';
import { noticeCycleOpened } from '../notify/hooks';

export interface CycleTarget {
  subjectType: string;
  target?: { kabkota?: string[]; jenisPelayanan?: string[]; organisationIds?: unknown[] } | null;
}

/** The register filter of a cycle's targets (values were checked against closed sets on input). */
export function targetFilter(cycle: CycleTarget): Record<string, unknown> {
  const filter: Record<string, unknown> = { active: true, 'identity.jenisOrganisasi': cycle.subjectType.toLowerCase() };
  const t = cycle.target ?? {};
  if (t.organisationIds && t.organisationIds.length > 0) {
    filter._id = { $in: t.organisationIds.map((id) => new mongoose.Types.ObjectId(String(id))) };
    return filter;
  }
  if (t.kabkota && t.kabkota.length > 0) filter['location.kabkotaCode'] = { $in: t.kabkota };
  if (t.jenisPelayanan && t.jenisPelayanan.length > 0) filter['identity.jenisPelayanan'] = { $in: t.jenisPelayanan };
  return filter;
}

export async function countTargets(req: Request, cycle: CycleTarget): Promise<number> {
  return Organisation.countDocuments(scopedOrganisations(req, targetFilter(cycle)));
}

export async function openCycle(req: Request, cycleId: mongoose.Types.ObjectId): Promise<number> {
  const cycle = await Cycle.findById(cycleId).lean();
  if (!cycle) throw new Problem(404.1);
  if (cycle.status !== 'draft') throw new Problem(409.1, { status: cycle.status });
  const form = await loadPublishedForm(cycle.formId, cycle.formVersion);
  const orgs = await Organisation.find(scopedOrganisations(req, targetFilter(cycle as CycleTarget)), { 'location.kabkotaCode': 1 }).lean();
  const profile = form.sections[0]?.key;
  const previous = new Map<string, { id: mongoose.Types.ObjectId; answers: unknown }>();
  if (cycle.prefillProfile && cycle.previousCycleId && profile) {
    const rows = await ResponseModel.find({ cycleId: cycle.previousCycleId, organisationId: { $in: orgs.map((o) => o._id) } }, { organisationId: 1, answers: 1 }).lean();
    for (const r of rows) previous.set(String(r.organisationId), { id: r._id, answers: r.answers });
  }
  const docs = orgs.map((o) => {
    const prev = previous.get(String(o._id));
    const answers = prev && profile ? carryOverSection(form, profile, prev.answers) : {};
    return {
      cycleId: cycle._id, organisationId: o._id, kabkotaCode: (o as { location?: { kabkotaCode?: string } }).location?.kabkotaCode ?? '',
      formId: cycle.formId, formVersion: cycle.formVersion, state: 'draft', answers, rev: 0,
      prefilledFrom: prev && Object.keys(answers).length > 0 ? prev.id : null,
    };
  });
  await mongoose.connection.transaction(async (session) => {
    const res = await Cycle.updateOne({ _id: cycle._id, status: 'draft' }, { $set: { status: 'open', openedAt: new Date(), openedBy: req.user!.id, responseCount: docs.length }, $inc: { rev: 1 } }, { session });
    if (res.matchedCount !== 1) throw new Problem(409.1, { status: 'open' });
    const created = docs.length > 0 ? await ResponseModel.insertMany(docs, { session }) : [];
    await audit(req, {
      action: 'cycle.open', targetType: 'cycle', targetId: String(cycle._id),
      details: { formId: cycle.formId, formVersion: cycle.formVersion, responses: docs.length, prefilled: docs.filter((d) => d.prefilledFrom).length },
    }, session);
    await noticeCycleOpened(session, cycle, created);
  });
  return docs.length;
}
