// The scenarios both targets go through, in order (they change the cluster: scale, delete,
// restart). Each checks what must hold on any cluster and returns what a client saw, in a
// normalized form (generated names, ages, IPs and uids replaced), for the two targets'
// answers to be compared as they are.
import { expect } from 'vitest';
import { ClusterActions } from '../../src/kube/actions.js';
import { streamLogs } from '../../src/kube/logs.js';
import { WatchSupervisor } from '../../src/kube/watch-supervisor.js';
import { deployments } from '../../src/resources/deployments.js';
import type { LogLine, LogState, ObjectRef, Row, WatchState } from '../../src/resources/index.js';
import { pods } from '../../src/resources/pods.js';
import { replicasets } from '../../src/resources/replicasets.js';
import { eventually } from '../helpers/sim.js';
import { rowsOfTable } from '../helpers/table-rows.js';
import { serverSideApply } from './apply-scenario.js';
import { otherKinds } from './kinds-scenario.js';
import { podStreams } from './streams-scenario.js';
import { type Answer, call, type Target } from './targets.js';

// biome-ignore lint/suspicious/noExplicitAny: observations are plain JSON
export type Observation = Record<string, any>;

export interface Scenario {
  name: string;
  run(t: Target): Promise<Observation>;
}

const NS = '/api/v1/namespaces/default';
const APPS = '/apis/apps/v1/namespaces/default';
const DEPLOY = 'nginx-server-deployment';
const SELECTOR = 'labelSelector=app%3Dnginx-server';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

// ---- normalizing what differs by nature: generated names, times, addresses, identities

const GENERATED = new RegExp(`^${DEPLOY}-[a-z0-9]{6,10}(-[a-z0-9]{5})?$`);
const AGE = /^(\d+[smhdy])+$/;
const IP = /^\d{1,3}(\.\d{1,3}){3}$/;
const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

function norm(v: unknown, t: Target): unknown {
  if (typeof v === 'string') {
    if (t.nodeNames.has(v)) return '<node>';
    if (GENERATED.test(v))
      return v.split('-').length === 4 ? `${DEPLOY}-<hash>` : `${DEPLOY}-<hash>-<id>`;
    if (AGE.test(v)) return '<age>';
    if (IP.test(v)) return '<ip>';
    if (STAMP.test(v)) return '<time>';
    return v
      .replaceAll(t.viewerUser, '<viewer>')
      .replace(/pod-template-hash=[a-z0-9]+/g, 'pod-template-hash=<hash>')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uid>')
      .replace(new RegExp(`${DEPLOY}-[a-z0-9]{6,10}-[a-z0-9]{5}`, 'g'), `${DEPLOY}-<hash>-<id>`);
  }
  if (Array.isArray(v)) return v.map((x) => norm(x, t));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x, t)]));
  return v;
}

/** What a failed call said: code, reason, message, and the details kdeck may show. */
function status(a: Answer, t: Target) {
  return norm(
    {
      status: a.status,
      kind: a.body?.kind,
      code: a.body?.code,
      reason: a.body?.reason,
      message: a.body?.message ?? a.text.trim(),
      details: a.body?.details && { name: a.body.details.name, kind: a.body.details.kind },
    },
    t,
  );
}

/** A row as kdeck shows it, with ticking times and machine-specific cells made comparable. */
function rowView(r: Row, t: Target) {
  return {
    name: norm(r.name, t),
    health: r.health,
    cells: r.cells.map((c) => (typeof c === 'object' && 'since' in c ? '<age>' : norm(c, t))),
  };
}

/** The paths kdeck reads of a pod, and what type each has (or that it is absent). */
const POD_READS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.resourceVersion',
  'metadata.creationTimestamp',
  'metadata.labels',
  'metadata.ownerReferences',
  'spec.nodeName',
  'spec.containers',
  'spec.initContainers',
  'status.phase',
  'status.podIP',
  'status.hostIP',
  'status.startTime',
  'status.conditions',
  'status.containerStatuses',
  'status.reason',
];
function shape(o: unknown, paths: string[]) {
  const out: Record<string, string> = {};
  for (const p of paths) {
    // biome-ignore lint/suspicious/noExplicitAny: walking plain JSON
    const v = p.split('.').reduce<any>((x, k) => x?.[k], o);
    out[p] = v === undefined ? 'absent' : Array.isArray(v) ? 'array' : typeof v;
  }
  return out;
}

// ---- waiting on controllers

/** Waits for a truthy answer (eventually returns only those), polling gently. */
const until = <T>(what: string, check: () => Promise<T | undefined | false>, ms: number) =>
  eventually(check, ms, { everyMs: 200, what }) as Promise<T>;

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects as plain JSON
type Obj = Record<string, any>;

async function nginxPods(t: Target): Promise<Obj[]> {
  const a = await call(t.admin, `${NS}/pods?${SELECTOR}`);
  expect(a.status).toBe(200);
  return a.body.items;
}

const ready = (p: Obj) =>
  !p.metadata.deletionTimestamp &&
  p.status?.phase === 'Running' &&
  (p.status?.containerStatuses ?? []).every((c: Obj) => c.ready);

/** The deployment settled at `n` pods: all ready, none going, status caught up. */
async function settled(t: Target, n: number): Promise<Obj[]> {
  return until(
    `${n} ready nginx pods`,
    async () => {
      const all = await nginxPods(t);
      const d = (await call(t.admin, `${APPS}/deployments/${DEPLOY}`)).body;
      const done =
        all.length === n &&
        all.every(ready) &&
        d.status?.observedGeneration === d.metadata.generation &&
        d.status?.readyReplicas === n &&
        d.status?.updatedReplicas === n &&
        (d.status?.replicas ?? 0) === n;
      return done && all;
    },
    t.settleMs,
  );
}

const refOf = (resource: ObjectRef['resource'], o: Obj): ObjectRef => ({
  resource,
  namespace: o.metadata.namespace,
  name: o.metadata.name,
  uid: o.metadata.uid,
  resourceVersion: o.metadata.resourceVersion,
});

interface WatchEvent {
  type: string;
  object: Obj;
}

/** Reads a watch stream until it ends or `stop` says so; the events, in order. */
async function watch(
  t: Target,
  query: string,
  opts: { path?: string; stop?: (events: WatchEvent[]) => boolean; maxMs?: number } = {},
): Promise<{ status: number; events: WatchEvent[] }> {
  const res = await t.admin.open(`${opts.path ?? `${NS}/pods`}?watch=1&${query}`);
  const events: WatchEvent[] = [];
  if (res.statusCode !== 200) return { status: res.statusCode ?? 0, events };
  const timer = setTimeout(() => res.destroy(), opts.maxMs ?? 20_000);
  let buf = '';
  try {
    for await (const chunk of res) {
      buf += chunk;
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        if (buf.slice(0, nl).trim()) events.push(JSON.parse(buf.slice(0, nl)));
        buf = buf.slice(nl + 1);
        nl = buf.indexOf('\n');
      }
      if (opts.stop?.(events)) break;
    }
  } catch {
    // destroyed at maxMs
  } finally {
    clearTimeout(timer);
    res.destroy();
  }
  return { status: 200, events };
}

/** One object's event types with repeats folded: ADDED MODIFIED MODIFIED → ADDED MODIFIED. */
function story(events: WatchEvent[], uid: string): string[] {
  const types = events.filter((e) => e.object?.metadata?.uid === uid).map((e) => e.type);
  return types.filter((x, i) => x !== types[i - 1]);
}

// ---- the scenarios

export const scenarios: Scenario[] = [
  {
    name: 'discovery of the resources kdeck uses',
    async run(t) {
      const want: Record<string, string[]> = {
        '/api/v1': ['pods', 'pods/log', 'services', 'namespaces', 'nodes', 'events'],
        '/apis/apps/v1': ['deployments', 'deployments/scale', 'replicasets', 'replicasets/scale'],
      };
      const out: Observation = {};
      for (const [path, names] of Object.entries(want)) {
        const a = await call(t.admin, path);
        expect(a.status).toBe(200);
        for (const name of names) {
          // biome-ignore lint/suspicious/noExplicitAny: an APIResourceList entry
          const r = a.body.resources.find((x: any) => x.name === name);
          expect(r, `${path} lists ${name}`).toBeDefined();
          out[name] = {
            kind: r.kind,
            namespaced: r.namespaced,
            verbs: [...r.verbs].sort(),
            shortNames: r.shortNames ? [...r.shortNames].sort() : undefined,
          };
        }
      }
      return out;
    },
  },
  {
    name: 'list pods, in pages, and as kdeck sees them',
    async run(t) {
      await settled(t, 5);
      const whole = await call(t.admin, `${NS}/pods?${SELECTOR}`);
      expect(whole.status).toBe(200);
      expect(whole.body.items).toHaveLength(5);
      const pages: Observation[] = [];
      let cont = '';
      do {
        const q = `limit=2&${SELECTOR}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
        const page = await call(t.admin, `${NS}/pods?${q}`);
        expect(page.status).toBe(200);
        cont = page.body.metadata.continue ?? '';
        pages.push({
          items: page.body.items.length,
          continue: Boolean(cont),
          remainingItemCount: page.body.metadata.remainingItemCount,
        });
      } while (cont && pages.length < 10);
      const badToken = await call(t.admin, `${NS}/pods?limit=2&continue=not-a-token`);

      // kdeck's own list-then-watch, to the rows its table shows.
      const rows = new Map<string, Row>();
      const states: string[] = [];
      const sup = new WatchSupervisor(
        t.admin,
        { resource: pods, namespace: 'default', labelSelector: 'app=nginx-server' },
        {
          reset: (rs) => {
            rows.clear();
            for (const r of rs) rows.set(r.uid, r);
          },
          upsert: (r) => rows.set(r.uid, r),
          remove: (uid) => rows.delete(uid),
          state: (s: WatchState) => states.push(s.phase),
        },
      ).start();
      try {
        await until(
          'kdeck live with 5 rows',
          async () => states.at(-1) === 'live' && rows.size === 5,
          10_000,
        );
      } finally {
        sup.stop();
      }
      return {
        list: {
          kind: whole.body.kind,
          apiVersion: whole.body.apiVersion,
          resourceVersion: typeof whole.body.metadata.resourceVersion,
          podShape: shape(whole.body.items[0], POD_READS),
        },
        pages,
        badContinueToken: status(badToken, t),
        kdeckStates: states,
        kdeckRows: [...rows.values()].map((r) => rowView(r, t)),
      };
    },
  },
  {
    name: 'Table views, as kubectl asks for them',
    async run(t) {
      const views: Record<string, string> = {
        pods: `${NS}/pods?${SELECTOR}`,
        deployments: `${APPS}/deployments`,
        replicasets: `${APPS}/replicasets?${SELECTOR}`,
        services: `${NS}/services?fieldSelector=metadata.name%3Dnginx-server-service`,
        namespaces: '/api/v1/namespaces?fieldSelector=metadata.name%3Ddefault',
        nodes: '/api/v1/nodes',
        events: `${NS}/events`,
      };
      const out: Observation = {};
      for (const [name, path] of Object.entries(views)) {
        const a = await call(t.admin, path, { accept: TABLE });
        expect(a.status).toBe(200);
        expect(a.body.kind).toBe('Table');
        // Cells of nodes and events depend on the machine and on history: columns only.
        const cells = name !== 'nodes' && name !== 'events';
        out[name] = {
          apiVersion: a.body.apiVersion,
          columns: a.body.columnDefinitions.map(
            // biome-ignore lint/suspicious/noExplicitAny: a TableColumnDefinition
            (c: any) => `${c.name}:${c.type}${c.format ? `/${c.format}` : ''}:${c.priority}`,
          ),
          rows: cells
            ? (a.body.rows as { cells: unknown[] }[])
                // Old ReplicaSets a restart left (0 desired) depend on the cluster's history.
                .filter((r) => name !== 'replicasets' || Number(r.cells[1]) > 0)
                .map((r) => norm(r.cells, t))
                .sort()
            : undefined,
          objectKind: a.body.rows[0]?.object?.kind,
        };
      }
      return out;
    },
  },
  {
    name: 'bookmarks: nothing changes on a quiet kind, a bookmark once the kind moves',
    async run(t) {
      const q = (a: Answer) => a.body.metadata.resourceVersion;
      const nsRv = q(await call(t.admin, '/api/v1/namespaces'));
      // One namespace nothing touches: other test files make and delete namespaces of their
      // own on the same real cluster meanwhile (a deletion goes on after its request), and
      // each was a change event on a watch of them all.
      const quiet = watch(
        t,
        `fieldSelector=metadata.name%3Dkube-public&allowWatchBookmarks=true&timeoutSeconds=4&resourceVersion=${nsRv}`,
        { path: '/api/v1/namespaces' },
      );
      // A pod changes, but not one this watch selects: only a bookmark can say so.
      const podRv = q(await call(t.admin, `${NS}/pods?${SELECTOR}`));
      const busy = watch(
        t,
        `labelSelector=app%3Dnothing&allowWatchBookmarks=true&timeoutSeconds=4&resourceVersion=${podRv}`,
      );
      const [pod] = await nginxPods(t);
      const touched = await call(t.admin, `${NS}/pods/${pod.metadata.name}`, {
        method: 'PATCH',
        contentType: 'application/merge-patch+json',
        body: { metadata: { annotations: { 'kdeck.test/touched': String(Date.now()) } } },
      });
      expect(touched.status).toBe(200);
      const [qw, bw] = await Promise.all([quiet, busy]);
      expect(qw.status).toBe(200);
      expect(bw.status).toBe(200);
      const b = bw.events.find((e) => e.type === 'BOOKMARK');
      // Whether a quiet kind gets a bookmark is timing on a real server: one comes when its
      // watch cache hears of etcd's progress before the watch's bookmark time. What holds:
      // no change events, and a bookmark never goes back before the watch's start.
      const quietBookmarks = qw.events.filter((e) => e.type === 'BOOKMARK');
      return {
        quietChanges: qw.events.filter((e) => e.type !== 'BOOKMARK').map((e) => e.type),
        quietBookmarksFromTheStart: quietBookmarks.every(
          (e) => Number(e.object.metadata.resourceVersion) >= Number(nsRv),
        ),
        busyTypes: bw.events.map((e) => e.type).filter((x, i, all) => x !== all[i - 1]),
        bookmarkReachesTheChange:
          b &&
          Number(b.object.metadata.resourceVersion) >=
            Number(touched.body.metadata.resourceVersion),
        bookmark: b && {
          kind: b.object.kind,
          apiVersion: b.object.apiVersion,
          metadataKeys: Object.keys(b.object.metadata).sort(),
        },
      };
    },
  },
  {
    name: 'a watch with initial events (sendInitialEvents)',
    async run(t) {
      const w = await watch(
        t,
        `${SELECTOR}&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=3`,
        { stop: (es) => es.some((e) => e.type === 'BOOKMARK') },
      );
      expect(w.status).toBe(200);
      const end = w.events.findIndex((e) => e.type === 'BOOKMARK');
      return {
        beforeBookmark: w.events.slice(0, end).map((e) => e.type),
        bookmarkAnnotations: w.events[end]?.object.metadata.annotations,
      };
    },
  },
  {
    name: 'a watch from a resourceVersion long gone (410)',
    async run(t) {
      const w = await watch(t, `${SELECTOR}&resourceVersion=1`, {
        stop: (es) => es.some((e) => e.type === 'ERROR'),
        maxMs: 10_000,
      });
      expect(w.events.map((e) => e.type)).toEqual(['ERROR']);
      const err = w.events.find((e) => e.type === 'ERROR');
      return {
        status: w.status,
        types: w.events.map((e) => e.type),
        error: err && {
          kind: err.object.kind,
          code: err.object.code,
          reason: err.object.reason,
          message: String(err.object.message).replace(/\d+/g, 'N'),
        },
      };
    },
  },
  {
    name: 'logs: tail, timestamps, follow, previous, a wrong container',
    async run(t) {
      const [pod] = await settled(t, 5);
      const name = pod.metadata.name;
      const log = `${NS}/pods/${name}/log`;
      const tail = await call(t.admin, `${log}?tailLines=3&timestamps=true`);
      const lines = tail.text.split('\n').filter(Boolean);
      expect(lines).toHaveLength(3);
      const stamped = lines.every((l) => STAMP.test(l.split(' ')[0]));

      const wrong = await call(t.admin, `${log}?container=nope`);
      const previous = await call(t.admin, `${log}?previous=true`);

      // Follow with kdeck's own stream: the last line, then one written after it.
      const seen: LogLine[] = [];
      const states: LogState['phase'][] = [];
      const stop = streamLogs(
        t.admin,
        { namespace: 'default', pod: name, container: 'nginx-server', tailLines: 1, follow: true },
        { lines: (b) => seen.push(...b), state: (s) => states.push(s.phase) },
      );
      try {
        await until('the tail line', async () => seen.length >= 1, 10_000);
        await t.appendLog('written after the follow began');
        await until('a line written while following', async () => seen.length >= 2, 15_000);
      } finally {
        stop();
      }
      return {
        tail: { status: tail.status, contentType: tail.contentType, lines: lines.length, stamped },
        wrongContainer: status(wrong, t),
        previous: previous.status === 200 ? { status: 200 } : status(previous, t),
        follow: { firstState: states[0], newLineArrived: seen.length >= 2 },
      };
    },
  },
  {
    name: 'a read-only user: 403s, and what access reviews say',
    async run(t) {
      const [pod] = await nginxPods(t);
      const list = await call(t.viewer, `${NS}/pods?${SELECTOR}`);
      expect(list.status).toBe(200);
      const del = await call(t.viewer, `${NS}/pods/${pod.metadata.name}`, { method: 'DELETE' });
      const scale = await call(t.viewer, `${APPS}/deployments/${DEPLOY}/scale`, {
        method: 'PATCH',
        contentType: 'application/merge-patch+json',
        body: { spec: { replicas: 1 } },
      });
      const nodes = await call(t.viewer, '/api/v1/nodes');
      const review = async (
        verb: string,
        resource: string,
        group: string,
        subresource?: string,
      ) => {
        const a = await call(t.viewer, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
          method: 'POST',
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: {
              resourceAttributes: { verb, resource, group, subresource, namespace: 'default' },
            },
          },
        });
        return { status: a.status, allowed: a.body?.status?.allowed };
      };
      expect((await nginxPods(t)).map((p) => p.metadata.uid)).toContain(pod.metadata.uid);
      return {
        delete: status(del, t),
        scale: status(scale, t),
        listNodes: status(nodes, t),
        reviews: {
          listPods: await review('list', 'pods', ''),
          deletePods: await review('delete', 'pods', ''),
          patchScale: await review('patch', 'deployments', 'apps', 'scale'),
        },
      };
    },
  },
  {
    name: 'scale: a stale resourceVersion, then up and down, watched',
    async run(t) {
      const before = (await call(t.admin, `${APPS}/deployments/${DEPLOY}`)).body;
      // Someone else changes the deployment after kdeck's row was drawn.
      const touched = await call(t.admin, `${APPS}/deployments/${DEPLOY}`, {
        method: 'PATCH',
        contentType: 'application/merge-patch+json',
        body: { metadata: { annotations: { 'kdeck.test/touched': String(Date.now()) } } },
      });
      expect(touched.status).toBe(200);
      const stale = await t.admin
        .json(`${APPS}/deployments/${DEPLOY}/scale`, {
          method: 'PATCH',
          contentType: 'application/merge-patch+json',
          body: {
            metadata: { resourceVersion: before.metadata.resourceVersion },
            spec: { replicas: 6 },
          },
        })
        .then(
          () => ({ ok: true }),
          (e) => norm({ code: e.code, reason: e.reason, message: e.message }, t),
        );

      const rv = (await call(t.admin, `${NS}/pods?${SELECTOR}`)).body.metadata.resourceVersion;
      const watching = watch(t, `${SELECTOR}&allowWatchBookmarks=true&resourceVersion=${rv}`, {
        maxMs: t.settleMs,
        stop: (es) => es.some((e) => e.type === 'DELETED'),
      });
      const scaleUp = await call(t.admin, `${APPS}/deployments/${DEPLOY}/scale`, {
        method: 'PATCH',
        contentType: 'application/merge-patch+json',
        body: { spec: { replicas: 6 } },
      });
      expect(scaleUp.status).toBe(200);
      const six = await settled(t, 6);
      const down = await call(t.admin, `${APPS}/deployments/${DEPLOY}/scale`, {
        method: 'PATCH',
        contentType: 'application/merge-patch+json',
        body: { spec: { replicas: 5 } },
      });
      expect(down.status).toBe(200);
      await settled(t, 5);
      const { events } = await watching;
      const added = events.find((e) => e.type === 'ADDED')?.object.metadata.uid;
      const gone = events.find((e) => e.type === 'DELETED')?.object.metadata.uid;
      expect(added).toBeDefined();
      expect(six.map((p) => p.metadata.uid)).toContain(added);
      return {
        staleScale: stale,
        scaleAnswer: {
          kind: scaleUp.body.kind,
          apiVersion: scaleUp.body.apiVersion,
          spec: scaleUp.body.spec,
          statusKeys: Object.keys(scaleUp.body.status ?? {}).sort(),
          selector: scaleUp.body.status?.selector,
        },
        newPodStory: story(events, added),
        scaledDownTheNewest: gone === added,
        removedPodStory: gone ? story(events, gone) : [],
        // kdeck's pod rows are read from the Table the server prints (includeObject=Metadata).
        finalRows: rowsOfTable(
          pods,
          (
            await call(t.admin, `${NS}/pods?${SELECTOR}&includeObject=Metadata`, {
              accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
            })
          ).body as Obj,
        ).rows.map((r) => rowView(r, t)),
      };
    },
  },
  {
    name: 'delete: not found, a namesake (uid precondition), then for real',
    async run(t) {
      const before = await settled(t, 5);
      const [victim] = before;
      const notFound = await call(t.admin, `${NS}/pods/nope`, { method: 'DELETE' });
      const ref = refOf(pods, victim);
      const namesake = await new ClusterActions(t.admin).remove(
        { ...ref, uid: '00000000-0000-0000-0000-000000000000' },
        { propagation: 'Background', force: false },
      );
      const rv = (await call(t.admin, `${NS}/pods?${SELECTOR}`)).body.metadata.resourceVersion;
      const watching = watch(t, `${SELECTOR}&resourceVersion=${rv}`, {
        maxMs: t.settleMs,
        stop: (es) => es.some((e) => e.type === 'DELETED'),
      });
      const deleted = await call(t.admin, `${NS}/pods/${victim.metadata.name}`, {
        method: 'DELETE',
        body: {
          kind: 'DeleteOptions',
          apiVersion: 'v1',
          preconditions: { uid: victim.metadata.uid },
        },
      });
      expect(deleted.status).toBe(200);
      const { events } = await watching;
      const after = await settled(t, 5);
      expect(after.map((p) => p.metadata.uid)).not.toContain(victim.metadata.uid);
      return {
        notFound: status(notFound, t),
        namesake: norm(namesake, t),
        deleteAnswer: {
          kind: deleted.body.kind,
          deletionTimestamp: Boolean(deleted.body.metadata.deletionTimestamp),
          deletionGracePeriodSeconds: deleted.body.metadata.deletionGracePeriodSeconds,
        },
        story: story(events, victim.metadata.uid),
        // Counted once settled: whether the replacement's ADDED beats the DELETED is a race.
        replacedBy: after.filter((p) => !before.some((b) => b.metadata.uid === p.metadata.uid))
          .length,
      };
    },
  },
  {
    name: 'rollout restart, as kdeck sends it',
    async run(t) {
      const before = await settled(t, 5);
      const d = (await call(t.admin, `${APPS}/deployments/${DEPLOY}`)).body;
      const result = await new ClusterActions(t.admin).restart(refOf(deployments, d));
      expect(result.ok).toBe(true);
      const after = await until(
        'every pod replaced',
        async () => {
          const now = await settled(t, 5);
          const old = new Set(before.map((p) => p.metadata.uid));
          return now.every((p) => !old.has(p.metadata.uid)) && now;
        },
        t.settleMs,
      );
      const rss = (await call(t.admin, `${APPS}/replicasets?${SELECTOR}`)).body.items as Obj[];
      const live = rss.filter((r) => (r.spec.replicas ?? 0) > 0);
      const dep = (await call(t.admin, `${APPS}/deployments/${DEPLOY}`)).body;
      return {
        result: norm(result, t),
        replicaSetsWithPods: live.length,
        liveReplicaSet: rowView(replicasets.toRow(live[0]), t),
        podsOfLiveReplicaSet: after.every(
          (p) => p.metadata.ownerReferences?.[0]?.uid === live[0].metadata.uid,
        ),
        conditions: (dep.status.conditions as Obj[])
          .map((c) => `${c.type}=${c.status}/${c.reason}`)
          .sort(),
        deployment: rowView(deployments.toRow(dep), t),
      };
    },
  },
  {
    name: 'the other kinds and a CRD: discovery and Table views',
    run: otherKinds,
  },
  {
    name: 'server-side apply: conflicts, a dry run, shared and forced fields, their managers',
    run: serverSideApply,
  },
  {
    name: "a pod's streams: exec and port-forward over WebSocket",
    run: podStreams,
  },
];
