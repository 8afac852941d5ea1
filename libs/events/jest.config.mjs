// Unit tests of this project (`nx run events:test`, inferred by @nx/jest).
export default {
  displayName: 'events',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
