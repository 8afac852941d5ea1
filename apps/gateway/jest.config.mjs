// Unit tests of this project (`nx run gateway:test`, inferred by @nx/jest).
export default {
  displayName: 'gateway',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
