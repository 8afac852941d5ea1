// The whole stack behind the real gateway (`nx run e2e:e2e`).
export default {
  displayName: 'e2e',
  preset: '../../jest.preset.js',
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
};
