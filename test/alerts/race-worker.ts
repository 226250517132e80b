// One of the processes of the exactly-once test: opens the alert state given on the command line (a SQLite file or a
// PostgreSQL URL), prints "ready", waits for "go" on stdin so the processes start together, runs one alert cycle whose poster
// appends each post to a shared file, and exits.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { DEFAULT_SCHEDULER_OPTIONS, runAlertCycle } from '../../src/alerts/scheduler.js';
import { connectTo } from '../support/alert-location.js';
import { quietState, readCloses, silentLogger, sourcesOf } from './support.js';

const [location, outFile, nowIso] = process.argv.slice(2);
if (location === undefined || outFile === undefined || nowIso === undefined) throw new Error('usage: race-worker STATE OUT NOW');

const store = await connectTo(location);
const holder = { state: quietState({ iwmCloses: readCloses('IWM_2024-10-28_2024-11-08_excerpt.csv', '2024-11-06') }) };
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
await once(lines, 'line');
await runAlertCycle(
  {
    store,
    post: async (channelId, message) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      appendFileSync(outFile, `${JSON.stringify({ pid: process.pid, channelId, nonce: message.body.nonce })}\n`);
      return { id: `${process.pid}-${String(message.body.nonce)}` };
    },
    // The "channel" is the shared out file: a post is there when a line carries its nonce.
    findPosted: async (_channelId, ref) => {
      const lines = existsSync(outFile) ? readFileSync(outFile, 'utf8').split('\n').filter(Boolean) : [];
      const found = lines.map((line) => JSON.parse(line) as { pid: number; nonce: string }).find((line) => line.nonce === ref);
      return found ? { id: `${found.pid}-${found.nonce}` } : null;
    },
    now: () => new Date(nowIso),
    logger: silentLogger,
    options: DEFAULT_SCHEDULER_OPTIONS,
    ...sourcesOf(holder),
  },
  DEFAULT_SCHEDULER_OPTIONS.missedDigestGraceMs,
);
lines.close();
await store.close();
