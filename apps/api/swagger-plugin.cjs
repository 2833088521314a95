// The @nestjs/swagger compiler plugin with one set of options for both compilers that build the API:
// webpack (the served spec) and ts-jest (the drift test), so the two cannot document the code differently.
// This file is also a ts-jest AST transformer (name, version, factory).
const plugin = require('@nestjs/swagger/plugin');

const options = {
  introspectComments: true,
  dtoFileNameSuffix: ['.dto.ts'],
  controllerFileNameSuffix: ['.controller.ts'],
  classValidatorShim: true,
  controllerKeyOfComment: 'summary',
};

module.exports = {
  options,
  name: 'orphelix-nestjs-swagger-plugin',
  // Bump to invalidate ts-jest's cache when the options change.
  version: 1,
  factory: (tsCompiler) => plugin.before(options, tsCompiler.program),
};
