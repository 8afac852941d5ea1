// Integration tests of this project against the real PostgreSQL and Kafka (`nx run messaging:int-test`).
export default {
  displayName: 'messaging',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
};
