// @nestjs/passport 12 is an ES module only; see native-require.cjs for why Node's own loader takes it.
const { createRequire } = process.getBuiltinModule('node:module');
const path = require('node:path');

module.exports = createRequire(path.join(__dirname, '..', '..', 'package.json'))('@nestjs/passport');
