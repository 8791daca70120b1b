// StrykerJS (npm run mutation): mutants in the pure domain and in the server's transaction/idempotency code, killed by the
// unit tests and the in-process function tests. Run by hand, not in CI. The functions tests that go through the local
// CloudBase run the bundled code in separate worker processes, which Stryker's mutant switching cannot reach, so the
// rest of server/ is measured by coverage (npm run coverage), not here.
export default {
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  // Who may act and how the loop moves: the transition table, the one permission function, the time rules and the ledger.
  // The deciders (commands.ts), redaction (views.ts) and the server's transaction wrapper have their mutants too, but
  // a run over them takes hours on 2 shared cores: `npm run mutation -- --mutate src/domain/commands.ts` runs one by hand.
  mutate: ['src/domain/transitions.ts', 'src/domain/permissions.ts', 'src/domain/time.ts', 'src/domain/ledger.ts'],
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 20000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  // The sandbox needs the sources and tests, not builds, data or reports.
  ignorePatterns: ['dist', 'dist-h5', '.data', '.data-*', 'coverage', 'reports', '.screenshots', 'docs', '.taro-cache', '.swc'],
  disableTypeChecks: '{src,server,tests}/**/*.{ts,tsx}',
  cleanTempDir: 'always',
}
