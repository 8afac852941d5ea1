// Unit tests of this project (`nx run accounting:test`, inferred by @nx/jest).
export default {
  displayName: 'accounting',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
