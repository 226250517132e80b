// Where the bot's log lines go: standard output, written so that a reader lagging behind (journald, a container
// runtime, a terminal, the bench) never stops the event loop. A line is written at once while the pipe has room (so
// nothing waits in memory and nothing is lost if the process dies); when the pipe is full, lines wait in order and
// are written as the reader takes them (tried every few milliseconds); what still waits when the process exits is
// written then, waiting for the reader at most EXIT_WAIT_MS. pino's own synchronous destination slept 100 ms at each
// full pipe, which in a burst cost interactions their 3 s; its asynchronous one lost the lines in flight at exit.
import { writeSync } from 'node:fs';

/** Lines waiting for the reader at most (bytes); past it new lines are dropped (and the drop is logged). */
const MAX_WAITING_BYTES = 16 * 1024 * 1024;
/** How often waiting lines are tried again while the pipe is full. */
const RETRY_MS = 5;
/** At exit, how long waiting lines may wait for the reader (a stop is promised within 5 s). */
const EXIT_WAIT_MS = 1000;
/** Bytes handed to one write at most. */
const CHUNK_BYTES = 64 * 1024;

export interface LogOutput {
  write(line: string): void;
}

/** A writer of log lines to `fd` (default: standard output); see the top of this file. */
export function nonBlockingOutput(fd = 1, maxWaitingBytes = MAX_WAITING_BYTES): LogOutput {
  // Node opens its standard streams in non-blocking mode; until process.stdout is first touched a pipe may still
  // block, and a blocking write to a full pipe waits in the kernel for the reader.
  if (fd === 1) void process.stdout;
  const waiting: Buffer[] = [];
  let waitingBytes = 0;
  let dropped = 0;
  let closed = false;
  let retrying = false;

  /** Writes what it can of `data` now; the number of bytes written (0 when the pipe is full). */
  const writeNow = (data: Buffer): number => {
    try {
      return writeSync(fd, data);
    } catch (error) {
      // EPIPE (the reader is gone), EBADF: nothing more can be written, now or later.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') close();
      return 0;
    }
  };

  const close = () => {
    closed = true;
    waiting.length = 0;
    waitingBytes = 0;
  };

  /** Writes waiting lines until the pipe is full; true when none is left. */
  const drain = (): boolean => {
    while (waiting.length > 0 && !closed) {
      const chunk = takeChunk(waiting);
      const written = writeNow(chunk);
      if (closed) break;
      waitingBytes -= written;
      if (written < chunk.length) {
        waiting.unshift(chunk.subarray(written));
        return false;
      }
    }
    if (dropped > 0 && !closed) {
      const note = `${JSON.stringify({ level: 40, time: Date.now(), msg: 'log lines dropped: standard output was not read fast enough', dropped })}\n`;
      dropped = 0;
      writeOrWait(Buffer.from(note));
    }
    return waiting.length === 0;
  };

  const scheduleRetry = () => {
    if (retrying) return;
    retrying = true;
    setTimeout(() => {
      retrying = false;
      if (!drain()) scheduleRetry();
    }, RETRY_MS).unref();
  };

  const writeOrWait = (data: Buffer) => {
    if (waiting.length === 0) {
      const written = writeNow(data);
      if (written === data.length || closed) return;
      data = data.subarray(written);
    }
    waiting.push(data);
    waitingBytes += data.length;
    scheduleRetry();
  };

  process.on('exit', () => {
    const until = Date.now() + EXIT_WAIT_MS;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    while (!drain() && Date.now() < until) Atomics.wait(pause, 0, 0, RETRY_MS);
  });

  return {
    write(line) {
      if (closed) return;
      if (waiting.length > 0 && waitingBytes + line.length > maxWaitingBytes) {
        dropped += 1;
        return;
      }
      writeOrWait(Buffer.from(line));
    },
  };
}

/** Removes the first waiting buffers, up to CHUNK_BYTES together (at least one), and returns them as one. */
function takeChunk(waiting: Buffer[]): Buffer {
  const taken = [waiting.shift()!];
  let bytes = taken[0]!.length;
  while (waiting.length > 0 && bytes + waiting[0]!.length <= CHUNK_BYTES) {
    bytes += waiting[0]!.length;
    taken.push(waiting.shift()!);
  }
  return taken.length === 1 ? taken[0]! : Buffer.concat(taken, bytes);
}
