// Is a realistic load pod (`kdeck sim --object-size realistic`) shaped as a Deployment's pod
// on a real control plane? Only the shape is compared: the set of field paths (keys, list
// indices collapsed to []), not values, so names, times and addresses do not matter. The
// reference is a pod of the tutorial's nginx Deployment on the real cluster when there is one
// (npm run cluster:up, or KDECK_REAL_CLUSTER); without one, the paths recorded the last time one
// ran (real-pod-paths.json, written with KDECK_RECORD_REAL=1), as the rest of the suite does.
// On the simulator alone, the load pod must have at least every path of the simulator's own
// Deployment pods.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/sim.js';
import { call, realTarget, simulatorTarget, type Target } from './targets.js';

const RECORDED = new URL('./real-pod-paths.json', import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: pods as plain JSON
type Obj = Record<string, any>;

/** Maps whose keys are data, not fields: compared as a whole. */
const MAPS = ['metadata.labels', 'metadata.annotations', 'metadata.managedFields[].fieldsV1'];

function fieldPaths(v: unknown, at = ''): string[] {
  if (Array.isArray(v))
    return v.length ? [...new Set(v.flatMap((x) => fieldPaths(x, `${at}[]`)))] : [at];
  if (v && typeof v === 'object' && !MAPS.includes(at)) {
    const keys = Object.keys(v);
    if (!keys.length) return [at];
    return keys.flatMap((k) => fieldPaths((v as Obj)[k], at ? `${at}.${k}` : k));
  }
  return [at];
}

/**
 * Paths that may be on one side only, and why. A path is let off when it is one of these or
 * lies under one.
 */
const MAY_DIFFER: { path: string; why: string }[] = [
  // The load's apps declare what the tutorial's nginx does not.
  { path: 'spec.containers[].env', why: 'the load apps set environment variables' },
  { path: 'spec.containers[].resources.limits', why: 'the load apps set limits' },
  { path: 'spec.containers[].resources.requests', why: 'the load apps set requests' },
  { path: 'spec.containers[].livenessProbe', why: 'the load apps have probes' },
  { path: 'spec.containers[].readinessProbe', why: 'the load apps have probes' },
  { path: 'spec.containers[].ports[].name', why: 'the load apps name their port' },
  // What the template's history leaves: `kubectl rollout restart` (a scenario of this suite,
  // on the same nginx Deployment) stamps restartedAt into the pods' annotations.
  { path: 'metadata.annotations', why: 'depends on the template’s history' },
  // Steady-state conditions carry no reason; one that was false once may keep none or some.
  { path: 'status.conditions[].reason', why: 'depends on the pod’s history' },
  { path: 'status.conditions[].message', why: 'depends on the pod’s history' },
  // What a kubelet reports depends on its version and features; on the real control plane
  // here KWOK stands in for the kubelet and writes less than a kubelet of 1.34+ does.
  { path: 'status.containerStatuses[].volumeMounts', why: 'kubelet 1.30+, not KWOK' },
  { path: 'status.containerStatuses[].containerID', why: 'a container runtime, not KWOK' },
  { path: 'status.containerStatuses[].started', why: 'kubelet 1.16+, not KWOK' },
  { path: 'status.containerStatuses[].resources', why: 'kubelet with in-place resize' },
  { path: 'status.containerStatuses[].allocatedResources', why: 'kubelet with in-place resize' },
  { path: 'status.containerStatuses[].user', why: 'kubelet 1.33+ (supplemental groups)' },
  { path: 'status.observedGeneration', why: 'kubelet 1.34+ (pod generation)' },
  { path: 'status.conditions[].observedGeneration', why: 'kubelet 1.34+ (pod generation)' },
];
const under = (p: string, parent: string) =>
  p === parent || p.startsWith(`${parent}.`) || p.startsWith(`${parent}[`);
const letOff = (p: string) => MAY_DIFFER.some((d) => under(p, d.path));

/**
 * One side's paths that the other lacks, those let off aside. An empty object on one side
 * (`resources: {}`) is there if the other has fields in it.
 */
const missing = (from: string[], other: string[]) =>
  from.filter((p) => !other.some((o) => under(o, p)) && !letOff(p)).sort();

async function firstPod(t: Target, path: string): Promise<Obj> {
  const a = await call(t.admin, path);
  expect(a.status, a.text).toBe(200);
  expect(a.body.items.length).toBeGreaterThan(0);
  return a.body.items[0];
}

/**
 * A pod whose containers all run: the nginx Deployment's pods start as a kubelet starts them
 * (waiting, ContainerCreating) and a starting pod has paths a running one has not.
 */
const runningPod = async (t: Target, path: string): Promise<Obj> =>
  (await eventually(
    async () => {
      const a = await call(t.admin, path);
      return (a.body?.items ?? []).find((p: Obj) =>
        p.status?.containerStatuses?.every((c: Obj) => c.state?.running),
      ) as Obj | undefined;
    },
    30_000,
    { everyMs: 250, what: `a running pod at ${path}` },
  )) as Obj;

const NGINX_PODS = '/api/v1/namespaces/default/pods?labelSelector=app%3Dnginx-server';

const real = await realTarget();
let sim: Target;
let loadPod: Obj;
beforeAll(async () => {
  sim = await simulatorTarget({
    load: { pods: 20, namespaces: 1, churn: 0, objectSize: 'realistic' },
  });
  loadPod = await firstPod(sim, '/api/v1/namespaces/load-0000/pods');
}, 60_000);
afterAll(() => sim?.stop());

it("a realistic load pod has every field of the simulator's own Deployment pods", async () => {
  const own = fieldPaths(await runningPod(sim, NGINX_PODS));
  expect(missing(own, fieldPaths(loadPod)), 'paths the load pod lacks').toEqual([]);
});

describe('against a Deployment pod of the real control plane', () => {
  const recorded = (): string[] | undefined =>
    existsSync(RECORDED) ? JSON.parse(readFileSync(RECORDED, 'utf8')) : undefined;
  let reference: string[] | undefined;
  beforeAll(async () => {
    if (typeof real === 'string') {
      reference = recorded();
      console.log(
        `pod shape: ${real}; ${reference ? 'comparing with the recording' : 'no recording yet, skipped'}`,
      );
      return;
    }
    reference = [...new Set(fieldPaths(await runningPod(real, NGINX_PODS)))].sort();
    if (process.env.KDECK_RECORD_REAL)
      writeFileSync(RECORDED, `${JSON.stringify(reference, null, 2)}\n`);
  }, 60_000);
  afterAll(async () => {
    if (typeof real !== 'string') await real.stop();
  });

  it('has the same field paths, but for those listed as differing by nature', (ctx) => {
    if (!reference) return ctx.skip();
    const load = fieldPaths(loadPod);
    expect({
      'the load pod has, the real one lacks': missing(load, reference),
      'the real pod has, the load pod lacks': missing(reference, load),
    }).toEqual({
      'the load pod has, the real one lacks': [],
      'the real pod has, the load pod lacks': [],
    });
  });
});
