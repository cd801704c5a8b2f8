// Check metadata (title, service) for renderers; falls back gracefully for check ids
// a stored scan knows but this build no longer has.
import { findCheck } from '../checks/index.js';

export interface CheckInfo {
  title: string;
  service: string;
}

export function checkInfo(checkId: string): CheckInfo {
  const check = findCheck(checkId);
  return check ? { title: check.title, service: check.service } : { title: checkId, service: checkId.split('-')[0] ?? checkId };
}
