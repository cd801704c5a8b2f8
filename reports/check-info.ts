// Check metadata (title, service) for renderers, from the domain model: see domain/check-info.ts.
export { checkInfo, type CheckInfo } from '../domain/index.js';
