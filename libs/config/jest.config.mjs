// Unit tests of this project (`nx run config:test`, inferred by @nx/jest).
export default {
  displayName: 'config',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
