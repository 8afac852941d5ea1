// Integration tests of this project against the real PostgreSQL and Kafka (`nx run sales:int-test`).
export default {
  displayName: 'sales',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
};
