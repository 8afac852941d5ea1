// Unit tests of this project (`nx run service-kit:test`, inferred by @nx/jest).
export default {
  displayName: 'service-kit',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
