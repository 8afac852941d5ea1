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

// Module paths come from tsconfig.base.json, the one list of @platform/* entries.
const { compilerOptions } = JSON.parse(
  require('node:fs').readFileSync(`${__dirname}/tsconfig.base.json`, 'utf8'),
);

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc, '^.+/node_modules/jose/.+\\.js$': swc },
  // jose is ESM-only; jest's CommonJS runtime needs it compiled like our own code.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper: Object.fromEntries(
    Object.entries(compilerOptions.paths).map(([name, [path]]) => [`^${name}$`, `<rootDir>/${path}`]),
  ),
  testMatch: ['<rootDir>/{apps,libs,tools}/**/*.{spec,int-spec,e2e-spec}.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.cache/'],
  testTimeout: 60_000,
  // Integration tests open sockets to PostgreSQL and Kafka; make sure a hung handle fails loudly.
  openHandlesTimeout: 5_000,
};
