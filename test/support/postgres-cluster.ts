// A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder, started with pg_ctl on a free port of
// 127.0.0.1 (trust authentication, no durability: fsync off), stopped and removed after. initdb refuses to run as
// root, so under root the cluster's folder belongs to the unprivileged `postgres` user (the Debian package creates
// it) and the server runs as that user; otherwise it runs as the current user. Null when no Postgres binary exists.
import { execFileSync, spawn, type SpawnOptions } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { freePort } from './ports.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresCluster {
  /** Superuser URL of the cluster's `postgres` database. */
  url: string;
  /** The folder of the binaries used (initdb, pg_ctl). */
  binDir: string;
  stop(): Promise<void>;
}

/** The folder holding initdb and pg_ctl: PATH first, then Debian's /usr/lib/postgresql/<version>/bin (newest). */
export function findPostgresBin(): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir !== '' && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return null;
  const versions = readdirSync(debian)
    .filter((version) => existsSync(join(debian, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : join(debian, versions[0], 'bin');
}

/** The uid and gid to run the cluster as: `postgres` under root, else the current user (undefined). */
function clusterUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('running as root, and there is no "postgres" user to run the test cluster as (initdb refuses root)');
  }
}

function run(command: string, args: string[], options: SpawnOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`))));
  });
}

export async function startPostgresCluster(): Promise<PostgresCluster | null> {
  const binDir = findPostgresBin();
  if (binDir === null) return null;
  const user = clusterUser();
  const dir = mkdtempSync(join(tmpdir(), 'zombie-pg-'));
  if (user !== undefined) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const options: SpawnOptions = { cwd: dir, env: { PATH: process.env.PATH, LANG: 'C', LC_ALL: 'C' }, ...user };
  const pgCtl = join(binDir, 'pg_ctl');
  try {
    await run(join(binDir, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'], options);
    const port = await freePort();
    const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    await run(pgCtl, ['start', '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '30', '-o', settings], options);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      binDir,
      stop: async () => {
        await run(pgCtl, ['stop', '-D', data, '-m', 'immediate', '-w'], options).catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await run(pgCtl, ['stop', '-D', data, '-m', 'immediate', '-w'], options).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
