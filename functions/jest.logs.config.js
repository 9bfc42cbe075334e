/**
 * Log contract tests: check the log-based metric filters against the emulator
 * log that `npm test` writes (STACK_LOG_FILE, default ../.stack/emulators.log).
 */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test/logs"],
};
