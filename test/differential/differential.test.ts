// One scenario suite, two targets: the simulator and a real control plane (`npm run
// cluster:up`). Each scenario must pass on both; then what a client saw on each is compared,
// except for the differences listed in known-differences.ts (and README's "Simulator
// fidelity"). Without a real cluster, the simulator is compared with the real cluster's
// answers recorded the last time one ran (real-observations.json, rewritten with
// KDECK_RECORD_REAL=1 while a real cluster runs).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_DIFFERENCES, withoutKnownDifferences } from './known-differences.js';
import { type Observation, scenarios } from './scenarios.js';
import { realTarget, simulatorTarget, type Target } from './targets.js';

const RECORDED = new URL('./real-observations.json', import.meta.url);
const TIMEOUT = 240_000;

const real = await realTarget();
if (typeof real === 'string')
  console.log(`differential suite: ${real}; comparing with the recording`);

const seen: Record<Target['name'], Record<string, Observation>> = { simulator: {}, real: {} };

function runAll(name: Target['name'], start: () => Promise<Target>) {
  let t: Target;
  beforeAll(async () => {
    t = await start();
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    // For reading what each target said: KDECK_DIFF_DUMP=folder.
    const dump = process.env.KDECK_DIFF_DUMP;
    if (dump) writeFileSync(`${dump}/${name}.json`, `${JSON.stringify(seen[name], null, 2)}\n`);
  });
  for (const s of scenarios) {
    it(
      s.name,
      async () => {
        seen[name][s.name] = await s.run(t);
      },
      TIMEOUT,
    );
  }
}

describe('scenarios on the simulator', () => runAll('simulator', simulatorTarget));

describe.skipIf(typeof real === 'string')('scenarios on the real control plane', () => {
  runAll('real', async () => real as Target);
  afterAll(() => {
    if (process.env.KDECK_RECORD_REAL && Object.keys(seen.real).length === scenarios.length)
      writeFileSync(RECORDED, `${JSON.stringify(seen.real, null, 2)}\n`);
  });
});

describe('the simulator answers as the real control plane does', () => {
  const reference = (): Record<string, Observation> =>
    typeof real === 'string' ? JSON.parse(readFileSync(RECORDED, 'utf8')) : seen.real;

  it('has a recording of the real answers for every scenario', () => {
    expect(existsSync(RECORDED)).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(RECORDED, 'utf8'))).sort()).toEqual(
      scenarios.map((s) => s.name).sort(),
    );
  });

  for (const s of scenarios) {
    it(s.name, () => {
      const sim = seen.simulator[s.name];
      const ref = reference()[s.name];
      expect(sim, 'the scenario ran on the simulator').toBeDefined();
      expect(ref, 'the scenario ran on the real cluster').toBeDefined();
      expect(withoutKnownDifferences(s.name, sim)).toEqual(withoutKnownDifferences(s.name, ref));
    });
  }

  it('explains every known difference in the README', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.split('## Simulator fidelity')[1] ?? '';
    for (const d of KNOWN_DIFFERENCES) expect(section, d.path).toContain(`\`${d.path}\``);
  });
});
