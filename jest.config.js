/** One jest run over every package: unit tests beside sources (src/**\/*.test.ts), end-to-end tests in test/. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', target: 'ES2022', esModuleInterop: true, skipLibCheck: true, strict: true, types: ['node', 'jest'] }, diagnostics: { warnOnly: false } }] },
  testMatch: ['<rootDir>/{sdk,core,cli,plugins/*}/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  setupFiles: ['<rootDir>/test/jest-setup.js'],
  testTimeout: 120000,
  maxWorkers: 2,
};
