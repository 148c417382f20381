// The demo cluster starts with exactly the tutorial's objects.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { expect, it } from 'vitest';
import { TUTORIAL_OBJECTS } from '../../src/sim/seed.js';

it('seeds the Service and Deployment of nginx-server.yaml as the file declares them', () => {
  const file = readFileSync(
    join(import.meta.dirname, '..', 'fixtures', 'nginx-server.yaml'),
    'utf8',
  );
  expect(TUTORIAL_OBJECTS).toEqual(loadAll(file));
});
