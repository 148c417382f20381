// describeLines on recorded and hand-made objects: kubectl's layout, events whose ages
// follow `now`, what a deployment and a service need beyond the object, and hostile text.
process.env.TZ = 'UTC'; // kubectl prints times in local time; these expectations are in UTC

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  deploymentReplicaSets,
  describeLines,
  endpointSlicesText,
  endpointsText,
  rfc1123z,
  yamlLines,
} from '../../src/resources/describe/index.js';
import type { KubeObject } from '../../src/resources/types.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const T0 = Date.parse('2026-11-29T03:26:25Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace('.000Z', 'Z');
// biome-ignore lint/suspicious/noControlCharactersInRegex: the check is for control characters
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069]/;

describe('a pod', () => {
  // A pod with most of what describe shows (recorded from the simulator), and what
  // kubectl 1.36 prints for it: kubectl's own output, with the port names (1.34) and the
  // events' field paths (1.35) of a newer kubectl than the one that recorded it.
  const { pod, events } = JSON.parse(readFileSync(join(FIXTURES, 'rich-pod.json'), 'utf8'));
  const expected = readFileSync(join(FIXTURES, 'rich-pod.describe.txt'), 'utf8').trimEnd();

  it('reads as kubectl describe: every section aligned in its own column', () => {
    expect(describeLines('Pod', pod, events, T0 + 12_000).join('\n')).toBe(expected);
  });

  it('has ages computed for `now`, so they tick while the view is open', () => {
    const later = describeLines('Pod', pod, events, T0 + 192_000);
    const rows = later.slice(later.indexOf('Events:') + 3);
    expect(rows.map((r) => r.trim().split(/\s{2,}/)[2])).toEqual([
      '3m12s',
      '3m12s',
      '3m12s',
      '3m12s',
    ]);
    // Nothing else moved.
    expect(later.slice(0, later.indexOf('Events:')).join('\n')).toBe(
      expected.slice(0, expected.indexOf('Events:')).trimEnd(),
    );
  });

  it('shows Restart Count and the other container fields with their space', () => {
    const lines = describeLines('Pod', pod, [], T0);
    expect(lines).toContain('    Restart Count:  0');
    expect(lines).toContain('      /cache from cache (rw,path="app")');
    expect(lines).toContain('QoS Class:       BestEffort');
    expect(lines.at(-1)).toBe('Events:          <none>');
  });

  it('computes the QoS class when the status lacks it, and says Terminating while deleted', () => {
    const p = structuredClone(pod);
    delete p.status.qosClass;
    p.metadata.deletionTimestamp = at(-120);
    p.metadata.deletionGracePeriodSeconds = 30;
    const lines = describeLines('Pod', p, [], T0);
    expect(lines.find((l) => l.startsWith('QoS Class:'))).toMatch(/Burstable$/);
    expect(lines.find((l) => l.startsWith('Status:'))).toMatch(/Terminating \(lasts 2m\)$/);
    expect(lines.find((l) => l.startsWith('Termination Grace Period:'))).toMatch(/ 30s$/);
  });
});

describe('events', () => {
  const pod = {
    metadata: { name: 'web', namespace: 'default' },
    spec: { containers: [] },
    status: { phase: 'Pending' },
  };
  const event = (e: KubeObject) => ({
    type: 'Normal',
    involvedObject: { kind: 'Pod', name: 'web' },
    ...e,
  });

  it("form kubectl's Type Reason Age From Message table, From falling back to reportingComponent", () => {
    const lines = describeLines(
      'Pod',
      pod,
      [
        // As the real scheduler writes them: eventTime and reportingComponent only.
        event({
          reason: 'Scheduled',
          eventTime: '2026-11-29T03:26:25.123456Z',
          reportingComponent: 'default-scheduler',
          message: 'Successfully assigned default/web to node-1',
        }),
        event({
          type: 'Warning',
          reason: 'BackOff',
          count: 20,
          firstTimestamp: at(-600),
          lastTimestamp: at(57),
          source: { component: 'kubelet', host: 'node-1' },
          reportingComponent: 'ignored-when-source-is-set',
          involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{web}' },
          message: 'Back-off restarting failed container web\n',
        }),
        event({
          reason: 'Pulling',
          eventTime: at(-30),
          series: { count: 4, lastObservedTime: at(50) },
          reportingComponent: 'kubelet',
          message: 'Pulling image "web:1"',
        }),
      ],
      T0 + 60_000,
    );
    expect(lines.slice(lines.indexOf('Events:'))).toEqual([
      'Events:',
      '  Type     Reason     Age                From               Message',
      '  ----     ------     ----               ----               -------',
      // 59.9 seconds: ages are whole seconds, rounded down, as kubectl's.
      '  Normal   Scheduled  59s                default-scheduler  Successfully assigned default/web to node-1',
      '  Normal   Pulling    10s (x4 over 90s)  kubelet            Pulling image "web:1"',
      '  Warning  BackOff    3s (x20 over 11m)  kubelet            spec.containers{web}: Back-off restarting failed container web',
    ]);
  });
});

describe('a deployment', () => {
  const template = {
    metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image: 'web:2', ports: [{ containerPort: 80 }] }] },
  };
  const dep = {
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: 'dep-uid',
      creationTimestamp: at(0),
      annotations: { 'deployment.kubernetes.io/revision': '2' },
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } },
      template,
    },
    status: {
      replicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
      ],
    },
  };
  const rs = (name: string, created: number, image: string, replicas: number, uid = 'dep-uid') => ({
    metadata: {
      name,
      creationTimestamp: at(created),
      labels: { app: 'web', 'pod-template-hash': name.slice(4) },
      ownerReferences: [{ kind: 'Deployment', name: 'web', uid, controller: true }],
    },
    spec: {
      replicas,
      template: {
        metadata: { labels: { app: 'web', 'pod-template-hash': name.slice(4) } },
        spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80 }] }] },
      },
    },
    status: { replicas },
  });
  const replicaSets = [
    rs('web-new', 300, 'web:2', 3),
    rs('web-old1', 100, 'web:1', 0),
    rs('web-foreign', 50, 'web:2', 1, 'someone-else'),
    rs('web-old0', 10, 'web:0', 0),
  ];

  it('names its new ReplicaSet (same template but the hash) and its old ones, oldest first', () => {
    const { newRS, oldRSs } = deploymentReplicaSets(dep, replicaSets);
    expect(newRS?.metadata.name).toBe('web-new');
    expect(oldRSs.map((r) => r.metadata.name)).toEqual(['web-old0', 'web-old1']);
    const lines = describeLines('Deployment', dep, [], T0, { replicaSets });
    expect(lines).toContain(
      'OldReplicaSets:  web-old0 (0/0 replicas created), web-old1 (0/0 replicas created)',
    );
    expect(lines).toContain('NewReplicaSet:   web-new (3/3 replicas created)');
    expect(lines.slice(0, 3)).toEqual([
      'Name:                   web',
      'Namespace:              default',
      'CreationTimestamp:      Sun, 29 Nov 2026 03:26:25 +0000',
    ]);
    expect(lines).toContain('RollingUpdateStrategy:  25% max unavailable, 1 max surge');
    expect(lines.slice(lines.indexOf('Conditions:'), lines.indexOf('Conditions:') + 5)).toEqual([
      'Conditions:',
      '  Type           Status  Reason',
      '  ----           ------  ------',
      '  Available      True    MinimumReplicasAvailable',
      '  Progressing    True    NewReplicaSetAvailable',
    ]);
  });

  it('leaves the ReplicaSet lines out when they were not fetched', () => {
    const lines = describeLines('Deployment', dep, [], T0);
    expect(lines.some((l) => l.startsWith('NewReplicaSet:'))).toBe(false);
  });
});

describe('a service', () => {
  const svc = {
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      type: 'ClusterIP',
      selector: { app: 'web' },
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      ports: [
        { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
        { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
      ],
      sessionAffinity: 'None',
    },
  };
  const ep = (ip: string, ready?: boolean) => ({
    addresses: [ip],
    ...(ready === undefined ? {} : { conditions: { ready } }),
  });
  const slices = [
    {
      ports: [
        { name: 'http', port: 8080 },
        { name: 'metrics', port: 9100 },
      ],
      endpoints: [ep('10.0.0.1'), ep('10.0.0.2', true), ep('10.0.0.3', false), ep('10.0.0.4')],
    },
    { ports: [{ name: 'http', port: 8080 }], endpoints: [ep('10.0.0.5'), ep('fd00::6')] },
  ];

  it('shows the Endpoints of each port from EndpointSlices, three and a count of the rest', () => {
    expect(endpointSlicesText(slices, 'http')).toBe(
      '10.0.0.1:8080,10.0.0.2:8080,10.0.0.4:8080 + 2 more...',
    );
    expect(endpointSlicesText(slices, 'metrics')).toBe('10.0.0.1:9100,10.0.0.2:9100,10.0.0.4:9100');
    expect(endpointSlicesText([], 'http')).toBe('<none>');
    const lines = describeLines('Service', svc, [], T0, { endpointSlices: slices });
    expect(lines).toEqual([
      'Name:              web',
      'Namespace:         default',
      'Labels:            <none>',
      'Annotations:       <none>',
      'Selector:          app=web',
      'Type:              ClusterIP',
      'IP Families:       <none>',
      'IP:                10.96.0.10',
      'IPs:               10.96.0.10',
      'Port:              http  80/TCP',
      'TargetPort:        8080/TCP',
      'Endpoints:         10.0.0.1:8080,10.0.0.2:8080,10.0.0.4:8080 + 2 more...',
      'Port:              metrics  9090/TCP',
      'TargetPort:        metrics/TCP',
      'Endpoints:         10.0.0.1:9100,10.0.0.2:9100,10.0.0.4:9100',
      'Session Affinity:  None',
      'Events:            <none>',
    ]);
  });

  it('reads an Endpoints object where the server has no EndpointSlices', () => {
    const endpoints = {
      subsets: [
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }],
          ports: [
            { name: 'http', port: 8080 },
            { name: 'metrics', port: 9100 },
          ],
        },
      ],
    };
    expect(endpointsText(endpoints, 'http')).toBe('10.0.0.1:8080,10.0.0.2:8080');
    expect(endpointsText({}, 'http')).toBe('<none>');
    const lines = describeLines('Service', svc, [], T0, { endpoints });
    expect(lines).toContain('Endpoints:         10.0.0.1:9100,10.0.0.2:9100');
  });

  it('leaves Endpoints out when they were not fetched, rather than saying <none>', () => {
    expect(describeLines('Service', svc, [], T0).some((l) => l.startsWith('Endpoints:'))).toBe(
      false,
    );
  });
});

describe('hostile text from the cluster', () => {
  const HOSTILE = '\u001B[8mhidden\u001B]52;c;aGk=\u0007\u009B31m\u202Eevil';

  it('is shown, never obeyed, and never adds or splits a line', () => {
    const pod = {
      metadata: {
        name: `web\nName: fake`,
        namespace: 'default',
        labels: { app: `a\tb${HOSTILE}` },
        annotations: { short: HOSTILE, long: `line one\r\n${HOSTILE}\n` },
      },
      spec: {
        containers: [
          {
            name: HOSTILE,
            image: `nginx\r${HOSTILE}`,
            env: [{ name: 'X', value: `a${HOSTILE}\nb` }],
          },
        ],
      },
      status: { phase: 'Running', message: `one\ntwo${HOSTILE}` },
    };
    const events = [
      {
        type: 'Warning',
        reason: `Bad${HOSTILE}`,
        source: { component: HOSTILE },
        message: `evil\r\n\u001B[2J${HOSTILE}`,
        lastTimestamp: at(0),
      },
    ];
    const lines = describeLines('Pod', pod, events, T0);
    for (const l of lines) expect(l).not.toMatch(UNSAFE);
    expect(lines[0]).toBe('Name:         web\\nName: fake');
    expect(lines.filter((l) => l.startsWith('Name:'))).toHaveLength(1);
    expect(lines).toContain('Annotations:  long:');
    expect(lines).toContain('                line one');
    expect(lines.find((l) => l.includes('short:'))).toBe(
      '              short: ^[[8mhidden^[]52;c;aGk=^G\\x9b31m\\u202eevil',
    );
    expect(lines.find((l) => l.startsWith('Message:'))).toBe('Message:      one');
    const row = lines.at(-1)!;
    expect(row).toContain('evil\\n^[[2J^[[8mhidden');
    expect(lines.indexOf('Events:')).toBe(lines.length - 4);
  });

  it('in YAML is made inert line by line', () => {
    const lines = yamlLines({
      kind: 'ConfigMap',
      metadata: { name: 'c', managedFields: [{ manager: 'x' }] },
      data: { script: `#!/bin/sh\n\techo ${HOSTILE}\n` },
    });
    for (const l of lines) expect(l).not.toMatch(UNSAFE);
    expect(lines.join('\n')).not.toContain('managedFields');
    expect(lines.some((l) => l.includes('echo'))).toBe(true);
  });
});

it("prints times as Go's RFC1123Z in local time", () => {
  expect(rfc1123z('2026-01-05T07:08:09Z')).toBe('Mon, 05 Jan 2026 07:08:09 +0000');
  expect(rfc1123z(undefined)).toBe('<unset>');
});
