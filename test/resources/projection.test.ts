// Row projections on hand-made objects: text from the cluster is made inert once, when the
// row is made; events read as `kubectl get events`; pod columns keep what matters at 80×24.
import { describe, expect, it } from 'vitest';
import { events } from '../../src/resources/events.js';
import { RESOURCES } from '../../src/resources/index.js';
import { pods, restartsCell } from '../../src/resources/pods.js';
import type { Column, KubeObject, Row } from '../../src/resources/types.js';
import { cellText, fitColumns, rowTexts } from '../../src/ui/layout.js';
import { rowOf, rowsOfTable, tableOf } from '../helpers/table-rows.js';

const NOW = Date.parse('2026-11-29T04:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();

// biome-ignore lint/suspicious/noControlCharactersInRegex: the check is for control characters
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069]/;
const HOSTILE = 'x\u001B[8my\u009B31m\u001B]52;c;aGk=\u0007\r\n\t\u202Ez';

function rowStrings(r: Row): string[] {
  return [r.name, r.namespace ?? '', r.selector ?? '', ...rowTexts(r, NOW)];
}

function hostileObject(kind: string): KubeObject {
  const meta = {
    name: `web${HOSTILE}`,
    namespace: `ns${HOSTILE}`,
    uid: 'u1',
    resourceVersion: '1',
    creationTimestamp: ago(60),
    labels: { app: HOSTILE },
  };
  return {
    kind,
    metadata: meta,
    name: meta.name, // contexts
    cluster: HOSTILE,
    user: HOSTILE,
    namespace: HOSTILE,
    spec: {
      type: `ClusterIP${HOSTILE}`,
      clusterIP: HOSTILE,
      selector: { app: HOSTILE },
      ports: [{ port: 80, protocol: HOSTILE }],
      nodeName: HOSTILE,
      containers: [{ name: 'c' }],
    },
    status: {
      phase: `Running${HOSTILE}`,
      reason: `Evicted${HOSTILE}`,
      podIP: HOSTILE,
      nodeInfo: { kubeletVersion: HOSTILE },
      addresses: [{ type: 'InternalIP', address: HOSTILE }],
      containerStatuses: [{ name: 'c', state: { waiting: { reason: `Crash${HOSTILE}` } } }],
    },
    type: `Warning${HOSTILE}`,
    reason: `BackOff${HOSTILE}`,
    message: `Back-off${HOSTILE}`,
    involvedObject: { kind: 'Pod', name: `web${HOSTILE}` },
    lastTimestamp: ago(5),
  };
}

describe('every kind makes the text of its rows inert', () => {
  it.each(RESOURCES.map((r) => r.name))('%s', (name) => {
    const def = RESOURCES.find((r) => r.name === name)!;
    const row = rowOf(def, hostileObject(def.kind), NOW);
    for (const s of rowStrings(row)) expect(s).not.toMatch(UNSAFE);
    // The hostile name is still recognisable, shown rather than obeyed.
    expect(row.name).toContain('^[[8m');
    expect(row.name).toContain('\\x9b31m');
    expect(row.name).toContain('\\n');
  });

  it('leaves ordinary rows exactly as they were', () => {
    const pod = {
      metadata: { name: 'web-1', namespace: 'default', uid: 'u', resourceVersion: '7' },
      spec: { containers: [{ name: 'c' }], nodeName: 'node-1' },
      status: { phase: 'Running', podIP: '10.0.0.1' },
    };
    const row = rowOf(pods, pod, NOW);
    expect(row).toMatchObject({ name: 'web-1', namespace: 'default', uid: 'u' });
    expect(row.cells.slice(0, 3)).toEqual(['web-1', '0/1', 'Running']);
  });
});

describe('events', () => {
  const names = (cols: Column[]) => cols.map((c) => c.name);

  it("have kubectl's columns, TYPE as text and COUNT as -o wide has it", () => {
    expect(names(events.columns)).toEqual([
      'LAST SEEN',
      'TYPE',
      'REASON',
      'OBJECT',
      'COUNT',
      'MESSAGE',
    ]);
    const row = events.toRow({
      metadata: { name: 'e1', namespace: 'kube-system', uid: 'e', resourceVersion: '1' },
      type: 'Warning',
      reason: 'BackOff',
      count: 20,
      firstTimestamp: ago(600),
      lastTimestamp: ago(3),
      involvedObject: { kind: 'Pod', name: 'metrics-scraper-5f78798fbd-6qrvt' },
      message: '  Back-off restarting failed container  ',
    });
    expect(rowTexts(row, NOW)).toEqual([
      '3s',
      'Warning',
      'BackOff',
      'pod/metrics-scraper-5f78798fbd-6qrvt',
      '20',
      'Back-off restarting failed container',
    ]);
  });

  it('read times and counts as kubectl does: series, then lastTimestamp, then the first time', () => {
    const base = { metadata: { name: 'e', uid: 'e', resourceVersion: '1' }, type: 'Normal' };
    const series = events.toRow({
      ...base,
      eventTime: `${ago(120)}`.replace('Z', '000Z'),
      series: { count: 4, lastObservedTime: ago(10) },
      involvedObject: { kind: 'Node' },
    });
    expect(rowTexts(series, NOW)[0]).toBe('10s');
    expect(rowTexts(series, NOW)[3]).toBe('node');
    expect(rowTexts(series, NOW)[4]).toBe('4');
    const onlyEventTime = events.toRow({ ...base, eventTime: ago(30), reason: 'Scheduled' });
    expect(rowTexts(onlyEventTime, NOW)[0]).toBe('30s');
    expect(rowTexts(onlyEventTime, NOW)[4]).toBe('1');
    const unknown = events.toRow({ ...base });
    expect(rowTexts(unknown, NOW)[0]).toBe('<unknown>');
  });

  it('keep TYPE, REASON and a readable MESSAGE at 80 columns', () => {
    const rows = [
      ['Warning', 'BackOff', 'Back-off restarting failed container metrics-scraper in pod'],
      [
        'Normal',
        'ScalingReplicaSet',
        'Scaled up replica set nginx-server-deployment-598657c774 to 5',
      ],
    ].map(([type, reason, message], i) =>
      events.toRow({
        metadata: { name: `e${i}`, namespace: 'default', uid: `e${i}`, resourceVersion: '1' },
        type,
        reason,
        message: `${message} ${'and more words '.repeat(6)}`,
        count: 3,
        lastTimestamp: ago(60),
        involvedObject: { kind: 'Pod', name: 'nginx-server-deployment-598657c774-5lnnh' },
      }),
    );
    const texts = rows.map((r) => rowTexts(r, NOW));
    const layout = fitColumns(events.columns, texts, 78);
    const shown = layout.columns.map((i) => events.columns[i].name);
    expect(shown).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'MESSAGE']);
    expect(layout.widths.at(-1)).toBeGreaterThanOrEqual(30);
  });
});

describe('pods at 80×24', () => {
  // kube-system as the simulator seeds it: one pod crash-loops for an hour.
  const object = (name: string, extra: KubeObject = {}): KubeObject => ({
    metadata: {
      name,
      namespace: 'kube-system',
      uid: name,
      resourceVersion: '1',
      creationTimestamp: ago(3600),
    },
    spec: { containers: [{ name: 'c' }], nodeName: 'kdeck-control-plane' },
    status: {
      phase: 'Running',
      podIP: '10.244.0.12',
      containerStatuses: [
        { name: 'c', ready: true, restartCount: 0, state: { running: { startedAt: ago(3600) } } },
      ],
      ...extra,
    },
  });
  const table = rowsOfTable(
    pods,
    tableOf(
      pods,
      [
        object('coredns-7684d6ffd7-fxtff'),
        object('etcd-kdeck-control-plane'),
        object('kube-apiserver-kdeck-control-plane'),
        object('kube-controller-manager-kdeck-control-plane'),
        object('kube-scheduler-kdeck-control-plane'),
        object('metrics-scraper-5f78798fbd-6qrvt', {
          containerStatuses: [
            {
              name: 'c',
              ready: false,
              restartCount: 12,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 1, finishedAt: ago(180) } },
            },
          ],
        }),
      ],
      NOW,
    ),
    NOW,
  );
  const rows = table.rows;

  it.each([
    ['one namespace', false],
    ['all namespaces', true],
  ])('keep RESTARTS of a CrashLoopBackOff pod (%s)', (_, allNamespaces) => {
    const cols: Column[] = allNamespaces
      ? [{ name: 'NAMESPACE', priority: 0 }, ...table.columns]
      : table.columns;
    const texts = rows.map((r) =>
      allNamespaces ? [r.namespace ?? '', ...rowTexts(r, NOW)] : rowTexts(r, NOW),
    );
    const layout = fitColumns(cols, texts, 78); // the table's width in an 80-column terminal
    const shown = layout.columns.map((i) => cols[i].name);
    expect(shown).toContain('RESTARTS');
    expect(shown).toContain('STATUS');
    const restarts = texts[5][cols.findIndex((c) => c.name === 'RESTARTS')];
    expect(restarts).toBe('12 (3m ago)');
    expect(layout.widths[shown.indexOf('RESTARTS')]).toBeGreaterThanOrEqual(restarts.length);
    expect(layout.widths.reduce((a, b) => a + b, 0) + 2 * (shown.length - 1)).toBeLessThanOrEqual(
      78,
    );
    expect(cellText(rows[5].cells[2], NOW)).toBe('CrashLoopBackOff');
  });
});

describe("a pod's RESTARTS cell from the Table", () => {
  it('is a count that sorts, with the time of the last restart read back from "(… ago)"', () => {
    expect(restartsCell('0', NOW)).toEqual({ restarts: 0 });
    expect(restartsCell('12 (3m ago)', NOW)).toEqual({ restarts: 12, lastRestart: NOW - 180_000 });
    expect(cellText(restartsCell('4 (2d3h ago)', NOW), NOW + 60_000)).toBe('4 (2d3h ago)');
    expect(restartsCell('odd', NOW)).toBe('odd');
  });
});
