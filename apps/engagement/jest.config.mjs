// Unit tests of this project (`nx run engagement:test`, inferred by @nx/jest).
export default {
  displayName: 'engagement',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
