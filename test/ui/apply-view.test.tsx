// The :apply -f page on a fake cluster, key by key: the preview scrolls, Enter sends what the
// dry run accepted, Esc sends nothing, f asks for the dry run again with force.
import { describe, expect, it } from 'vitest';
import type {
  ManifestActionsApi,
  ManifestVerb,
  PlanItem,
} from '../../src/resources/manifest-plan.js';
import { FakeSource, pod } from './fake-source.js';
import { KEY, startScreen } from './screen.js';

const { ENTER, ESC } = KEY;

/** Manifests that read as `count` deployments; the calls the page made. */
class FakeManifests implements ManifestActionsApi {
  calls: string[] = [];
  constructor(
    private readonly count: number,
    private readonly outcome: (force: boolean) => PlanItem['outcome'],
  ) {}
  read(path: string) {
    this.calls.push(`read ${path}`);
    return {
      ok: true as const,
      manifests: Array.from({ length: this.count }, (_, i) => ({
        file: path,
        line: i * 10 + 1,
        object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `web-${i}` } },
      })),
    };
  }
  async preview(verb: ManifestVerb, manifests: { file: string }[], namespace: string, o = {}) {
    const force = (o as { force?: boolean }).force === true;
    this.calls.push(`preview ${verb} ${namespace}${force ? ' force' : ''}`);
    return manifests.map((m, i): PlanItem => {
      const outcome = this.outcome(force);
      return {
        manifest: { file: m.file, line: 1, object: {} },
        label: `deployment.apps/web-${i}`,
        name: `web-${i}`,
        namespace,
        outcome,
        ...(outcome === 'configured' ? { changes: [`spec.replicas: ${i} → ${i + 1}`] } : {}),
        ...(outcome === 'conflict'
          ? {
              conflicts: [{ field: '.spec.replicas', message: 'conflict with "kubectl-create"' }],
              error: 'Error from server (Conflict): …',
            }
          : {}),
      };
    });
  }
  async commit(verb: ManifestVerb, items: PlanItem[], o: { force?: boolean } = {}) {
    this.calls.push(`commit ${verb} ${items.length}${o.force ? ' force' : ''}`);
    return items.map((i) => ({ text: `${i.label} configured`, error: false }));
  }
}

function cluster(manifests: FakeManifests) {
  const source = new FakeSource([pod('web-1')]);
  Object.assign(source, { manifests });
  return source;
}

describe('the :apply -f page', () => {
  it('scrolls a long preview, and Enter sends it and shows a line per object', async () => {
    const manifests = new FakeManifests(30, () => 'configured');
    const { frame, press } = await startScreen(cluster(manifests));
    await expect.poll(frame).toContain('pods(default)[1]');
    await press(':', ...'apply -f k8s/', ENTER);
    await expect.poll(frame).toContain('apply -f k8s/: dry run — Enter applies, Esc cancels');
    expect(frame()).toContain('deployment.apps/web-0 configured (namespace default)');
    expect(frame()).not.toContain('web-29 configured');
    await press('G');
    await expect.poll(frame).toContain('spec.replicas: 29 → 30');
    expect(frame()).not.toContain('deployment.apps/web-0 configured');
    await press('g');
    await expect.poll(frame).toContain('deployment.apps/web-0 configured');
    expect(manifests.calls).toEqual(['read k8s/', 'preview apply default']);
    await press('G', ENTER);
    await expect.poll(frame).toContain('apply -f k8s/: done');
    // The results start at their top, wherever the preview was scrolled to.
    expect(frame()).toMatch(/^deployment\.apps\/web-0 configured\s*$/m);
    expect(manifests.calls.at(-1)).toBe('commit apply 30');
    await press(ENTER);
    await expect.poll(frame).toMatch(/web-1\s+1\/1\s+Running/);
  });

  it('Esc sends nothing and says so', async () => {
    const manifests = new FakeManifests(1, () => 'configured');
    const { frame, press } = await startScreen(cluster(manifests));
    await press(':', ...'apply -f one.yaml', ENTER);
    await expect.poll(frame).toContain('deployment.apps/web-0 configured');
    await press(ESC);
    await expect.poll(frame).toContain(':apply -f one.yaml cancelled: nothing changed');
    expect(manifests.calls.some((c) => c.startsWith('commit'))).toBe(false);
  });

  it('f asks for the dry run again with force, and Enter then sends with it', async () => {
    const manifests = new FakeManifests(1, (force) => (force ? 'configured' : 'conflict'));
    const { frame, press } = await startScreen(cluster(manifests));
    await press(':', ...'apply -f one.yaml', ENTER);
    await expect.poll(frame).toContain('.spec.replicas: conflict with "kubectl-create"');
    expect(frame()).toContain('<f> force conflicts');
    await press('f');
    await expect.poll(frame).toContain('dry run (conflicts forced)');
    await press(ENTER);
    await expect.poll(frame).toContain('apply -f one.yaml: done');
    expect(manifests.calls).toEqual([
      'read one.yaml',
      'preview apply default',
      'preview apply default force',
      'commit apply 1 force',
    ]);
  });

  it('read-only mode refuses the command before reading anything', async () => {
    const manifests = new FakeManifests(1, () => 'created');
    const { frame, press } = await startScreen(cluster(manifests), { readonly: true });
    await press(':', ...'create -f one.yaml', ENTER);
    await expect.poll(frame).toContain('read-only (--readonly): :create -f is off');
    expect(manifests.calls).toEqual([]);
  });
});
