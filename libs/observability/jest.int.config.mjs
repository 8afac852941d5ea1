// Integration tests of this project (`nx run observability:int-test`): real HTTP on localhost.
export default {
  displayName: 'observability',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.int-spec.ts'],
};
