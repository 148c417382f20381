// Colours by health, and none at all when NO_COLOR is set or the terminal has fewer than 8.
import chalk from 'chalk';
import type { Health } from '../resources/index.js';

export let useColor = !process.env.NO_COLOR;
export let accent = useColor ? 'cyan' : undefined;

/** run.tsx says what the terminal can show before the screen starts (terminfo's `colors`). */
export function setTerminalColors(colors: number): void {
  useColor = !process.env.NO_COLOR && colors >= 8;
  accent = useColor ? 'cyan' : undefined;
  // Ink colours through chalk, which on its own guesses from the environment: it turns colour
  // off wherever CI is set, and knows nothing of terminfo. The terminal's entry decides here.
  const truecolor = /^(truecolor|24bit)$/i.test(process.env.COLORTERM ?? '');
  chalk.level = !useColor ? 0 : truecolor || colors >= 0x1000000 ? 3 : colors >= 256 ? 2 : 1;
}

const HEALTH: Record<Health, string | undefined> = {
  ok: 'green',
  pending: 'yellow',
  failing: 'red',
  terminating: 'magenta',
  neutral: undefined,
};

export const healthColor = (h: Health): string | undefined => (useColor ? HEALTH[h] : undefined);
/** Errors and warnings on the status and prompt lines. */
export const alertColor = (c: 'red' | 'yellow'): string | undefined => (useColor ? c : undefined);
