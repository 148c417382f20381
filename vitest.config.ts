import { defineConfig } from 'vitest/config';

// CI asks for a JSON report (.ci/run turns it into the "N passed, N failed" line). The run of
// the suites against the single executable (npm run test:exe) writes its own beside it, which
// .ci/run adds in, rather than overwriting the first run's.
const report = process.env.KDECK_TEST_REPORT?.replace(
  /(\.json)?$/,
  process.env.KDECK_EXE ? '-exe.json' : '$1',
);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll waits for the screen to show something; its default second is a deadline a
    // machine busy with other work can miss, failing a test whose behaviour was right.
    expect: { poll: { timeout: 10_000 } },
    reporters: report ? ['default', 'json'] : ['default'],
    ...(report ? { outputFile: { json: report } } : {}),
  },
});
