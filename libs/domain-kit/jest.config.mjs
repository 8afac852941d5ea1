// Unit tests of this project (`nx run domain-kit:test`, inferred by @nx/jest).
export default {
  displayName: 'domain-kit',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
