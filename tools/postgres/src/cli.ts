/**
 * `node tools/postgres/src/cli.ts <command>`: a throwaway PostgreSQL for the API's *.pg.spec.ts suites.
 *
 *   start [--json]      start one; print `export DATABASE_URL=…` and `export ORPHELIX_PG_DIR=…` (or JSON)
 *   stop <dir>          stop the one in <dir> (ORPHELIX_PG_DIR) and delete it
 *   run -- <command…>   start one, run the command with DATABASE_URL set, stop it; exits with the command's code
 */
import { spawnSync } from 'node:child_process';
import { startPostgres, stopPostgres } from './postgres.ts';

const USAGE = 'usage: cli.ts start [--json] | stop <dir> | run -- <command> [args…]';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      const pg = await startPostgres();
      console.log(
        rest.includes('--json')
          ? JSON.stringify(pg)
          : `export DATABASE_URL='${pg.url}'\nexport ORPHELIX_PG_DIR='${pg.dir}'`,
      );
      return 0;
    }
    case 'stop': {
      const dir = rest[0] ?? process.env['ORPHELIX_PG_DIR'];
      if (!dir) {
        console.error(USAGE);
        return 2;
      }
      stopPostgres(dir);
      return 0;
    }
    case 'run': {
      const args = rest[0] === '--' ? rest.slice(1) : rest;
      const [program, ...programArgs] = args;
      if (!program) {
        console.error(USAGE);
        return 2;
      }
      const pg = await startPostgres();
      try {
        const result = spawnSync(program, programArgs, {
          stdio: 'inherit',
          env: { ...process.env, DATABASE_URL: pg.url, ORPHELIX_PG_DIR: pg.dir },
        });
        return result.status ?? 1;
      } finally {
        stopPostgres(pg.dir);
      }
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
