// Integration tests of this project against the real PostgreSQL and Kafka (`nx run project-delivery:int-test`).
export default {
  displayName: 'project-delivery',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
};
