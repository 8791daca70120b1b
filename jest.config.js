// One jest run, several projects: pure unit tests, the emulator, functions through the emulator, components in jsdom, e2e in Chromium.
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } } }]
const base = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
  testEnvironment: 'node',
  // A mutation run (npm run mutation) keeps a copy of the repo in .stryker-tmp; jest must not see it twice.
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
  setupFiles: ['<rootDir>/tests/fixtures/quiet-sdk.ts'],
}
module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    { ...base, displayName: 'emulator', testMatch: ['<rootDir>/tests/emulator/**/*.test.ts'] },
    { ...base, displayName: 'functions', testMatch: ['<rootDir>/tests/functions/**/*.test.ts'] },
    { ...base, displayName: 'components', testEnvironment: 'jsdom', testMatch: ['<rootDir>/tests/components/**/*.test.tsx'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'] },
  ],
}
