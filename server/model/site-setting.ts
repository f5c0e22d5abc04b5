/**
 * Settings an admin changes from the app, one document per setting in the `settings` collection
 * (`_id` = the setting's name). Today only the emblem printed on letterheads ('emblem'): a small
 * image (PNG, JPEG or WebP, recognised from its bytes) kept in the document itself, with its
 * SHA-256 so print pages can link to one version and browsers may cache it.
 */
import './settings';
import mongoose, { Schema } from 'mongoose';

const siteSettingSchema = new Schema({
  _id: { type: String, required: true },
  data: { type: Buffer, default: null },
  contentType: { type: String, default: null },
  size: { type: Number, default: null },
  sha256: { type: String, default: null },
  originalName: { type: String, default: null },
  updatedAt: { type: Date, default: null },
  updatedBy: { type: String, default: null },
}, { collection: 'settings', versionKey: false });

export const SiteSetting = mongoose.model('SiteSetting', siteSettingSchema);
