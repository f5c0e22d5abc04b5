/**
 * Process-wide mongoose settings, imported by every model so they hold however the models are
 * loaded (app, tests, scripts). Commands fail fast instead of queueing while the database is away,
 * so requests answer 503 at once; filters must name schema paths. Because nothing is queued,
 * models must not create their collections and indexes on their own at load time (the
 * connection may not exist yet): `prepareModels()` does it once connected.
 */
import mongoose from 'mongoose';

mongoose.set('bufferCommands', false);
mongoose.set('strictQuery', true);
mongoose.set('autoIndex', false);
mongoose.set('autoCreate', false);

/** Creates every registered model's collection and indexes (idempotent; keeps foreign indexes). */
export async function prepareModels(): Promise<void> {
  for (const model of Object.values(mongoose.models)) {
    try {
      await model.createCollection();
    } catch (err) {
      if ((err as { code?: number }).code !== 48) throw err; // 48: NamespaceExists
    }
    await model.createIndexes();
  }
}

export default mongoose;
