/** Accounts. A user has one role; operators belong to organisations, evaluators/pimpinan cover kabupaten/kota. */
import './settings';
import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { ROLES } from '../domain/access/roles';

const userSchema = new Schema({
  username: { type: String, required: true, unique: true, lowercase: true, trim: true, maxlength: 64 },
  name: { type: String, required: true, trim: true, maxlength: 120 },
  email: { type: String, trim: true, lowercase: true, maxlength: 200 },
  role: { type: String, required: true, enum: ROLES },
  organisationIds: { type: [Schema.Types.ObjectId], ref: 'Organisation', default: [] },
  /** 'all' (whole province) or a list of kabupaten/kota codes. */
  kabkota: { type: Schema.Types.Mixed, default: [] },
  passwordHash: { type: String, required: true },
  mustChangePassword: { type: Boolean, default: false },
  disabled: { type: Boolean, default: false },
  /** Raised when the account is disabled or its password reset: older sessions stop working. */
  sessionEpoch: { type: Number, default: 0 },
  demo: { type: Boolean, default: false },
  /** Notice preferences {email, muted: [kind]} (server/domain/notify/events.ts); null = defaults. */
  notify: { type: Schema.Types.Mixed, default: null },
}, { timestamps: true });

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: mongoose.Types.ObjectId };
export const User = mongoose.model('User', userSchema);
