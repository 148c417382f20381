// ControllerRevision (apps/v1): pkg/registry/apps/controllerrevision. The StatefulSet and
// DaemonSet controllers keep their templates' history in them; kubectl rollout history and
// undo read them.
import { type KindInfo, RW } from '../kind-info.js';
import { age, ageColumn, col, nameColumn } from './columns.js';

export const controllerrevisions: KindInfo = {
  group: 'apps',
  version: 'v1',
  resource: 'controllerrevisions',
  kind: 'ControllerRevision',
  singular: 'controllerrevision',
  namespaced: true,
  shortNames: [],
  verbs: RW,
  subresources: [],
  validate: (o) =>
    Number.isInteger(o.revision) && o.revision >= 0
      ? []
      : [
          {
            field: 'revision',
            type: 'FieldValueInvalid',
            message: `Invalid value: ${o.revision}: must be greater than or equal to 0`,
          },
        ],
  printer: {
    columns: [
      nameColumn,
      col('Controller', 'Controller of the object'),
      col('Revision', 'Revision indicates the revision of the state represented by Data.'),
      ageColumn,
    ],
    cells: (r, now) => {
      const owner = (r.metadata.ownerReferences ?? []).find(
        (o: { controller?: boolean }) => o.controller,
      );
      const group = owner ? String(owner.apiVersion).split('/').slice(0, -1).join('/') : '';
      return [
        r.metadata.name,
        owner
          ? `${String(owner.kind).toLowerCase()}${group ? `.${group}` : ''}/${owner.name}`
          : '<none>',
        r.revision ?? 0,
        age(r, now),
      ];
    },
  },
};
