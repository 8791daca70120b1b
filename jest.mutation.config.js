// The tests StrykerJS runs against each mutant (stryker.config.mjs): the test files of the group being measured.
const base = require('./jest.config.js').projects[0]
const tests = JSON.parse(process.env.SANWEI_MUTATION_TESTS ?? '["tests/unit/**/*.test.ts", "tests/functions/conflict.test.ts"]')
module.exports = {
  ...base,
  displayName: undefined,
  rootDir: __dirname,
  testMatch: tests.map((t) => `<rootDir>/${t}`),
  // Stops a mutant's run at its first failing test (tests/fixtures/mutation-env.cjs).
  // An absolute path: Stryker's per-test coverage resolves the environment it wraps itself, without <rootDir>.
  testEnvironment: require('node:path').join(__dirname, 'tests/fixtures/mutation-env.cjs'),
  testSequencer: require('node:path').join(__dirname, 'tests/fixtures/mutation-sequencer.cjs'),
}
