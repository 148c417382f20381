// Colours by health, and none at all when NO_COLOR is set.
import type { Health } from '../resources/index.js';

export const useColor = !process.env.NO_COLOR;

const HEALTH: Record<Health, string | undefined> = {
  ok: 'green',
  pending: 'yellow',
  failing: 'red',
  terminating: 'magenta',
  neutral: undefined,
};

export const healthColor = (h: Health): string | undefined => (useColor ? HEALTH[h] : undefined);
export const accent = useColor ? 'cyan' : undefined;
