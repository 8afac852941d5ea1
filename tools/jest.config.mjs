// Unit tests of this project (`nx run tools:test`, inferred by @nx/jest).
export default {
  displayName: 'tools',
  preset: '../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
