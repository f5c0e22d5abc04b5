/**
 * The browser editor of draft instrument versions (pure): what to show and how one change turns
 * a draft into a new, fully checked draft. Published versions are never edited; a new version
 * starts from an existing one (new-version.ts).
 */
export { applyEdit, type EditRequest, type EditResult, type EditError, type OptionEdit, type BandEdit } from './apply-edit';
export { outline, itemView, type OutlineItem, type ItemView } from './editor-view';
export { asNewVersion, nextVersion } from './new-version';
