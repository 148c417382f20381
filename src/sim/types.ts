// Kubernetes objects travel through the simulator as plain JSON. One loose type keeps the
// server code short; the shapes are Kubernetes' own and are documented there.
// biome-ignore lint/suspicious/noExplicitAny: JSON objects of many kinds, shaped by the Kubernetes API
export type Obj = Record<string, any>;

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';
