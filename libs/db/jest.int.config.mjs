// Integration tests of this project against the real PostgreSQL (`nx run db:int-test`).
export default {
  displayName: 'db',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
};
