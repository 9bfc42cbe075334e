// Fails fast, with the fix, when the integration tests run without the stack.
if (process.env.STACK_RUNNING !== "1") {
  throw new Error(
    "integration tests need the emulator stack: run `npm test` from the repository root",
  );
}
