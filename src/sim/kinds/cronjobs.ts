// CronJob (batch/v1): pkg/registry/batch/cronjob.
import { type KindInfo, RW, statusSubresource } from '../kind-info.js';
import { parseSchedule } from '../schedule.js';
import { age, ageColumn, col, nameColumn, since } from './columns.js';
import { defaultPodSpec } from './pod-spec.js';
import {
  containerCells,
  containerColumns,
  selectorCell,
  selectorColumn,
  validTemplate,
} from './workload.js';

export const cronjobs: KindInfo = {
  group: 'batch',
  version: 'v1',
  resource: 'cronjobs',
  kind: 'CronJob',
  singular: 'cronjob',
  namespaced: true,
  shortNames: ['cj'],
  verbs: RW,
  categories: ['all'],
  subresources: [statusSubresource('batch', 'v1', 'CronJob')],
  defaults(o) {
    o.spec ??= {};
    const s = o.spec;
    s.concurrencyPolicy ??= 'Allow';
    s.suspend ??= false;
    s.successfulJobsHistoryLimit ??= 3;
    s.failedJobsHistoryLimit ??= 1;
    s.jobTemplate ??= {};
    s.jobTemplate.metadata ??= {};
    s.jobTemplate.spec ??= {};
    s.jobTemplate.spec.template ??= {};
    s.jobTemplate.spec.template.metadata ??= {};
    s.jobTemplate.spec.template.spec ??= {};
    defaultPodSpec(s.jobTemplate.spec.template.spec);
    o.status ??= {};
  },
  validate: (o) => {
    if (!o.spec?.schedule)
      return [{ field: 'spec.schedule', type: 'FieldValueRequired', message: 'Required value' }];
    if (!parseSchedule(o.spec.schedule))
      return [
        {
          field: 'spec.schedule',
          type: 'FieldValueInvalid',
          message: `Invalid value: "${o.spec.schedule}": unparseable schedule`,
        },
      ];
    const restart = o.spec.jobTemplate?.spec?.template?.spec?.restartPolicy;
    if (restart !== 'Never' && restart !== 'OnFailure')
      return [
        {
          field: 'spec.jobTemplate.spec.template.spec.restartPolicy',
          type: 'FieldValueNotSupported',
          message: `Unsupported value: "${restart}": supported values: "OnFailure", "Never"`,
        },
      ];
    const template = o.spec.jobTemplate?.spec?.template;
    return (template?.spec?.containers ?? []).length
      ? []
      : validTemplate({ spec: { selector: {}, template } });
  },
  printer: {
    columns: [
      nameColumn,
      col('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
      col(
        'Timezone',
        'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.',
      ),
      col(
        'Suspend',
        'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.',
        0,
        'boolean',
      ),
      col('Active', 'A list of pointers to currently running jobs.', 0, 'integer'),
      col(
        'Last Schedule',
        'Information when was the last time the job was successfully scheduled.',
      ),
      ageColumn,
      ...containerColumns,
      selectorColumn(
        'A label query over pods that should match the pod count. Normally, the system sets this field for you.',
      ),
    ],
    cells: (c, now) => [
      c.metadata.name,
      c.spec?.schedule ?? '',
      c.spec?.timeZone ?? '<none>',
      // printBoolPtr: a string, though the column is declared boolean.
      c.spec?.suspend == null ? '<unset>' : c.spec.suspend ? 'True' : 'False',
      (c.status?.active ?? []).length,
      c.status?.lastScheduleTime ? since(c.status.lastScheduleTime, now) : '<none>',
      age(c, now),
      ...containerCells(c.spec?.jobTemplate?.spec?.template),
      selectorCell(c.spec?.jobTemplate?.spec?.selector),
    ],
  },
};
