// README's key tables and the binding tables that dispatch the keys say the same thing: every
// binding of every screen is in README under its screen, and every key README names there is
// bound there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BINDINGS, type Scope } from '../../src/ui/keymap.js';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const SECTIONS: Record<Scope, string> = {
  global: '**Anywhere**',
  table: '**Tables**',
  text: '**Describe and YAML**',
  logs: '**Logs**',
  confirm: '**Confirmations**',
  apply: '**Apply preview**',
  prompt: '**Prompts**',
  help: '**Help**',
  containers: "**A pod's containers**",
  revisions: "**A deployment's, statefulset's or daemonset's revisions**",
  forwards: '**Port-forwards**',
};
const NAMED: Record<string, string> = {
  enter: 'Enter',
  esc: 'Esc',
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pgup: 'PgUp',
  pgdn: 'PgDn',
  home: 'Home',
  end: 'End',
  tab: 'Tab',
  backspace: 'Backspace',
  space: 'Space',
};
/** A key as README spells it. */
const spell = (k: string) =>
  NAMED[k] ?? (k.startsWith('ctrl-') ? `Ctrl-${k.slice(5).toUpperCase()}` : `\`${k}\``);

/** The README text of a screen's section: from its heading to the next one. */
function section(scope: Scope): string {
  const start = README.indexOf(SECTIONS[scope]);
  expect(start, `README has a section ${SECTIONS[scope]}`).toBeGreaterThan(0);
  const next = README.slice(start + 2).search(/\n\*\*[A-Z]|\n## /);
  return README.slice(start, next < 0 ? undefined : start + 2 + next);
}

/** The key column of a section's table (or the line itself, for a table-less section). */
const keyColumn = (text: string) =>
  text.includes('|')
    ? text
        .split('\n')
        .filter((l) => l.startsWith('|') && !/^\|\s*(key|-)/.test(l))
        .map((l) => l.split('|')[1])
        .join(' ')
    : text.split('\n')[0];

describe('README key tables', () => {
  for (const scope of Object.keys(SECTIONS) as Scope[]) {
    it(`list every key of the ${scope} bindings, and no key that is not bound there`, () => {
      const keys = keyColumn(section(scope));
      const bound = BINDINGS.filter((b) => b.scope === scope).flatMap((b) => b.keys);
      for (const k of bound) expect(keys, `${scope}: ${k}`).toContain(spell(k));
      const named = [...keys.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      for (const k of named) expect(bound, `${scope}: README names \`${k}\``).toContain(k);
    });
  }
});
