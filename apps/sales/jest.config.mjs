// Unit tests of this project (`nx run sales:test`, inferred by @nx/jest).
export default {
  displayName: 'sales',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
