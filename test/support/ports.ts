// Free TCP ports on 127.0.0.1 for servers a test starts in another process (which must be told its port).
import { createServer } from 'node:net';

/** Listens on `port` (0: any) and closes again: the port listened on, or null when it was taken. */
function tryListen(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const { port: chosen } = server.address() as { port: number };
      server.close(() => resolve(chosen));
    });
  });
}

/** A port free now, with the `count - 1` ports above it (e.g. one per shard: OPS_PORT + N). */
export async function freePort(count = 1): Promise<number> {
  for (;;) {
    const port = await tryListen(0);
    if (port === null) continue;
    let next = 1;
    while (next < count && (await tryListen(port + next)) !== null) next += 1;
    if (next === count) return port;
  }
}
