// A terminal progress counter with ETA ("sec 412/1,962 21% ETA 2m35s"), redrawn in place on a TTY.
export interface Progress {
  tick(item?: string): void;
  done(): void;
}

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr) {
  return (total: number, label: string): Progress => {
    if (!stream.isTTY || total <= 1) return { tick: () => undefined, done: () => undefined };
    const started = Date.now();
    let count = 0;
    let lastDraw = 0;
    const draw = (item = '') => {
      const elapsed = Date.now() - started;
      const eta = count > 0 ? formatDuration(((total - count) * elapsed) / count) : '?';
      const pct = Math.floor((100 * count) / total);
      const line = `${label} ${count.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${pct}% ETA ${eta} ${item}`;
      stream.write(`\r${line.slice(0, (stream.columns ?? 80) - 1).padEnd((stream.columns ?? 80) - 1)}`);
    };
    return {
      tick(item) {
        count++;
        if (Date.now() - lastDraw > 100 || count === total) {
          lastDraw = Date.now();
          draw(item);
        }
      },
      done() {
        stream.write(`${'\r'.padEnd(stream.columns ?? 80)}\r`);
      },
    };
  };
}

export const silentProgress = (): Progress => ({ tick: () => undefined, done: () => undefined });

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
