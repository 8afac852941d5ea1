// Unit tests of this project (`nx run messaging:test`, inferred by @nx/jest).
export default {
  displayName: 'messaging',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
