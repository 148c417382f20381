// Who changed a field, as the server records it in metadata.managedFields and names it in an
// apply's conflicts. One name per kind of change, as kubectl names its own (kubectl-create,
// kubectl-edit, kubectl-set): without one the server takes the User-Agent's, `kdeck`, and a
// `:apply -f` then reported conflicts with "kdeck" itself after a scale, which says nothing
// of which key set the field.
export const FIELD_MANAGER = {
  apply: 'kdeck',
  create: 'kdeck-create',
  edit: 'kdeck-edit',
  scale: 'kdeck-scale',
  /** Rollout restart and roll back, as kubectl rollout's. */
  rollout: 'kdeck-rollout',
  /** Set image, as kubectl set's. */
  set: 'kdeck-set',
} as const;

/** `path` with the fieldManager query parameter naming `manager`. */
export const managedBy = (path: string, manager: string): string =>
  `${path}${path.includes('?') ? '&' : '?'}fieldManager=${encodeURIComponent(manager)}`;
