/**
 * Append-only audit log: logins, authorisation failures, answer/score/state changes, publishes,
 * imports, exports. Entries are only ever inserted; there is no update or delete path in the app.
 */
import './settings';
import mongoose, { Schema } from 'mongoose';

const auditSchema = new Schema({
  at: { type: Date, required: true, default: () => new Date() },
  action: { type: String, required: true, maxlength: 80 },
  actorId: { type: String, default: null },
  actorName: { type: String, default: null, maxlength: 120 },
  role: { type: String, default: null },
  organisationId: { type: String, default: null },
  targetType: { type: String, default: null },
  targetId: { type: String, default: null },
  ip: { type: String, default: null, maxlength: 64 },
  requestId: { type: String, default: null },
  details: { type: Schema.Types.Mixed, default: null },
}, { versionKey: false });
auditSchema.index({ targetType: 1, targetId: 1, at: 1 });
auditSchema.index({ action: 1, at: -1 });

for (const op of ['updateOne', 'updateMany', 'findOneAndUpdate', 'deleteOne', 'deleteMany', 'findOneAndDelete', 'replaceOne'] as const) {
  auditSchema.pre(op, function refuse() {
    throw new Error('The audit log is append-only');
  });
}

export const AuditEntry = mongoose.model('AuditEntry', auditSchema);
