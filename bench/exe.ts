// `npm run bench -- exe`: the single executable (npm run build:exe) beside the bundle under
// Node: file sizes, the time of `--version` (spawn to exit: what a start costs before any
// screen) and of a start to the table's header on 1,000 pods, as startup_ms measures it.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE, NODE, ROOT, runInTerminal, startSim, summary } from './harness.ts';

export const EXE = join(ROOT, 'dist', `kdeck-linux-${process.arch}`);

type Recorder = (scenario: string, metric: string, value: unknown) => void;

export async function exeFigures(runs: number, record: Recorder): Promise<void> {
  const scenario = 'single executable';
  if (!existsSync(EXE)) {
    record(scenario, 'exe', 'not built (npm run build:exe)');
    return;
  }
  const ways: [string, string, string[]][] = [
    ['bundle', NODE, [BUNDLE]],
    ['exe', EXE, []],
  ];
  record(scenario, 'bundle_mb', Number((statSync(BUNDLE).size / 1e6).toFixed(2)));
  record(scenario, 'exe_mb', Number((statSync(EXE).size / 1e6).toFixed(1)));

  // Ten times the runs: one --version is short, and the machine's noise is not. The two ways
  // take turns, so that a load that comes and goes weighs on both alike.
  const version: Record<string, number[]> = { bundle: [], exe: [] };
  for (let i = 0; i < runs * 10; i++)
    for (const [way, file, before] of ways) {
      const t0 = performance.now();
      const r = spawnSync(file, [...before, '--version']);
      if (r.status !== 0) throw new Error(`${way} --version exited ${r.status}`);
      version[way].push(performance.now() - t0);
    }
  for (const [way] of ways) record(scenario, `${way}_version_ms`, summary(version[way]));

  const sim = await startSim({ pods: 1000, namespaces: 10, churn: 0 });
  const header = /NAME\S*\s+(PF\s+)?READY\s+STATUS/i;
  const startup: Record<string, number[]> = { bundle: [], exe: [] };
  for (let i = 0; i < runs; i++)
    for (const [way, file, before] of ways) {
      const t0 = performance.now();
      const t = runInTerminal(file, [...before, '--kubeconfig', sim.kubeconfig, '-A'], sim.env);
      startup[way].push((await t.waitFor(header)) - t0);
      await t.kill();
    }
  for (const [way] of ways) record(scenario, `${way}_startup_ms`, summary(startup[way]));
  await sim.stop();
}
