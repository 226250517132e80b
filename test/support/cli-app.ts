// The `zombie` command line's shared app for a test: its cache, its alert state (by default a lazy connection of its
// own to the cache, as the CLI opens it) and the lines it prints.
import type { CliApp } from '../../src/cli/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { AlertDb } from '../../src/store/alerts/engine.js';
import { lazyAlertDb } from '../../src/store/alerts/open.js';
import { openDb, type Db } from '../../src/store/db.js';

export function testCliApp(db: Db, options: { config?: Config; out?: (text: string) => void; alertDb?: AlertDb } = {}): CliApp {
  const alertDb = options.alertDb ?? lazyAlertDb(undefined, () => openDb(db.name));
  return {
    config: options.config ?? loadConfig({}),
    db: () => db,
    alertDb: () => alertDb,
    out: options.out ?? (() => undefined),
    close: () => alertDb.close(),
  };
}
