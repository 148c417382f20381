// Exec credential plugins run as kubectl runs them: real plugin scripts, the answer's checks,
// sharing one run, forgetting a refused credential, backoff after failures, the terminal lent
// to interactive plugins; and a differential run of the same stanza by the real kubectl.
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ExecConfig,
  ExecCredentialError,
  ExecPlugin,
  type ExecPluginOptions,
  execClusterOf,
  type TerminalLender,
} from '../../src/kube/connect/exec-credential.js';
import { makeServerTls } from '../../src/sim/tls.js';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

const V1 = 'client.authentication.k8s.io/v1';
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';
const dir = mkdtempSync(join(tmpdir(), 'kdeck-exec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let seq = 0;
/** A `#!/bin/sh` plugin that counts its runs in `<path>.runs` before running `body`. */
function plugin(body: string): { path: string; runs: () => number } {
  const path = join(dir, `plugin-${++seq}`);
  writeFileSync(path, `#!/bin/sh\necho run >> "${path}.runs"\n${body}\n`);
  chmodSync(path, 0o755);
  return {
    path,
    runs: () =>
      existsSync(`${path}.runs`) ? readFileSync(`${path}.runs`, 'utf8').split('\n').length - 1 : 0,
  };
}

/** Shell that prints an ExecCredential answer (single-quoted JSON). */
const answer = (status: Record<string, unknown> | null, apiVersion = V1) =>
  `printf '%s\\n' '${JSON.stringify({ apiVersion, kind: 'ExecCredential', ...(status ? { status } : {}) })}'`;

let clock = 1_000_000;
function make(exec: Partial<ExecConfig> & { command: string }, o: Partial<ExecPluginOptions> = {}) {
  return new ExecPlugin({
    user: 'u',
    exec: { apiVersion: V1, interactiveMode: 'Never', ...exec },
    cluster: { server: 'https://cluster.example:6443' },
    backoff: { baseMs: 1000, maxMs: 1000 },
    random: () => 1,
    now: () => clock,
    ...o,
  });
}

async function failure(p: Promise<unknown>): Promise<ExecCredentialError> {
  const e = await p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ExecCredentialError);
  expect((e as Error).message).not.toContain('\n');
  return e as ExecCredentialError;
}

describe('sharing and caching', () => {
  it('runs the plugin once for N parallel get()s, and keeps its answer', async () => {
    const p = plugin(answer({ token: 't1' }));
    const x = make({ command: p.path });
    const got = await Promise.all(Array.from({ length: 8 }, () => x.get()));
    expect(p.runs()).toBe(1);
    expect(got[0]).toEqual({ token: 't1' });
    for (const c of got) expect(c).toBe(got[0]);
    expect(await x.get()).toBe(got[0]);
    expect(p.runs()).toBe(1);
  });

  it('runs again after invalidate(used), once for many 401s, and not for a stale credential', async () => {
    // Each answer carries its run's number, so that credentials can be told apart.
    const p = plugin(
      `n=$(wc -l < "$0.runs" | tr -d ' ')\necho '{"apiVersion":"${V1}","kind":"ExecCredential","status":{"token":"tok-'$n'"}}'`,
    );
    const x = make({ command: p.path });
    const first = await x.get();
    expect(first.token).toBe('tok-1');
    for (let i = 0; i < 5; i++) x.invalidate(first);
    const again = await Promise.all([x.get(), x.get(), x.get()]);
    expect(p.runs()).toBe(2);
    expect(again[0].token).toBe('tok-2');
    x.invalidate(first); // stale: renewed since
    expect(await x.get()).toBe(again[0]);
    expect(p.runs()).toBe(2);
  });

  it('runs again once the credential has expired (RFC 3339 expirationTimestamp)', async () => {
    const exp = '2030-01-01T00:00:00.250+01:00';
    const p = plugin(answer({ token: 't', expirationTimestamp: exp }));
    const x = make({ command: p.path });
    clock = Date.parse(exp) - 1000;
    const c = await x.get();
    expect(c).toEqual({ token: 't', expires: Date.parse('2029-12-31T23:00:00.250Z') });
    clock = c.expires!; // not yet after it (client-go: now.After(exp))
    expect(await x.get()).toBe(c);
    expect(p.runs()).toBe(1);
    clock = c.expires! + 1;
    const renewed = await x.get();
    expect(p.runs()).toBe(2);
    expect(renewed).not.toBe(c);
  });

  it('keeps a credential without expiry until it is invalidated', async () => {
    const p = plugin(answer({ token: 't' }));
    const x = make({ command: p.path });
    const c = await x.get();
    clock += 365 * 24 * 3600_000;
    expect(await x.get()).toBe(c);
    expect(p.runs()).toBe(1);
  });

  it('lets one caller stop waiting while the run goes on for the others', async () => {
    const gate = join(dir, 'gate');
    const p = plugin(`while [ ! -e "${gate}" ]; do sleep 0.05; done\n${answer({ token: 'late' })}`);
    const x = make({ command: p.path });
    const ac = new AbortController();
    const mine = x.get({ signal: ac.signal });
    const other = x.get();
    ac.abort();
    await expect(mine).rejects.toMatchObject({ name: 'AbortError' });
    writeFileSync(gate, '');
    expect(await other).toEqual({ token: 'late' });
    expect(p.runs()).toBe(1);
  });
});

describe('failures', () => {
  it('says which signal killed the plugin (a Ctrl-C at its prompt quits kdeck)', async () => {
    const killed = await failure(make({ command: plugin('kill -INT $$').path }).get());
    expect(killed.message).toMatch(/failed with exit code -1$/);
    expect(killed.signal).toBe('SIGINT');
    const exited = await failure(make({ command: plugin('exit 130').path }).get());
    expect(exited.message).toMatch(/failed with exit code 130$/);
    expect(exited.signal).toBeUndefined();
  });

  it('gives one line with stderr’s last line, and backs off before running again', async () => {
    const p = plugin('echo "first problem" >&2\necho "  the last words  " >&2\necho >&2\nexit 1');
    const lines: string[] = [];
    const x = make(
      { command: p.path },
      { backoff: { baseMs: 1000, maxMs: 10_000 }, onStderr: (l) => lines.push(l) },
    );
    const [a, b] = await Promise.all([failure(x.get()), failure(x.get())]);
    expect(a.message).toBe(`exec: executable ${p.path} failed with exit code 1: the last words`);
    expect(b).toBe(a);
    expect(lines).toEqual(['first problem', 'the last words']);
    expect(p.runs()).toBe(1);

    clock += 999; // inside the first delay (1 s)
    expect(await failure(x.get())).toBe(a);
    expect(p.runs()).toBe(1);
    clock += 2;
    await failure(x.get());
    expect(p.runs()).toBe(2);
    clock += 1999; // the second consecutive failure waits 2 s
    await failure(x.get());
    expect(p.runs()).toBe(2);
    clock += 2;
    await failure(x.get());
    expect(p.runs()).toBe(3);
  });

  it('does not cache an answer without status: the next get() after backoff runs again', async () => {
    const p = plugin(
      `if [ "$(wc -l < "$0.runs")" -eq 1 ]; then ${answer(null)}; else ${answer({ token: 'ok' })}; fi`,
    );
    const x = make({ command: p.path });
    const e = await failure(x.get());
    expect(e.message).toBe("exec plugin didn't return a status field");
    expect(await failure(x.get())).toBe(e);
    expect(p.runs()).toBe(1);
    clock += 1001;
    expect(await x.get()).toEqual({ token: 'ok' });
    expect(p.runs()).toBe(2);
  });

  it.each([
    [
      answer({ token: 't' }, V1BETA1),
      `exec plugin is configured to use API version ${V1}, plugin returned version ${V1BETA1}`,
    ],
    [
      answer({ token: 't' }, 'foo/v1'),
      'decoding stdout: no kind "ExecCredential" is registered for version "foo/v1"',
    ],
    [
      `echo '{"apiVersion":"${V1}","kind":"Foo","status":{"token":"t"}}'`,
      `decoding stdout: no kind "Foo" is registered for version "${V1}"`,
    ],
    [
      `echo '{"kind":"ExecCredential","status":{"token":"t"}}'`,
      `exec plugin is configured to use API version ${V1}, plugin returned version client.authentication.k8s.io/__internal`,
    ],
    [
      'true',
      `exec plugin is configured to use API version ${V1}, plugin returned version client.authentication.k8s.io/__internal`,
    ],
    [answer({}), "exec plugin didn't return a token or cert/key pair"],
    [
      answer({ clientCertificateData: 'x' }),
      'exec plugin returned only certificate or key, not both',
    ],
    [
      answer({ clientCertificateData: 'x', clientKeyData: 'y' }),
      'failed parsing client key/certificate: tls: failed to find any PEM data in certificate input',
    ],
    [
      answer({ token: 5 }),
      'decoding stdout: json: cannot unmarshal number into Go struct field ExecCredentialStatus.status.token of type string',
    ],
    [
      answer({ token: 't', expirationTimestamp: '2030-01-01 00:00:00Z' }),
      'decoding stdout: parsing time "2030-01-01 00:00:00Z" as "2006-01-02T15:04:05Z07:00"',
    ],
    [
      `${answer({ token: 't' })}; echo trailing`,
      /^decoding stdout: couldn't get version\/kind; json parse error: /,
    ],
  ])('refuses a wrong answer, in kubectl’s words: %s', async (body, said) => {
    const p = plugin(body);
    const e = await failure(make({ command: p.path }).get());
    if (typeof said === 'string') expect(e.message).toBe(said);
    else expect(e.message).toMatch(said);
  });

  it('accepts what kubectl accepts: YAML, no kind, an expiry in the past (used once)', async () => {
    const yaml = plugin(
      `printf 'apiVersion: ${V1}\\nkind: ExecCredential\\nstatus:\\n  token: from-yaml\\n'`,
    );
    expect(await make({ command: yaml.path }).get()).toEqual({ token: 'from-yaml' });
    const noKind = plugin(`echo '{"apiVersion":"${V1}","status":{"token":"t"}}'`);
    expect(await make({ command: noKind.path }).get()).toEqual({ token: 't' });
    const past = plugin(answer({ token: 'old', expirationTimestamp: '2020-01-01T00:00:00Z' }));
    const x = make({ command: past.path });
    expect((await x.get()).token).toBe('old');
    await x.get();
    expect(past.runs()).toBe(2);
  });

  it('checks that a client certificate and key belong together', async () => {
    const tls = await makeServerTls();
    const good = plugin(answer({ clientCertificateData: tls.certPem, clientKeyData: tls.keyPem }));
    expect(await make({ command: good.path }).get()).toEqual({
      clientCertificateData: tls.certPem,
      clientKeyData: tls.keyPem,
    });
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const bad = plugin(answer({ clientCertificateData: tls.certPem, clientKeyData: other }));
    expect((await failure(make({ command: bad.path }).get())).message).toBe(
      'failed parsing client key/certificate: tls: private key does not match public key',
    );
  });

  it('says a command is missing as kubectl does, with the install hint on the same line', async () => {
    const x = make({
      command: 'kdeck-no-such-plugin',
      installHint: 'Install it with:\n  brew install thing\n\u001b[1mnow\u001b[0m',
    });
    const e = await failure(x.get());
    expect(e.message).toBe(
      'exec: executable kdeck-no-such-plugin not found: Install it with: brew install thing U+001B[1mnowU+001B[0m',
    );
    expect(e.detail).toContain('It looks like you are trying to use a client-go credential plugin');
    expect(
      e.detail.endsWith('\n\nInstall it with:\n  brew install thing\nU+001B[1mnowU+001B[0m'),
    ).toBe(true);
    const abs = await failure(make({ command: join(dir, 'missing') }).get());
    expect(abs.message).toBe(`exec: fork/exec ${join(dir, 'missing')}: no such file or directory`);
  });

  it('finds a bare command on this process’s PATH, not the stanza’s', async () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'kdeck-test-plugin'), `#!/bin/sh\n${answer({ token: 'on-path' })}\n`);
    chmodSync(join(bin, 'kdeck-test-plugin'), 0o755);
    const env = { PATH: `${bin}:/usr/bin:/bin` };
    expect(await make({ command: 'kdeck-test-plugin' }, { env }).get()).toEqual({
      token: 'on-path',
    });
    const stanzaPath = make(
      { command: 'kdeck-test-plugin', env: [{ name: 'PATH', value: env.PATH }] },
      { env: { PATH: '/usr/bin:/bin' } },
    );
    expect((await failure(stanzaPath.get())).message).toBe(
      'exec: executable kdeck-test-plugin not found',
    );
  });

  it('refuses a stanza kubectl refuses, without running anything', async () => {
    const p = plugin(answer({ token: 't' }));
    const noMode = make({ command: p.path, interactiveMode: undefined });
    expect((await failure(noMode.get())).message).toBe(
      'interactiveMode must be specified for u to use exec authentication plugin',
    );
    const alpha = make({ command: p.path, apiVersion: 'client.authentication.k8s.io/v1alpha1' });
    expect((await failure(alpha.get())).message).toBe(
      'exec plugin: invalid apiVersion "client.authentication.k8s.io/v1alpha1"',
    );
    expect(p.runs()).toBe(0);
  });

  it('stops a plugin that does not finish, and what it started', async () => {
    const pidFile = join(dir, 'sleeper.pid');
    const p = plugin(`sleep 300 &\necho $! > "${pidFile}"\nwait`);
    const x = make({ command: p.path }, { timeoutMs: 300 });
    expect((await failure(x.get())).message).toBe(
      `exec: executable ${p.path} did not finish within 0.3 s; it was stopped`,
    );
    const pid = Number(readFileSync(pidFile, 'utf8'));
    // Gone, or a zombie nobody has reaped yet (PID 1 of a container may not).
    await eventually(() => {
      try {
        process.kill(pid, 0);
      } catch {
        return true;
      }
      return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    });
  });

  it('close() stops a running plugin and fails its waiters', async () => {
    const p = plugin('exec sleep 300');
    const x = make({ command: p.path }, { timeoutMs: 0 });
    const waiting = x.get();
    await eventually(() => p.runs() === 1);
    x.close();
    expect((await failure(waiting)).message).toBe(`exec: executable ${p.path} was stopped`);
  });
});

describe('what the plugin is given', () => {
  it('passes args, the process environment and the stanza’s env (the stanza wins)', async () => {
    const out = join(dir, 'env-args');
    const p = plugin(
      `for a in "$@"; do printf '[%s]\\n' "$a"; done > "${out}"\nprintf '%s|%s|%s\\n' "$FOO" "$OVER" "$ONLY_PROCESS" >> "${out}"\n${answer({ token: 't' })}`,
    );
    const x = make(
      {
        command: p.path,
        args: ['get-token', 'a b', '--x=1', ''],
        env: [
          { name: 'FOO', value: 'bar baz' },
          { name: 'OVER', value: 'stanza' },
        ],
      },
      { env: { PATH: process.env.PATH, OVER: 'process', ONLY_PROCESS: 'p' } },
    );
    await x.get();
    expect(readFileSync(out, 'utf8')).toBe('[get-token]\n[a b]\n[--x=1]\n[]\nbar baz|stanza|p\n');
  });

  it('writes KUBERNETES_EXEC_INFO as client-go does, the cluster only with provideClusterInfo', async () => {
    const out = join(dir, 'info');
    const p = plugin(`printf '%s' "$KUBERNETES_EXEC_INFO" > "${out}"\n${answer({ token: 't' })}`);
    await make({ command: p.path }).get();
    expect(readFileSync(out, 'utf8')).toBe(
      `{"kind":"ExecCredential","apiVersion":"${V1}","spec":{"interactive":false}}\n`,
    );

    const cluster = execClusterOf({
      server: 'https://cluster.example:6443',
      'certificate-authority-data': Buffer.from('CA PEM').toString('base64'),
      'tls-server-name': 'api.example',
      'proxy-url': 'socks5://proxy:1080',
      'disable-compression': true,
      extensions: [
        { name: 'other', extension: { no: 1 } },
        {
          name: 'client.authentication.k8s.io/exec',
          extension: { z: 1, a: { y: 'a<b&c', b: [2] } },
        },
      ],
    });
    await make({ command: p.path, provideClusterInfo: true }, { cluster }).get();
    expect(readFileSync(out, 'utf8')).toBe(
      `{"kind":"ExecCredential","apiVersion":"${V1}","spec":{"cluster":{"server":"https://cluster.example:6443","tls-server-name":"api.example","certificate-authority-data":"Q0EgUEVN","proxy-url":"socks5://proxy:1080","disable-compression":true,"config":{"a":{"b":[2],"y":"a\\u003cb\\u0026c"},"z":1}},"interactive":false}}\n`,
    );

    await make(
      { command: p.path, provideClusterInfo: true, apiVersion: V1BETA1 },
      { cluster: { server: 'https://c', insecureSkipTLSVerify: true } },
    )
      .get()
      .catch(() => {}); // the plugin answers v1: only the info matters here
    expect(readFileSync(out, 'utf8')).toBe(
      `{"kind":"ExecCredential","apiVersion":"${V1BETA1}","spec":{"cluster":{"server":"https://c","insecure-skip-tls-verify":true,"config":null},"interactive":false}}\n`,
    );
  });
});

describe('the terminal', () => {
  /** A lender whose "terminal" is a file to read from and a file to write to. */
  function fakeTerminal(typed: string, available = true) {
    const input = join(dir, `tty-in-${++seq}`);
    const output = join(dir, `tty-out-${seq}`);
    writeFileSync(input, typed);
    writeFileSync(output, '');
    const lent: string[] = [];
    const stdin = openSync(input, 'r');
    const stderr = openSync(output, 'w');
    const lender: TerminalLender = {
      available,
      fds: { stdin, stderr },
      async lend<T>(run: () => Promise<T>): Promise<T> {
        lent.push('suspend');
        try {
          return await run();
        } finally {
          lent.push('restore');
        }
      },
    };
    return {
      lender,
      lent,
      written: () => readFileSync(output, 'utf8'),
      close: () => {
        closeSync(stdin);
        closeSync(stderr);
      },
    };
  }

  const reader = () => {
    const info = join(dir, `tty-info-${++seq}`);
    const p = plugin(
      `printf '%s' "$KUBERNETES_EXEC_INFO" > "${info}"\nread -r typed\necho "Password:" >&2\necho '{"apiVersion":"${V1}","kind":"ExecCredential","status":{"token":"'"$typed"'"}}'`,
    );
    return { ...p, interactive: () => JSON.parse(readFileSync(info, 'utf8')).spec.interactive };
  };

  it('Never: never lends the terminal; the plugin reads nothing', async () => {
    const t = fakeTerminal('secret\n');
    const p = reader();
    const lines: string[] = [];
    const x = make(
      { command: p.path, interactiveMode: 'Never' },
      { terminal: t.lender, onStderr: (l) => lines.push(l) },
    );
    expect((await failure(x.get())).message).toBe(
      "exec plugin didn't return a token or cert/key pair",
    );
    expect(t.lent).toEqual([]);
    expect(p.interactive()).toBe(false);
    expect(lines).toEqual(['Password:']);
    t.close();
  });

  it('IfAvailable: lends the terminal, whose input the plugin reads and to which it writes', async () => {
    for (const exec of [
      { interactiveMode: 'IfAvailable' as const },
      { apiVersion: V1BETA1, interactiveMode: undefined }, // v1beta1 defaults to IfAvailable
    ]) {
      const t = fakeTerminal('typed-token\n');
      const p = reader();
      const body = readFileSync(p.path, 'utf8').replace(
        `"apiVersion":"${V1}"`,
        `"apiVersion":"${exec.apiVersion ?? V1}"`,
      );
      writeFileSync(p.path, body);
      const x = make({ command: p.path, ...exec }, { terminal: t.lender });
      expect(await x.get()).toEqual({ token: 'typed-token' });
      expect(t.lent).toEqual(['suspend', 'restore']);
      expect(t.written()).toBe('Password:\n');
      expect(p.interactive()).toBe(true);
      t.close();
    }
  });

  it('IfAvailable without a terminal runs the plugin without one', async () => {
    const t = fakeTerminal('', false);
    const p = plugin(answer({ token: 't' }));
    expect(
      await make({ command: p.path, interactiveMode: 'IfAvailable' }, { terminal: t.lender }).get(),
    ).toEqual({ token: 't' });
    expect(t.lent).toEqual([]);
    t.close();
  });

  it('Always without a terminal fails as kubectl does, without running the plugin', async () => {
    const p = plugin(answer({ token: 't' }));
    for (const terminal of [undefined, fakeTerminal('', false).lender]) {
      const e = await failure(
        make({ command: p.path, interactiveMode: 'Always' }, { terminal }).get(),
      );
      expect(e.message).toBe(
        'exec plugin cannot support interactive mode: standard input is not a terminal',
      );
    }
    expect(p.runs()).toBe(0);
  });
});

describe('differential: the same stanza run by kubectl and by kdeck', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(() => cluster?.stop());

  /** Dumps what it was given to $KD_DUMP.*, and answers with the token the stanza carries. */
  const dumper = plugin(
    [
      `printf '%s\\n' "$@" > "$KD_DUMP.args"`,
      `printf '%s|%s|%s\\n' "$KD_STANZA" "$KD_OVER" "$KD_PROCESS" > "$KD_DUMP.env"`,
      `printf '%s' "$KUBERNETES_EXEC_INFO" > "$KD_DUMP.info"`,
      `echo '{"apiVersion":"'"$KD_VERSION"'","kind":"ExecCredential","status":{"token":"'"$KD_TOKEN"'"}}'`,
    ].join('\n'),
  );

  type Variant = {
    name: string;
    exec: (token: string) => ExecConfig;
    cluster: (url: string, ca: string) => Record<string, unknown>;
    kubectlConnects: boolean;
  };
  const env = (token: string, version = V1) => [
    { name: 'KD_STANZA', value: 'from the stanza' },
    { name: 'KD_OVER', value: 'the stanza wins' },
    { name: 'KD_TOKEN', value: token },
    { name: 'KD_VERSION', value: version },
  ];
  const variants: Variant[] = [
    {
      name: 'v1, provideClusterInfo, CA data, tls-server-name, an exec extension',
      exec: (token) => ({
        apiVersion: V1,
        command: dumper.path,
        args: ['get-token', '--cluster', 'name with spaces', '', 'a<b&c'],
        env: env(token),
        interactiveMode: 'IfAvailable',
        provideClusterInfo: true,
      }),
      cluster: (url, ca) => ({
        server: url,
        'certificate-authority-data': ca,
        'tls-server-name': 'localhost',
        'disable-compression': true,
        extensions: [
          { name: 'kdeck', extension: { readonly: false } },
          {
            name: 'client.authentication.k8s.io/exec',
            extension: { zone: 'eu<1>', audience: 'kdeck', nested: { b: [1, 2.5, true], a: null } },
          },
        ],
      }),
      kubectlConnects: true,
    },
    {
      name: 'v1beta1 without interactiveMode or cluster info',
      exec: (token) => ({
        apiVersion: V1BETA1,
        command: dumper.path,
        env: env(token, V1BETA1),
      }),
      cluster: (url, ca) => ({ server: url, 'certificate-authority-data': ca }),
      kubectlConnects: true,
    },
    {
      name: 'v1, a CA file, a proxy, no extension',
      exec: (token) => ({
        apiVersion: V1,
        command: dumper.path,
        args: ['--verbose'],
        env: env(token),
        interactiveMode: 'Never',
        provideClusterInfo: true,
      }),
      cluster: (url, ca) => {
        const caFile = join(dir, 'ca.pem');
        writeFileSync(caFile, Buffer.from(ca, 'base64'));
        return { server: url, 'certificate-authority': caFile, 'proxy-url': 'http://127.0.0.1:9' };
      },
      kubectlConnects: false,
    },
  ];

  it.each(variants)('$name', async (v) => {
    const token = cluster.sim.users.admin.token;
    const ca = Buffer.from(
      readFileSync(cluster.kubeconfigPath, 'utf8').match(/certificate-authority-data: (\S+)/)![1],
      'base64',
    ).toString('base64');
    const clusterFields = v.cluster(cluster.sim.url, ca);
    const exec = v.exec(token);
    const kubeconfig = join(dir, `kubeconfig-${++seq}`);
    writeFileSync(
      kubeconfig,
      dump({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'sim', cluster: clusterFields }],
        users: [{ name: 'exec-user', user: { exec } }],
        contexts: [{ name: 'sim', context: { cluster: 'sim', user: 'exec-user' } }],
        'current-context': 'sim',
      }),
    );
    const processEnv = { ...cluster.env, KD_OVER: 'from the process', KD_PROCESS: 'inherited' };

    const byKubectl = join(dir, `kubectl-${seq}`);
    const k = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        'kubectl',
        ['--kubeconfig', kubeconfig, 'get', 'ns', '--request-timeout=10s'],
        { env: { ...processEnv, KD_DUMP: byKubectl }, timeout: 30_000 },
        (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr }),
      ),
    );
    if (v.kubectlConnects) {
      expect(k.stderr).toBe('');
      expect(k.code).toBe(0);
      expect(k.stdout).toMatch(/^default\s+Active/m);
    }

    const byKdeck = join(dir, `kdeck-${seq}`);
    const x = new ExecPlugin({
      user: 'exec-user',
      exec,
      cluster: execClusterOf(clusterFields as never),
      env: { ...processEnv, KD_DUMP: byKdeck },
    });
    expect(await x.get()).toEqual({ token });

    const read = (base: string, what: string) => readFileSync(`${base}.${what}`, 'utf8');
    expect(read(byKdeck, 'args')).toBe(read(byKubectl, 'args'));
    expect(read(byKdeck, 'env')).toBe(read(byKubectl, 'env'));
    expect(read(byKdeck, 'env')).toBe('from the stanza|the stanza wins|inherited\n');
    // `interactive` depends on the terminal: neither has one here, but it is not the point.
    const info = (base: string) =>
      read(base, 'info').replace(/"interactive":(true|false)/, '"interactive":?');
    expect(info(byKdeck)).toBe(info(byKubectl));
    expect(JSON.parse(read(byKdeck, 'info')).spec.interactive).toBe(false);
  });
});
