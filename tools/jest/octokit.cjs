// @octokit/rest and its plugins are ES modules only, which Jest's module registry cannot load. Node 24 can
// (require of ES modules), so the Jest configs map each of those packages to this file, which hands them to
// Node's own loader and exports the union of what they export (Octokit, throttling, retry): each name is
// unique across the three, so every import finds its binding whichever package it named.
// process.getBuiltinModule bypasses Jest, whose own 'module' hands back Jest's require.
const { createRequire } = process.getBuiltinModule('node:module');
const path = require('node:path');

const nativeRequire = createRequire(path.join(__dirname, '..', '..', 'package.json'));

module.exports = {
  ...nativeRequire('@octokit/rest'),
  ...nativeRequire('@octokit/plugin-throttling'),
  ...nativeRequire('@octokit/plugin-retry'),
};
