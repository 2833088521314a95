const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');
const swaggerPlugin = require('./swagger-plugin.cjs');

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/api'),
    clean: true,
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      // Built with the same code and plugin as the server, so the committed spec is what /docs-json serves.
      additionalEntryPoints: [{ entryName: 'write-openapi', entryPath: './src/openapi/write-openapi.ts' }],
      tsConfig: './tsconfig.app.json',
      transformers: [{ name: '@nestjs/swagger/plugin', options: swaggerPlugin.options }],
      assets: ['./src/assets'],
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    }),
  ],
};
