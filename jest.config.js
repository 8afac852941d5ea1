// One jest run over every project; files run in parallel workers. Integration and end-to-end
// tests create their own databases and topic prefixes, so files never share state.
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
    libs.map((l) => [`^@platform/${l}$`, `<rootDir>/libs/${l}/src/index.ts`]),
  ),
  testMatch: ['<rootDir>/{apps,libs,tools}/**/*.{spec,int-spec,e2e-spec}.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.cache/'],
  testTimeout: 60_000,
  // Integration tests open sockets to PostgreSQL and Kafka; make sure a hung handle fails loudly.
  openHandlesTimeout: 5_000,
};
