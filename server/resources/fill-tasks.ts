/**
 * The operator's assignment list (/tugas): every response of the operator's organisations with
 * its cycle, state, deadline and completeness. Scoped like every response read.
 */
import type { Request } from 'express';
import { progress } from '../domain/forms';
import { countByPath } from '../domain/files';
import { windowState } from '../domain/workflow/deadline';
import { Cycle } from '../model/cycle';
import { Organisation } from '../model/organisation';
import { loadPublishedForm } from '../model/query/instruments';
import { listResponses, responseWindow, LIST_FIELDS } from '../model/query/responses';
import { CYCLE_INFO_FIELDS, effectiveDeadline, type CycleInfo } from './fill-context';
import { formatDateTime, stateLabel, windowLabel } from './fill-format';
import { sectionUrl } from './fill-views';

export async function taskList(req: Request) {
  const responses = await listResponses(req, {}, { projection: { ...LIST_FIELDS, answers: 1, 'evidence.path': 1 }, sort: { createdAt: -1 }, limit: 200 });
  const cycleIds = [...new Set(responses.map((r) => String(r.cycleId)))];
  const orgIds = [...new Set(responses.map((r) => String(r.organisationId)))];
  const [cycles, orgs] = await Promise.all([
    Cycle.find({ _id: { $in: cycleIds } }, CYCLE_INFO_FIELDS).lean(),
    Organisation.find({ _id: { $in: orgIds } }, { 'identity.nama': 1 }).lean(),
  ]);
  const cycleById = new Map(cycles.map((c) => [String(c._id), c as unknown as CycleInfo]));
  const orgName = new Map(orgs.map((o) => [String(o._id), (o as { identity?: { nama?: string } }).identity?.nama ?? '']));
  const now = new Date();
  const out = [];
  for (const r of responses) {
    const cycle = cycleById.get(String(r.cycleId));
    if (!cycle) continue;
    const form = await loadPublishedForm(r.formId, r.formVersion);
    const window = windowState(responseWindow(r, cycle, now));
    const id = String(r._id);
    out.push({
      id, cycleName: cycle.name, year: cycle.year, organisationName: orgName.get(String(r.organisationId)) ?? '',
      state: r.state, stateLabel: stateLabel(r.state), deadline: formatDateTime(effectiveDeadline(r, cycle)),
      windowLabel: windowLabel(window), open: window === 'open' || window === 'extended',
      percent: progress(form, r.answers ?? {}, countByPath(r.evidence ?? [])).percent,
      startHref: sectionUrl(id, form.sections[0]?.key ?? ''), overviewHref: `/tanggapan/${id}`,
    });
  }
  return out;
}
