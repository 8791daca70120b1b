// StrykerJS (npm run mutation): mutants in the pure domain and in the server's transaction/idempotency code, killed by the
// unit tests and the in-process function tests. Run by hand, not in CI. The functions tests that go through the local
// CloudBase run the bundled code in separate worker processes, which Stryker's mutant switching cannot reach, so the
// rest of server/ is measured by coverage (npm run coverage), not here.
export default {
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  mutate: [
    'src/domain/**/*.ts',
    '!src/domain/labels.ts', // Chinese strings: a changed label is caught by the UI tests, not a logic mutant
    '!src/domain/api.ts', '!src/domain/index.ts', '!src/domain/types.ts',
    'server/handler.ts', 'server/transaction.ts',
  ],
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 20000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
}
