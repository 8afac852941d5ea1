// Unit tests of this project (`nx run graphql-kit:test`, inferred by @nx/jest).
export default {
  displayName: 'graphql-kit',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
