/** An evaluation cycle: one instrument version, a year, an open period, and the organisations it targets. */
import './settings';
import mongoose, { Schema } from 'mongoose';
import { CYCLE_STATUSES } from '../domain/workflow/cycle-lifecycle';

const cycleSchema = new Schema({
  name: { type: String, required: true, maxlength: 200 },
  year: { type: Number, required: true, min: 2000, max: 2100 },
  formId: { type: String, required: true },
  formVersion: { type: String, required: true },
  subjectType: { type: String, required: true },
  opensAt: { type: Date, required: true },
  closesAt: { type: Date, required: true },
  target: {
    kabkota: { type: [String], default: [] },
    jenisPelayanan: { type: [String], default: [] },
    organisationIds: { type: [Schema.Types.ObjectId], default: [] },
  },
  /** The cycle of the previous year whose profile answers may pre-fill this one. */
  previousCycleId: { type: Schema.Types.ObjectId, default: null },
  /** Copy the first (profile) section's answers of the same organisation from previousCycleId when opening. */
  prefillProfile: { type: Boolean, default: false },
  /**
   * draft: created, targets can still change; open: responses exist (made once, when opened);
   * closed: an admin ended the filling-in for everyone (no operator write, whatever the dates or
   * extensions say); review and reports go on. Rules: server/domain/workflow/cycle-lifecycle.ts.
   */
  status: { type: String, enum: [...CYCLE_STATUSES], default: 'draft' },
  openedAt: { type: Date, default: null },
  openedBy: { type: String, default: null },
  /** The latest close (kept after a reopen; the audit log has every one). */
  closedAt: { type: Date, default: null },
  closedBy: { type: String, default: null },
  /** Optimistic concurrency for the admin's forms: every status or schedule change raises it. */
  rev: { type: Number, default: 0 },
  responseCount: { type: Number, default: 0 },
  createdBy: { type: String, default: null },
  demo: { type: Boolean, default: false },
}, { timestamps: true });
cycleSchema.index({ year: -1 });

export const Cycle = mongoose.model('Cycle', cycleSchema);
