import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Generated projects install, compile and synthesize for real; give them room.
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
