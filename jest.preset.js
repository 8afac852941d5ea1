// The jest configuration every project shares (each project's jest configs name it as `preset`).
// A project has jest.config.mjs for its unit tests (the @nx/jest plugin makes it the `test`
// target), jest.int.config.mjs for integration tests against the real PostgreSQL and Kafka
// (`int-test`) and, for apps/e2e, jest.e2e.config.mjs (`e2e`); the root jest.config.mjs still
// runs everything in one go.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: false, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

// Module paths come from tsconfig.base.json, the one list of @platform/* entries.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest loads a preset as CommonJS
const { readFileSync } = require('node:fs');
const { compilerOptions } = JSON.parse(readFileSync(`${__dirname}/tsconfig.base.json`, 'utf8'));

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc, '^.+/node_modules/jose/.+\\.js$': swc },
  // jose is ESM-only; jest's CommonJS runtime needs it compiled like our own code.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper: Object.fromEntries(
    Object.entries(compilerOptions.paths).map(([name, [path]]) => [`^${name}$`, `${__dirname}/${path}`]),
  ),
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.cache/'],
  testTimeout: 60_000,
  // Integration tests open sockets to PostgreSQL and Kafka; make sure a hung handle fails loudly.
  openHandlesTimeout: 5_000,
};
