// Stops the server jest-global-setup.cjs started, if it started one.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function stopPostgresForTests() {
  const dir = globalThis.__ORPHELIX_PG_DIR__;
  if (!dir) return;
  execFileSync(process.execPath, [join(__dirname, 'src', 'cli.ts'), 'stop', dir], { stdio: 'inherit' });
  delete process.env.DATABASE_URL;
};
