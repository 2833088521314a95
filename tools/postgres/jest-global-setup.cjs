// Jest globalSetup of the *.pg.spec.ts suites (apps/api/jest.pg.config.cts): a DATABASE_URL from the
// environment is used as it is (a server CI provides); otherwise a throwaway server is started here and
// stopped by jest-global-teardown.cjs. Test workers inherit DATABASE_URL; each test file creates its
// own database on that server.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function startPostgresForTests() {
  if (process.env.DATABASE_URL) return;
  const out = execFileSync(process.execPath, [join(__dirname, 'src', 'cli.ts'), 'start', '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { url, dir } = JSON.parse(out.trim().split('\n').pop());
  process.env.DATABASE_URL = url;
  process.env.ORPHELIX_PG_DIR = dir;
  globalThis.__ORPHELIX_PG_DIR__ = dir;
};
