/** Integration tests: need the emulator stack that `npm test` starts. */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test/integration"],
  setupFiles: ["<rootDir>/test/integration/require-stack.ts"],
  testTimeout: 30000,
};
