// Jest's module registry cannot load ES-module-only packages such as @kubernetes/client-node 2. Node 24
// can (require of ES modules), so the Jest configs map those packages to this file, which hands the
// request to Node's own loader. The package is then the real one, loaded once per test file.
// process.getBuiltinModule bypasses Jest, whose own 'module' hands back Jest's require.
const { createRequire } = process.getBuiltinModule('node:module');
const path = require('node:path');

const nativeRequire = createRequire(path.join(__dirname, '..', '..', 'package.json'));

module.exports = nativeRequire('@kubernetes/client-node');
