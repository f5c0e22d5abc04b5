/** The mongoose features the application relies on, against the embedded server. */
import mongoose, { Connection, Schema, Types } from 'mongoose';
import { EmbeddedMongo, startEmbeddedMongo } from '../../server/embedded-db';
import { quietLogger } from './helpers';

let server: EmbeddedMongo;
let conn: Connection;

const orgSchema = new Schema({ nama: { type: String, required: true }, kode: { type: String, unique: true } }, { timestamps: true });
const userSchema = new Schema({
  email: { type: String, required: true, unique: true },
  org: { type: Schema.Types.ObjectId, ref: 'Org' },
  roles: [String],
  skor: { type: Number, default: 0 },
}, { timestamps: true });
userSchema.index({ org: 1, email: 1 });

beforeAll(async () => {
  server = await startEmbeddedMongo({ dataDir: null, port: 0, logger: quietLogger });
  conn = await mongoose.createConnection(server.uri, { autoIndex: true }).asPromise();
});
afterAll(async () => {
  await conn.close();
  await server.stop();
});

const Org = () => conn.models.Org ?? conn.model('Org', orgSchema);
const User = () => conn.models.User ?? conn.model('User', userSchema);

test('models: create, timestamps, lean queries, save with versioning', async () => {
  await User().init();
  const org = await Org().create({ nama: 'LKS Harapan', kode: 'LKS-1' });
  const u = await User().create({ email: 'a@x.id', org: org._id, roles: ['operator'] });
  expect(u.createdAt).toBeInstanceOf(Date);
  expect(u.updatedAt).toBeInstanceOf(Date);
  const lean = await User().findOne({ email: 'a@x.id' }).lean();
  expect(lean).toMatchObject({ email: 'a@x.id', roles: ['operator'], skor: 0, __v: 0 });
  expect(lean!._id).toBeInstanceOf(Types.ObjectId);
  u.roles.push('admin');
  u.skor = 5;
  await u.save();
  const again = await User().findById(u._id).lean();
  expect(again).toMatchObject({ roles: ['operator', 'admin'], skor: 5, __v: 1 });
  expect(again!.updatedAt.getTime()).toBeGreaterThanOrEqual(again!.createdAt.getTime());
});

test('unique index violations surface as E11000 errors naming the path', async () => {
  await User().init();
  const err = await User().create({ email: 'a@x.id' }).catch((e) => e);
  expect(err.code).toBe(11000);
  expect(err.keyPattern).toEqual({ email: 1 });
  expect(err.keyValue).toEqual({ email: 'a@x.id' });
  const many = await User().insertMany([{ email: 'n1@x.id' }, { email: 'a@x.id' }], { ordered: false }).catch((e) => e);
  expect(many.code).toBe(11000);
  expect(await User().countDocuments({ email: 'n1@x.id' })).toBe(1);
});

test('populate resolves references', async () => {
  const user = await User().findOne({ email: 'a@x.id' }).populate('org').lean();
  expect((user!.org as unknown as { nama: string }).nama).toBe('LKS Harapan');
  const users = await User().find({}).populate({ path: 'org', select: 'kode -_id' }).lean();
  expect(users.find((x) => x.email === 'a@x.id')!.org).toEqual({ kode: 'LKS-1' });
});

test('findOneAndUpdate with upsert, $setOnInsert from timestamps, and returnDocument', async () => {
  const created = await User().findOneAndUpdate({ email: 'up@x.id' }, { $inc: { skor: 2 } }, { upsert: true, returnDocument: 'after' }).lean();
  expect(created).toMatchObject({ email: 'up@x.id', skor: 2 });
  expect(created!.createdAt).toBeInstanceOf(Date);
  const firstCreatedAt = created!.createdAt.getTime();
  await new Promise((r) => setTimeout(r, 5));
  const updated = await User().findOneAndUpdate({ email: 'up@x.id' }, { $inc: { skor: 3 } }, { upsert: true, returnDocument: 'after' }).lean();
  expect(updated!.skor).toBe(5);
  expect(updated!.createdAt.getTime()).toBe(firstCreatedAt);
  expect(updated!.updatedAt.getTime()).toBeGreaterThan(firstCreatedAt);
  const none = await User().findOneAndUpdate({ email: 'none@x.id' }, { skor: 1 }).lean();
  expect(none).toBeNull();
});

test('countDocuments, estimatedDocumentCount, distinct, exists, updateMany, deleteMany', async () => {
  const total = await User().countDocuments();
  expect(total).toBeGreaterThanOrEqual(3);
  expect(await User().estimatedDocumentCount()).toBe(total);
  expect(await User().countDocuments({ skor: { $gte: 5 } })).toBe(2);
  expect((await User().distinct('roles')).sort()).toEqual(['admin', 'operator']);
  expect(await User().exists({ email: 'a@x.id' })).toBeTruthy();
  const res = await User().updateMany({ skor: { $lt: 5 } }, { $set: { skor: 1 } });
  expect(res.matchedCount).toBe(res.modifiedCount);
  const page = await User().find().sort({ email: 1 }).skip(1).limit(2).select('email').lean();
  expect(page).toHaveLength(2);
  expect(Object.keys(page[0]).sort()).toEqual(['_id', 'email']);
  await User().deleteMany({ email: 'n1@x.id' });
  expect(await User().countDocuments({ email: 'n1@x.id' })).toBe(0);
});

test('syncIndexes creates missing indexes and drops stale ones', async () => {
  await conn.db!.collection('users').createIndex({ stale: 1 });
  const dropped = await User().syncIndexes();
  expect(dropped).toEqual(['stale_1']);
  const names = (await User().listIndexes()).map((i: { name: string }) => i.name).sort();
  expect(names).toEqual(['_id_', 'email_1', 'org_1_email_1']);
  expect(await User().syncIndexes()).toEqual([]);
});

test('connection.transaction / withTransaction commits and rolls back', async () => {
  const org = await Org().create({ nama: 'Karang Taruna', kode: 'KT-1' });
  await conn.transaction(async (session) => {
    await User().create([{ email: 't1@x.id', org: org._id }], { session });
    await Org().updateOne({ _id: org._id }, { $set: { nama: 'Karang Taruna Maju' } }, { session });
  });
  expect(await User().countDocuments({ email: 't1@x.id' })).toBe(1);
  expect((await Org().findById(org._id).lean())!.nama).toBe('Karang Taruna Maju');
  const failed = await conn.transaction(async (session) => {
    await User().create([{ email: 't2@x.id' }], { session });
    throw new Error('batal');
  }).catch((e) => e);
  expect(failed.message).toBe('batal');
  expect(await User().countDocuments({ email: 't2@x.id' })).toBe(0);
  const session = await conn.startSession();
  await session.withTransaction(async () => {
    await User().updateOne({ email: 't1@x.id' }, { $set: { skor: 9 } }, { session });
  });
  await session.endSession();
  expect((await User().findOne({ email: 't1@x.id' }).lean())!.skor).toBe(9);
});

test('validation errors stay client-side and cursors stream through', async () => {
  const err = await Org().create({ kode: 'X' }).catch((e) => e);
  expect(err.name).toBe('ValidationError');
  let seen = 0;
  for await (const doc of User().find().cursor({ batchSize: 2 })) {
    expect(doc.email).toBeDefined();
    seen++;
  }
  expect(seen).toBe(await User().countDocuments());
  const agg = await User().aggregate([{ $group: { _id: null, total: { $sum: '$skor' } } }]);
  expect(typeof agg[0].total).toBe('number');
});
