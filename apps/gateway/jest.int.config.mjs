// Integration tests of this project against the real PostgreSQL and Kafka (`nx run gateway:int-test`).
export default {
  displayName: 'gateway',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
};
