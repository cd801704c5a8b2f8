// The domain model: findings and scans. store/, reports/ and the API depend on this, never on scanner/ or checks/.
export * from './findings.js';
export * from './scans.js';
export * from './check-info.js';
export * from './suppressions.js';
export * from './money.js';
export * from './accounts.js';
export * from './notifications.js';
