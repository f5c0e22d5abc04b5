/**
 * Questionnaire definitions as stored versions. A published version is immutable (checklist 38):
 * the pre-update hooks refuse any change to a published document's definition, and the unique
 * (formId, version) index keeps one document per version. The definition is kept as JSON text so
 * schema keywords like `$ref` and `$defs` survive storage unchanged.
 */
import './settings';
import mongoose, { Schema } from 'mongoose';

const instrumentSchema = new Schema({
  formId: { type: String, required: true, maxlength: 80 },
  version: { type: String, required: true, maxlength: 40 },
  title: { type: String, required: true, maxlength: 300 },
  subjectType: { type: String, required: true },
  status: { type: String, enum: ['draft', 'published'], default: 'draft' },
  definitionJson: { type: String, required: true },
  bundled: { type: Boolean, default: false },
  uploadedBy: { type: String, default: null },
  publishedAt: { type: Date, default: null },
  publishedBy: { type: String, default: null },
}, { timestamps: true });
instrumentSchema.index({ formId: 1, version: 1 }, { unique: true });

export const Instrument = mongoose.model('Instrument', instrumentSchema);
