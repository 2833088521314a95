/**
 * A throwaway PostgreSQL server for tests: a fresh cluster in a temporary folder, listening on
 * 127.0.0.1 at a free port with trust authentication, stopped and deleted afterwards. It uses the
 * distribution's binaries (Debian: /usr/lib/postgresql/<version>/bin; elsewhere `pg_config --bindir`
 * or PG_BIN). `initdb` refuses to run as root, so as root the server runs as the `postgres` user (or
 * `nobody` when there is none), which then owns the temporary folder.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningPostgres {
  /** `postgres://orphelix@127.0.0.1:<port>/postgres`, a superuser without password. */
  url: string;
  /** The temporary folder holding the cluster, the socket and the log; `stop` deletes it. */
  dir: string;
  port: number;
}

const STATE_FILE = 'orphelix-postgres.json';
const SUPERUSER = 'orphelix';

/** The folder holding initdb and pg_ctl: PG_BIN, Debian's newest version, or `pg_config --bindir`. */
export function findBinDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['PG_BIN']) return env['PG_BIN'];
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => existsSync(join(debian, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(debian, versions[0], 'bin');
  }
  const found = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const dir = found.status === 0 ? found.stdout.trim() : '';
  if (dir && existsSync(join(dir, 'initdb'))) return dir;
  throw new Error('PostgreSQL server binaries not found: install postgresql (Debian: apt-get install postgresql) or set PG_BIN');
}

interface RunAs {
  uid: number;
  gid: number;
  /** Prefix that runs a command as that user. */
  wrap: (command: string, args: string[]) => [string, string[]];
}

/** Who runs the server: the current user, or an unprivileged one when we are root. */
function runAs(): RunAs | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const user = ['postgres', 'nobody'].find((name) => spawnSync('id', ['-u', name]).status === 0);
  if (!user) throw new Error('Running as root and neither a postgres nor a nobody user exists: initdb refuses root');
  const id = (flag: string): number => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((p) => existsSync(p));
  return {
    uid: id('-u'),
    gid: id('-g'),
    wrap: (command, args) =>
      runuser
        ? [runuser, ['-u', user, '--', command, ...args]]
        : ['su', [user, '-s', '/bin/sh', '-c', [command, ...args].map(shellQuote).join(' ')]],
  };
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function run(user: RunAs | null, command: string, args: string[], what: string, log?: string): void {
  const [file, argv] = user ? user.wrap(command, args) : [command, args];
  const result = spawnSync(file, argv, { encoding: 'utf8', cwd: tmpdir() });
  if (result.status !== 0) {
    const logText = log && existsSync(log) ? `\n--- server log ---\n${readFileSync(log, 'utf8').slice(-4000)}` : '';
    throw new Error(`${what} failed (exit ${result.status ?? result.signal}):\n${result.stderr || result.stdout}${logText}`);
  }
}

/** Creates and starts a cluster; resolves once it accepts connections. */
export async function startPostgres(): Promise<RunningPostgres> {
  const bin = findBinDir();
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'orphelix-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  try {
    run(user, join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--no-sync'], 'initdb');
    // Throwaway data: durability settings off for speed; enough connections for parallel test files.
    const options = [
      `-p PORT`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=300',
    ];
    // The port is free when chosen but could be taken before the server binds it: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const args = ['-D', data, '-l', log, '-w', '-t', '60', '-o', options.join(' ').replace('PORT', String(port)), 'start'];
      try {
        run(user, join(bin, 'pg_ctl'), args, 'pg_ctl start', log);
      } catch (error) {
        if (attempt < 3) continue;
        throw error;
      }
      const running = { url: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`, dir, port };
      writeFileSync(join(dir, STATE_FILE), JSON.stringify(running));
      return running;
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Stops the server started in `dir` (immediately: its data is thrown away) and deletes the folder. */
export function stopPostgres(dir: string): void {
  if (!existsSync(join(dir, STATE_FILE))) {
    throw new Error(`${dir} is not a folder startPostgres made`);
  }
  const data = join(dir, 'data');
  if (existsSync(join(data, 'postmaster.pid'))) {
    run(runAs(), join(findBinDir(), 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], 'pg_ctl stop');
  }
  rmSync(dir, { recursive: true, force: true });
}
