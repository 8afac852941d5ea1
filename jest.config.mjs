// One jest run over every project (`npx jest`); `npm test` runs each project's own configs
// through Nx instead. Integration and end-to-end tests create their own databases and topic
// prefixes, so files never share state.
export default {
  preset: './jest.preset.js',
  testMatch: ['<rootDir>/{apps,libs,tools}/**/*.{spec,int-spec,e2e-spec}.ts'],
};
