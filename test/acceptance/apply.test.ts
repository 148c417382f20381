// :apply -f, :create -f and :delete -f through the binary, against `kdeck sim`; the real kubectl
// says what the cluster holds before and after: the dry run changes nothing, Enter sends, Esc
// sends nothing, and what kubectl would refuse is refused per object, in kubectl's words.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/sim.js';
import { hasTmux, simForFile, Terminal } from './terminal.js';

const sim = simForFile();
const dir = mkdtempSync(join(tmpdir(), 'kdeck-apply-'));
const TUTORIAL = join(import.meta.dirname, '..', 'fixtures', 'tutorial-deployment.yaml');

const kdeck = (...args: string[]) =>
  new Terminal(['--kubeconfig', sim.kubeconfig, ...args], { width: 200, height: 30 });

/** A manifest file in the test's directory; its absolute path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const deployment = (name: string, replicas: number, namespace = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;
const service = (name: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${name}}
  ports:
    - port: 80
`;
const configMap = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  greeting: hello\n`;

/** `kubectl get` of one object: its JSON, or undefined when kubectl finds none. */
function get(kind: string, name: string, namespace = 'default') {
  const out = sim.kubectl('get', kind, name, '-n', namespace, '--ignore-not-found', '-o', 'json');
  return out.trim() ? JSON.parse(out) : undefined;
}

async function command(t: Terminal, text: string) {
  t.keys(':');
  await t.waitFor(/^:/m);
  t.burst(`${text}\r`);
}

describe.skipIf(!hasTmux)(':apply -f', () => {
  it('previews a two-object file as created, creates both on Enter, then previews them unchanged; a new replicas shows as 2 → 3 and Esc sends nothing', async () => {
    const hello = file('hello.yaml', `${deployment('hello', 2)}---\n${service('hello')}`);
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    await command(t, `apply -f ${hello}`);
    await t.waitFor('Enter applies, Esc cancels');
    const preview = await t.waitFor('service/hello created');
    expect(preview).toContain('deployment.apps/hello created (namespace default');
    // A dry run: nothing exists yet.
    expect(get('deployment', 'hello')).toBeUndefined();
    expect(get('service', 'hello')).toBeUndefined();
    t.keys('Enter');
    const done = await t.waitFor(`apply -f ${hello}: done`);
    expect(done).toMatch(/^deployment\.apps\/hello created\s*$/m);
    expect(done).toMatch(/^service\/hello created\s*$/m);
    expect(get('deployment', 'hello').spec.replicas).toBe(2);
    expect(get('service', 'hello').spec.ports[0].port).toBe(80);
    t.keys('Escape');
    await t.waitFor(/pods\(default\)\[\d+\] live/);

    await command(t, `apply -f ${hello}`);
    const again = await t.waitFor('service/hello unchanged');
    expect(again).toContain('deployment.apps/hello unchanged');
    t.keys('Escape');
    await t.waitFor(`:apply -f ${hello} cancelled: nothing changed`);

    writeFileSync(hello, `${deployment('hello', 3)}---\n${service('hello')}`);
    await command(t, `apply -f ${hello}`);
    const change = await t.waitFor('spec.replicas: 2 → 3');
    expect(change).toContain('deployment.apps/hello configured');
    expect(change).toContain('service/hello unchanged');
    t.keys('Escape');
    await t.waitFor('cancelled: nothing changed');
    expect(get('deployment', 'hello').spec.replicas).toBe(2);

    await command(t, `apply -f ${hello}`);
    await t.waitFor('spec.replicas: 2 → 3');
    t.keys('Enter');
    const applied = await t.waitFor(`apply -f ${hello}: done`);
    expect(applied).toMatch(/^deployment\.apps\/hello configured\s*$/m);
    expect(applied).toMatch(/^service\/hello unchanged\s*$/m);
    expect(get('deployment', 'hello').spec.replicas).toBe(3);
    t.keys('Enter', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it("the tutorial's 2019 file: its extensions/v1beta1 Deployment gets kubectl's no-matches line and the apps/v1 hint; its Service is still previewed", async () => {
    const tutorial = file('tutorial-deployment.yaml', readFileSync(TUTORIAL, 'utf8'));
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    await command(t, `apply -f ${tutorial}`);
    const screen = await t.waitFor('hint: Deployment in extensions/v1beta1');
    // One line of kubectl's, wrapped at the terminal's width.
    const text = screen.replace(/\n\s+/g, ' ');
    expect(text).toContain(
      `error: resource mapping not found for name: "nginx-server-deployment" namespace: "" from "${tutorial}": no matches for kind "Deployment" in version "extensions/v1beta1"`,
    );
    expect(text).toContain(
      'hint: Deployment in extensions/v1beta1 was removed in Kubernetes 1.16; apps/v1 replaced it',
    );
    expect(screen).toMatch(/^service\/nginx-server-service unchanged \(namespace default/m);
    t.keys('Escape', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it('a manifest without a namespace goes to the namespace of the view, which the preview names', async () => {
    const settings = file('settings.yaml', configMap('settings'));
    const t = kdeck('-n', 'shop');
    await t.waitFor(/pods\(shop\)\[\d+\] live/);
    await command(t, `apply -f ${settings}`);
    await t.waitFor("configmap/settings created (namespace shop, the view's)");
    t.keys('Enter');
    await t.waitFor(/^configmap\/settings created\s*$/m);
    expect(get('configmap', 'settings', 'shop').data).toEqual({ greeting: 'hello' });
    expect(get('configmap', 'settings', 'default')).toBeUndefined();
    t.keys('Enter', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it("across all namespaces it goes to the context's namespace; -n names another", async () => {
    const everywhere = file('everywhere.yaml', configMap('everywhere'));
    const t = kdeck('-A');
    await t.waitFor(/pods\(all\)\[\d+\] live/);
    await command(t, `apply -f ${everywhere}`);
    await t.waitFor("configmap/everywhere created (namespace default, the context's)");
    t.keys('Escape');
    await t.waitFor('cancelled: nothing changed');
    await command(t, `apply -f ${everywhere} -n data`);
    await t.waitFor('configmap/everywhere created (namespace data, from -n)');
    t.keys('Enter');
    await t.waitFor(/^configmap\/everywhere created\s*$/m);
    expect(get('configmap', 'everywhere', 'data')).toBeDefined();
    expect(get('configmap', 'everywhere', 'default')).toBeUndefined();
    t.keys('Enter', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it('a namespace the file creates first takes the objects that go in it, as kubectl sends them in order', async () => {
    const team = file(
      'team.yaml',
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n---\n${configMap('roster').replace('metadata:\n', 'metadata:\n  namespace: team\n')}`,
    );
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    await command(t, `apply -f ${team}`);
    const preview = await t.waitFor('configmap/roster created (namespace team)');
    expect(preview).toMatch(/^namespace\/team created\s*$/m);
    expect(preview).toContain('once namespace team is created (it comes first in the files)');
    t.keys('Enter');
    const done = await t.waitFor(/^configmap\/roster created\s*$/m);
    expect(done).toMatch(/^namespace\/team created\s*$/m);
    expect(get('configmap', 'roster', 'team').data).toEqual({ greeting: 'hello' });
    t.keys('Enter', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it('a file that does not parse is one line with its file and line, and nothing is sent', async () => {
    const broken = file(
      'broken.yaml',
      `${configMap('before-the-error')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n data: x\n`,
    );
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    await command(t, `apply -f ${broken}`);
    const screen = await t.waitFor(`error parsing ${broken}: line 12: `);
    expect(screen).not.toContain('dry run');
    expect(get('configmap', 'before-the-error')).toBeUndefined();
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('a path under ~ is named expanded in what is said of it, as the shell hands it to kubectl', async () => {
    file('home-broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: y\n');
    const t = new Terminal(['--kubeconfig', sim.kubeconfig], {
      width: 200,
      height: 30,
      env: { HOME: dir },
    });
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    await command(t, 'apply -f ~/nonexist.yaml');
    const missing = await t.waitFor(`the path "${dir}/nonexist.yaml" does not exist`);
    expect(missing).not.toContain('"~/');
    await command(t, 'apply -f ~/home-broken.yaml');
    await t.waitFor(`error parsing ${dir}/home-broken.yaml: line 5: `);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('Tab completes the path after -f', async () => {
    file('tab-completed.yaml', configMap('tabbed'));
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    t.keys(':');
    await t.waitFor(/^:/m);
    t.burst(`apply -f ${dir}/tab-c`);
    t.keys('Tab');
    await t.waitFor(`:apply -f ${dir}/tab-completed.yaml`);
    t.keys('Enter');
    await t.waitFor('configmap/tabbed created');
    t.keys('Escape', 'q');
    expect(await t.exitCode()).toBe(0);
  });
});

describe.skipIf(!hasTmux)('field-manager conflicts', () => {
  it('an object kubectl apply made shows its conflicting field and manager; f forces it, Enter applies', async () => {
    const mine = file('contested.yaml', deployment('contested', 3));
    sim.kubectl('apply', '-f', file('contested-by-kubectl.yaml', deployment('contested', 2)));
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    await command(t, `apply -f ${mine}`);
    const preview = await t.waitFor('deployment.apps/contested conflict');
    expect(preview).toContain(
      '    .spec.replicas: conflict with "kubectl-client-side-apply" using apps/v1',
    );
    expect(preview).toContain('<f> force conflicts');
    t.keys('f');
    const forced = await t.waitFor('dry run (conflicts forced)');
    expect(forced).toContain('deployment.apps/contested configured');
    expect(forced).toContain('spec.replicas: 2 → 3');
    expect(get('deployment', 'contested').spec.replicas).toBe(2);
    t.keys('Enter');
    await t.waitFor(/^deployment\.apps\/contested configured\s*$/m);
    const now = JSON.parse(
      sim.kubectl('get', 'deployment', 'contested', '-o', 'json', '--show-managed-fields'),
    );
    expect(now.spec.replicas).toBe(3);
    // kdeck's apply took the field from kubectl's manager, as --force-conflicts does.
    const owners = now.metadata.managedFields
      .filter(
        (f: { fieldsV1?: { 'f:spec'?: object } }) => 'f:replicas' in (f.fieldsV1?.['f:spec'] ?? {}),
      )
      .map((f: { manager: string }) => f.manager);
    expect(owners).toEqual(['kdeck']);
    t.keys('Enter', 'q');
    expect(await t.exitCode()).toBe(0);
  });
});

describe.skipIf(!hasTmux)(':create -f', () => {
  it('an object that exists answers AlreadyExists as kubectl create does; the others are created', async () => {
    const both = file('create.yaml', `${configMap('fresh')}---\n${configMap('existing')}`);
    sim.kubectl('create', 'configmap', 'existing', '--from-literal=greeting=kept');
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    await command(t, `create -f ${both}`);
    const preview = await t.waitFor('Enter creates, Esc cancels');
    expect(preview).toContain('configmap/fresh created (namespace default');
    expect(preview).toContain(
      `Error from server (AlreadyExists): error when creating "${both}": configmaps "existing" already exists`,
    );
    t.keys('Enter');
    const done = await t.waitFor(`create -f ${both}: done`);
    expect(done).toMatch(/^configmap\/fresh created\s*$/m);
    expect(done).toContain('configmaps "existing" already exists');
    expect(get('configmap', 'fresh').data).toEqual({ greeting: 'hello' });
    expect(get('configmap', 'existing').data).toEqual({ greeting: 'kept' });
    t.keys('Enter', 'q');
    expect(await t.exitCode()).toBe(0);
  });
});

describe.skipIf(!hasTmux)(':delete -f', () => {
  it('lists what it would delete and what is absent; Enter on the default Cancel deletes nothing, Tab then Enter deletes', async () => {
    const doomed = file('doomed.yaml', `${deployment('doomed', 1)}---\n${service('never-made')}`);
    sim.kubectl('apply', '-f', file('doomed-only.yaml', deployment('doomed', 1)));
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    await command(t, `delete -f ${doomed}`);
    const list = await t.waitFor(`Delete this object of ${doomed}?`);
    expect(list).toMatch(/^deployment\.apps\/doomed \(namespace default/m);
    expect(list).toMatch(/^service\/never-made already absent/m);
    expect(list).toContain('› Cancel ‹');
    t.keys('Enter');
    await t.waitFor('cancelled: nothing changed');
    expect(get('deployment', 'doomed')).toBeDefined();

    await command(t, `delete -f ${doomed}`);
    await t.waitFor(`Delete this object of ${doomed}?`);
    t.keys('Tab');
    await t.waitFor('› Delete ‹');
    t.keys('Enter');
    const done = await t.waitFor(`delete -f ${doomed}: done`);
    expect(done).toMatch(/^deployment\.apps "doomed" deleted\s*$/m);
    // Absent when listed, so never sent: no server error is claimed for it.
    expect(done).toMatch(/^services "never-made" already absent: not sent\s*$/m);
    expect(done).not.toContain('NotFound');
    await eventually(() => get('deployment', 'doomed') === undefined, 15_000, {
      what: 'doomed deleted',
    });
    t.keys('Enter', 'q');
    expect(await t.exitCode()).toBe(0);
  });
});

describe.skipIf(!hasTmux)(':delete -f of objects all absent', () => {
  it('offers no delete: the hint says Enter closes, and Enter does, with nothing sent', async () => {
    const gone = file('gone.yaml', `${deployment('gone', 1)}---\n${service('gone')}`);
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    await command(t, `delete -f ${gone}`);
    const list = await t.waitFor(`delete -f ${gone}: nothing to delete`);
    expect(list).toMatch(/^deployment\.apps\/gone already absent/m);
    expect(list).toMatch(/^service\/gone already absent/m);
    expect(list).toContain('<enter> close');
    expect(list).not.toContain('<enter> delete');
    expect(list).not.toContain('Delete th');
    t.keys('Enter');
    const after = await t.waitFor(`:delete -f ${gone}: nothing sent`);
    expect(after).not.toContain('NotFound');
    expect(after).toMatch(/pods\(default\)\[\d+\] live/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});

describe.skipIf(!hasTmux)('refusals', () => {
  it('--readonly refuses :apply, :create and :delete -f with one line, and sends nothing', async () => {
    const ro = file('readonly.yaml', configMap('readonly-made'));
    const t = kdeck('--readonly');
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    for (const verb of ['apply', 'create', 'delete']) {
      await command(t, `${verb} -f ${ro}`);
      await t.waitFor(`read-only (--readonly): :${verb} -f is off`);
    }
    expect(get('configmap', 'readonly-made')).toBeUndefined();
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it("a user RBAC forbids writes sees the server's 403 for each object in the preview", async () => {
    const rbac = file('rbac.yaml', configMap('forbidden-one'));
    const t = kdeck('--context', 'kdeck-demo-readonly');
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    await command(t, `apply -f ${rbac}`);
    const preview = await t.waitFor(
      `Error from server (Forbidden): error when applying "${rbac}": configmaps "forbidden-one" is forbidden: User`,
    );
    // Nothing the server would accept: Enter only closes (no "done" page repeating the errors).
    expect(preview).toContain('nothing the server would accept');
    expect(preview).toContain('<enter> close');
    expect(preview).not.toContain('<enter> apply');
    t.keys('Enter');
    const after = await t.waitFor(`:apply -f ${rbac}: nothing sent`);
    expect(after).not.toContain(`apply -f ${rbac}: done`);
    expect(get('configmap', 'forbidden-one')).toBeUndefined();
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it("a user RBAC forbids deletes sees the server's 403 for each object in the listing (a dry-run DELETE), and no Delete offer", async () => {
    const kept = file('kept.yaml', `${configMap('kept-one')}---\n${configMap('kept-two')}`);
    sim.kubectl('apply', '-f', kept);
    const t = kdeck('--context', 'kdeck-demo-readonly');
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    await command(t, `delete -f ${kept}`);
    const list = await t.waitFor(`delete -f ${kept}: nothing to delete`);
    const text = list.replace(/\n\s+/g, ' ');
    for (const name of ['kept-one', 'kept-two'])
      expect(text).toContain(
        `Error from server (Forbidden): error when deleting "${kept}": configmaps "${name}" is forbidden: User`,
      );
    expect(list).not.toContain('Delete th');
    expect(list).toContain('<enter> close');
    t.keys('Enter');
    await t.waitFor(`:delete -f ${kept}: nothing sent`);
    expect(get('configmap', 'kept-one')).toBeDefined();
    expect(get('configmap', 'kept-two')).toBeDefined();
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});
