// Unit tests of this project (`nx run money:test`, inferred by @nx/jest).
export default {
  displayName: 'money',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
