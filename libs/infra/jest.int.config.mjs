// Integration tests of this project against the real PostgreSQL and Kafka (`nx run infra:int-test`).
export default {
  displayName: 'infra',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
};
