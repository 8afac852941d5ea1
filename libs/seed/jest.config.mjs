// Unit tests of this project (`nx run seed:test`, inferred by @nx/jest).
export default {
  displayName: 'seed',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
