// Unit tests of this project (`nx run project-delivery:test`, inferred by @nx/jest).
export default {
  displayName: 'project-delivery',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.spec.ts'],
};
