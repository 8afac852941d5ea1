// Integration tests of this project against the real PostgreSQL and Kafka (`nx run graphql-kit:int-test`).
export default {
  displayName: 'graphql-kit',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
};
