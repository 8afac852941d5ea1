// Unit tests of this project (`nx run infra:test`, inferred by @nx/jest).
export default {
  displayName: 'infra',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
