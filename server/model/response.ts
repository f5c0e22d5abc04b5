/**
 * One organisation's response to one cycle: answers pinned to the instrument version, the state
 * of the workflow, the self-assessed score (computed at submit) beside the verified score (at
 * verify), the evaluator's per-item review, evidence file references (GridFS), and `rev`, the
 * optimistic-concurrency counter every write checks and raises. Scoped by organisationId and
 * kabkotaCode (copied from the register when the response is created).
 */
import './settings';
import mongoose, { Schema } from 'mongoose';

const scoreSchema = new Schema({
  total: Number,
  grade: String,
  gradeLabel: String,
  sections: { type: Schema.Types.Mixed, default: {} },
  items: { type: Schema.Types.Mixed, default: {} },
  /** The items' points in order, null where not counted (score-record.ts); absent on older records. */
  countedPoints: { type: [Schema.Types.Mixed], default: undefined },
  caps: { type: [Schema.Types.Mixed], default: [] },
  computedAt: Date,
}, { _id: false });

const evidenceSchema = new Schema({
  path: { type: String, required: true },
  fileId: { type: Schema.Types.ObjectId, required: true },
  name: { type: String, required: true },
  type: { type: String, required: true },
  size: { type: Number, required: true },
  uploadedAt: { type: Date, default: () => new Date() },
  verdict: { type: String, enum: ['valid', 'invalid', null], default: null },
}, { _id: false });

const reviewItemSchema = new Schema({
  path: { type: String, required: true },
  verifiedPoints: { type: Number, default: null },
  reason: { type: String, default: null },
  comment: { type: String, default: null },
  needsFix: { type: Boolean, default: false },
  by: String,
  at: Date,
}, { _id: false });

const responseSchema = new Schema({
  cycleId: { type: Schema.Types.ObjectId, required: true, ref: 'Cycle' },
  organisationId: { type: Schema.Types.ObjectId, required: true, ref: 'Organisation' },
  kabkotaCode: { type: String, required: true },
  formId: { type: String, required: true },
  formVersion: { type: String, required: true },
  state: { type: String, required: true, default: 'draft' },
  answers: { type: Schema.Types.Mixed, default: {} },
  /** Answers to `x-evaluatorOnly` questions, kept apart so operator saves can never drop or change them (review area). */
  evaluatorAnswers: { type: Schema.Types.Mixed, default: {} },
  rev: { type: Number, required: true, default: 0 },
  selfScore: { type: scoreSchema, default: null },
  verifiedScore: { type: scoreSchema, default: null },
  review: { type: [reviewItemSchema], default: [] },
  evidence: { type: [evidenceSchema], default: [] },
  submissionId: { type: String, default: null },
  submissionHash: { type: String, default: null },
  /** The last draft save sent with a client save id and the rev it produced (a repeat of it is a replay). */
  lastSave: { type: Schema.Types.Mixed, default: null },
  submittedAt: { type: Date, default: null },
  verifiedAt: { type: Date, default: null },
  verifiedBy: { type: String, default: null },
  extensionUntil: { type: Date, default: null },
  extensionReason: { type: String, default: null },
  /** The previous cycle's response whose profile answers pre-filled this one. */
  prefilledFrom: { type: Schema.Types.ObjectId, default: null },
  demo: { type: Boolean, default: false },
}, { timestamps: true, minimize: false });
responseSchema.index({ cycleId: 1, organisationId: 1 }, { unique: true });
responseSchema.index({ cycleId: 1, kabkotaCode: 1, state: 1 });
responseSchema.index({ organisationId: 1 });

export const ResponseModel = mongoose.model('Response', responseSchema);
