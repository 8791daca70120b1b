// The tests StrykerJS runs against each mutant (stryker.config.mjs): pure unit tests and the in-process function tests.
const base = require('./jest.config.js').projects[0]
module.exports = {
  ...base,
  displayName: undefined,
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/unit/**/*.test.ts', '<rootDir>/tests/functions/conflict.test.ts'],
}
