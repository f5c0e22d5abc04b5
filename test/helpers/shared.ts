/**
 * The read-only shared material sits beside the repository (../shared) on developer machines and
 * in CI, wherever the checkout is. Tests find it relative to the checkout, never by absolute path.
 */
import path from 'node:path';

export const SHARED_DIR = path.resolve(__dirname, '..', '..', '..', 'shared');
export const FOREIGN_FORMS_DIR = path.join(SHARED_DIR, 'conformance', 'foreign-forms');
export const MONGODB_SPECS_DIR = path.join(SHARED_DIR, 'conformance', 'mongodb-specifications');
