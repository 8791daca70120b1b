// StrykerJS (npm run mutation): mutants in src/domain and server/, one file group at a time (scripts/mutation.ts picks the
// group through SANWEI_MUTATION_GROUP). Run by hand, not in CI.
// Two kinds of group:
// - in-process groups (the pure domain, the transaction wrapper): the unit tests and the in-process function tests, with
//   per-test coverage, so each mutant meets only the tests that reach it;
// - worker groups (the server code the functions run): the function tests run the bundled code in the local CloudBase's
//   worker processes, where jest's per-test coverage cannot look, so coverage analysis is off and each group names the
//   test files that guard it. The active mutant reaches the workers through Stryker's own environment variable
//   (__STRYKER_ACTIVE_MUTANT__, passed on by tests/functions/harness.ts), and the bundles are built from the sandbox's
//   instrumented sources, so a worker runs the mutant.
import { GROUPS } from './scripts/mutation-groups.mjs'

const name = process.env.SANWEI_MUTATION_GROUP ?? 'domain'
const group = GROUPS[name]
if (!group) throw new Error(`unknown mutation group ${name}: one of ${Object.keys(GROUPS).join(', ')}`)
process.env.SANWEI_MUTATION_TESTS ??= JSON.stringify(group.tests)

export default {
  testRunner: 'jest',
  // A sampled run (--sample) mutates the sampled locations only, not the code nested inside them.
  plugins: ['@stryker-mutator/*', './scripts/mutation-sample.mjs'],
  ignorers: process.env.SANWEI_MUTATION_SAMPLE ? ['sample'] : [],
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  mutate: group.mutate,
  coverageAnalysis: group.workers ? 'off' : 'perTest',
  // Per-test coverage cannot see the code a beforeAll runs (static) in the worker groups; those run every mutant anyway.
  ignoreStatic: false,
  // One test runner: two would share the sandbox's bundles, and the machine is shared.
  concurrency: 1,
  timeoutMS: group.workers ? 60000 : 20000,
  timeoutFactor: 2,
  // The first run of a worker group's tests takes minutes on a loaded machine.
  dryRunTimeoutMinutes: 30,
  // Every group keeps its results: a rerun only runs the mutants of changed code or changed tests.
  incremental: !process.env.SANWEI_MUTATION_SAMPLE,
  incrementalFile: `reports/stryker-incremental/${name}.json`,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: process.env.SANWEI_MUTATION_REPORT ?? `reports/mutation/${name}.json` },
  // One sandbox folder per group, so two groups can run at once.
  // (scripts/mutation.ts names it for a chunk or a rerun, so those can run beside the group's own run.)
  tempDirName: `.stryker-tmp/${process.env.SANWEI_MUTATION_TMP ?? `${name}${process.env.SANWEI_MUTATION_REPORT ? '-retry' : ''}`}`,
  // The sandbox needs the sources and tests, not builds, data or reports.
  ignorePatterns: ['.stryker-tmp', 'dist', 'dist-h5', '.data', '.data-*', 'coverage', 'reports', '.screenshots', 'docs', '.taro-cache', '.swc'],
  disableTypeChecks: '{src,server,tests,cloudfunctions}/**/*.{ts,tsx}',
  cleanTempDir: 'always',
}
