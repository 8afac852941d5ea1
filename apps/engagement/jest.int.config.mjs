// Integration tests of this project against the real PostgreSQL and Kafka (`nx run engagement:int-test`).
export default {
  displayName: 'engagement',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
};
