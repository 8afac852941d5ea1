// Integration tests of the tools against the real PostgreSQL and Kafka (`nx run tools:int-test`).
export default {
  displayName: 'tools',
  preset: '../jest.preset.js',
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
};
