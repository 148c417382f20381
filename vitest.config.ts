import { defineConfig } from 'vitest/config';

// CI asks for a JSON report (.ci/run turns it into the "N passed, N failed" line).
const report = process.env.KDECK_TEST_REPORT;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: report ? ['default', 'json'] : ['default'],
    ...(report ? { outputFile: { json: report } } : {}),
  },
});
