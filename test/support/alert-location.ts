// Opens the alert state at a location, as a test or a child process of a test is given it: a PostgreSQL URL, else
// a SQLite file.
import type { AlertDb } from '../../src/store/alerts/engine.js';
import { openAlertDb } from '../../src/store/alerts/open.js';
import { openDb } from '../../src/store/db.js';

export function connectTo(location: string): Promise<AlertDb> {
  return openAlertDb(/^postgres(ql)?:/.test(location) ? location : undefined, () => openDb(location));
}
