/**
 * Questionnaire definitions as stored versions. A published version is immutable (checklist 38):
 * every update or delete query gets `status != published` added to its filter, `save()` of an
 * existing document is refused, and the unique (formId, version) index keeps one document per
 * version. The definition is kept as JSON text so schema keywords like `$ref` and `$defs` survive
 * storage unchanged; `hash` is the engine's sha256 of that text (equal hash = same definition).
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
  hash: { type: String, default: null },
  bundled: { type: Boolean, default: false },
  uploadedBy: { type: String, default: null },
  publishedAt: { type: Date, default: null },
  publishedBy: { type: String, default: null },
  /** Drafts only: answers an admin entered in the editor's preview, to watch the score follow the changes. */
  previewAnswersJson: { type: String, default: null },
  /** Drafts from a workbook: what the import ignored (sheet, row, column, message), shown until the next change. */
  importNotesJson: { type: String, default: null },
}, { timestamps: true });
instrumentSchema.index({ formId: 1, version: 1 }, { unique: true });

// Queries can change drafts only: a published document never matches an update or delete.
for (const op of ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'deleteOne', 'deleteMany', 'findOneAndDelete', 'findOneAndReplace'] as const) {
  instrumentSchema.pre(op, function onlyDrafts() {
    this.and([{ status: { $ne: 'published' } }]);
  });
}
instrumentSchema.pre('save', function onlyNew() {
  if (!this.isNew) throw new Error('Instrument documents change only through draft-guarded updates');
});

export const Instrument = mongoose.model('Instrument', instrumentSchema);
