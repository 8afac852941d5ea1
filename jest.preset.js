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

const libs = [
  'config',
  'db',
  'errors',
  'events',
  'graphql-kit',
  'messaging',
  'money',
  'observability',
  'service-kit',
  'testing',
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc, '^.+/node_modules/jose/.+\\.js$': swc },
  // jose is ESM-only; jest's CommonJS runtime needs it compiled like our own code.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper: Object.fromEntries(
    libs.map((l) => [`^@platform/${l}$`, `${__dirname}/libs/${l}/src/index.ts`]),
  ),
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.cache/'],
  testTimeout: 60_000,
  // Integration tests open sockets to PostgreSQL and Kafka; make sure a hung handle fails loudly.
  openHandlesTimeout: 5_000,
};
