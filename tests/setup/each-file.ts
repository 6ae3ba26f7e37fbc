// Runs before every test file: the server-side code reads its secret from the environment.
process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret";
