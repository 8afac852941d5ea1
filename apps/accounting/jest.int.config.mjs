// Integration tests of this project against the real PostgreSQL and Kafka (`nx run accounting:int-test`).
export default {
  displayName: 'accounting',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
};
