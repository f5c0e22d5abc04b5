/**
 * Queries on accounts for user management and bootstrap. Passwords set here are one-time:
 * generated, hashed with scrypt, returned once to the caller to show, never stored in clear, and
 * flagged `mustChangePassword`. Anything that should end a user's sessions (reset, disable)
 * raises `sessionEpoch` (checked on every request) and deletes the stored sessions.
 */
import { generatePassword, hashPassword } from '../../domain/accounts/password';
import type { Role } from '../../domain/access/roles';
import { Problem } from '../../domain/problems';
import { MongoSessionStore } from '../session-store';
import { User, type UserDoc } from '../user';
import { objectIdParam } from './scoped';

export const USER_PAGE_SIZE = 25;

export interface NewAccount {
  username: string;
  name: string;
  role: Role;
  organisationIds?: string[];
  kabkota?: string[] | 'all';
  email?: string;
  demo?: boolean;
  /** A password chosen by the person (create-admin script); otherwise one is generated. */
  password?: string;
  mustChangePassword?: boolean;
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/** Creates an account; returns its id and the password to show once. Username taken → 409.6. */
export async function createAccount(spec: NewAccount): Promise<{ id: string; password: string }> {
  const password = spec.password ?? generatePassword();
  const username = spec.username.toLowerCase();
  if (await User.exists({ username })) throw new Problem(409.6, { field: 'username' });
  try {
    const user = await User.create({
      username, name: spec.name, role: spec.role, email: spec.email,
      // Operators: their organisation; evaluators: listed organisations on top of kab/kota (issue 5).
      organisationIds: spec.role === 'operator' || spec.role === 'evaluator' ? spec.organisationIds ?? [] : [],
      kabkota: spec.role === 'evaluator' || spec.role === 'pimpinan' ? spec.kabkota ?? [] : [],
      passwordHash: await hashPassword(password),
      mustChangePassword: spec.mustChangePassword ?? true,
      demo: spec.demo ?? false,
    });
    return { id: String(user._id), password };
  } catch (err) {
    if (isDuplicateKey(err)) throw new Problem(409.6, { field: 'username' }); // lost a race with another request
    throw err;
  }
}

export interface UserListQuery { role?: Role; q?: string; page: number }

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function listUsers(query: UserListQuery, pageSize = USER_PAGE_SIZE) {
  const filter: Record<string, unknown> = {};
  if (query.role) filter.role = query.role;
  if (query.q) {
    const pattern = { $regex: escapeRegex(query.q), $options: 'i' };
    filter.$or = [{ username: pattern }, { name: pattern }];
  }
  const total = await User.countDocuments(filter);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(query.page, pages);
  const rows = await User.find(filter, { passwordHash: 0 })
    .sort({ username: 1 }).skip((page - 1) * pageSize).limit(pageSize).lean<UserDoc[]>();
  return { rows, total, page, pages };
}

export async function findUser(idParam: unknown): Promise<UserDoc> {
  const user = await User.findById(objectIdParam(idParam), { passwordHash: 0 }).lean<UserDoc>();
  if (!user) throw new Problem(404.1);
  return user;
}

/** Operator accounts of one organisation (shown on its register page). */
export async function operatorsOf(organisationId: string): Promise<UserDoc[]> {
  return User.find({ role: 'operator', organisationIds: organisationId }, { passwordHash: 0 }).sort({ username: 1 }).lean<UserDoc[]>();
}

/** Ends every session of the user now: stored sessions deleted, and older cookies refused by epoch. */
async function endSessions(userId: string): Promise<void> {
  await MongoSessionStore.destroyForUser(userId);
}

export async function resetPassword(idParam: unknown): Promise<{ user: UserDoc; password: string }> {
  const user = await findUser(idParam);
  const password = generatePassword();
  await User.updateOne({ _id: user._id }, {
    $set: { passwordHash: await hashPassword(password), mustChangePassword: true },
    $inc: { sessionEpoch: 1 },
  });
  await endSessions(String(user._id));
  return { user, password };
}

/** Disable or enable; false when nothing changed. Disabling ends the user's sessions. */
export async function setDisabled(idParam: unknown, disabled: boolean): Promise<{ user: UserDoc; changed: boolean }> {
  const user = await findUser(idParam);
  const res = await User.updateOne(
    { _id: user._id, disabled: !disabled },
    disabled ? { $set: { disabled: true }, $inc: { sessionEpoch: 1 } } : { $set: { disabled: false } },
  );
  if (disabled) await endSessions(String(user._id));
  return { user, changed: res.modifiedCount > 0 };
}

export interface AccountChanges { name: string; organisationIds: string[]; kabkota: string[] | 'all' }

/** Change name and scope (the user is loaded on every request, so a new scope applies at the next one). */
export async function updateAccount(idParam: unknown, changes: AccountChanges): Promise<{ before: UserDoc }> {
  const before = await findUser(idParam);
  const role = before.role as Role;
  const set: Record<string, unknown> = { name: changes.name };
  if (role === 'operator' || role === 'evaluator') set.organisationIds = changes.organisationIds;
  if (role === 'evaluator' || role === 'pimpinan') set.kabkota = changes.kabkota;
  await User.updateOne({ _id: before._id }, { $set: set });
  return { before };
}

export async function countAdmins(filter: { enabledOnly?: boolean } = {}): Promise<number> {
  return User.countDocuments(filter.enabledOnly ? { role: 'admin', disabled: { $ne: true } } : { role: 'admin' });
}
