// Job (batch/v1): pkg/registry/batch/job. The strategy's PrepareForCreate generates the
// selector from the Job's uid unless spec.manualSelector asks otherwise.
import { humanDuration } from '../../util/duration.js';
import { type KindInfo, RW, statusSubresource } from '../kind-info.js';
import type { Obj } from '../types.js';
import { age, ageColumn, col, nameColumn } from './columns.js';
import {
  containerCells,
  containerColumns,
  defaultTemplate,
  selectorCell,
  selectorColumn,
  validTemplate,
} from './workload.js';

const condition = (j: Obj, type: string) =>
  (j.status?.conditions ?? []).some((c: Obj) => c.type === type && c.status === 'True');

/** printers.go printJob's STATUS. */
function jobStatus(j: Obj): string {
  if (condition(j, 'Complete')) return 'Complete';
  if (condition(j, 'Failed')) return 'Failed';
  if (j.metadata.deletionTimestamp) return 'Terminating';
  if (condition(j, 'Suspended')) return 'Suspended';
  if (condition(j, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function completions(j: Obj): string {
  const succeeded = j.status?.succeeded ?? 0;
  if (j.spec?.completions != null) return `${succeeded}/${j.spec.completions}`;
  const parallelism = j.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function duration(j: Obj, now: number): string {
  const start = j.status?.startTime;
  if (!start) return '';
  const end = j.status?.completionTime ? Date.parse(j.status.completionTime) : now;
  return humanDuration(end - Date.parse(start));
}

/** The labels a Job's generated selector matches, on the Job and its pod template. */
export function jobLabels(uid: string, name: string): Record<string, string> {
  return {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name,
  };
}

export const jobs: KindInfo = {
  group: 'batch',
  version: 'v1',
  resource: 'jobs',
  kind: 'Job',
  singular: 'job',
  namespaced: true,
  shortNames: [],
  verbs: RW,
  categories: ['all'],
  subresources: [statusSubresource('batch', 'v1', 'Job')],
  defaults(o) {
    defaultTemplate(o);
    const s = o.spec;
    s.parallelism ??= 1;
    s.completions ??= s.parallelism === 1 ? 1 : undefined;
    if (s.completions === undefined) delete s.completions;
    s.backoffLimit ??= 6;
    s.completionMode ??= 'NonIndexed';
    s.suspend ??= false;
    s.podReplacementPolicy ??= 'TerminatingOrFailed';
    s.manualSelector ??= false;
    const { uid, name } = o.metadata;
    if (!s.manualSelector && uid && !s.selector) {
      const labels = jobLabels(uid, name);
      s.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
      s.template.metadata.labels = { ...s.template.metadata.labels, ...labels };
      o.metadata.labels = { ...labels, ...o.metadata.labels };
    }
  },
  validate: (o) => {
    const restart = o.spec?.template?.spec?.restartPolicy;
    if (restart !== 'Never' && restart !== 'OnFailure')
      return [
        {
          field: 'spec.template.spec.restartPolicy',
          type: 'FieldValueNotSupported',
          message: `Unsupported value: "${restart}": supported values: "OnFailure", "Never"`,
        },
      ];
    return validTemplate(o);
  },
  printer: {
    columns: [
      nameColumn,
      col('Status', 'Status of the job.'),
      col(
        'Completions',
        'The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.',
      ),
      col('Duration', 'Time required to complete the job.'),
      ageColumn,
      ...containerColumns,
      selectorColumn(
        'A label query over pods that should match the pod count. Normally, the system sets this field for you.',
      ),
    ],
    cells: (j, now) => [
      j.metadata.name,
      jobStatus(j),
      completions(j),
      duration(j, now),
      age(j, now),
      ...containerCells(j.spec?.template),
      selectorCell(j.spec?.selector),
    ],
  },
};
