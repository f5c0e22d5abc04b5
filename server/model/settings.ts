/**
 * Process-wide mongoose settings, imported by every model so they hold however the models are
 * loaded (app, tests, scripts). Commands fail fast instead of queueing while the database is away,
 * so requests answer 503 at once; filters must name schema paths.
 */
import mongoose from 'mongoose';

mongoose.set('bufferCommands', false);
mongoose.set('strictQuery', true);

export default mongoose;
