// Flags → what to run, and exit codes. Bad input gets one line on stderr and exit code 2.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cannotDraw } from './ui/terminfo.js';
import { VERSION } from './version.js';

export const HELP = `kdeck ${VERSION} — a keyboard-driven terminal UI for Kubernetes

Usage:
  kdeck [flags]              browse the cluster of the current kubeconfig context
  kdeck --demo               the same, on a simulated cluster started in-process
  kdeck sim [sim flags]      run the simulated cluster on its own

Flags:
      --kubeconfig FILE      kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)
      --context NAME         kubeconfig context to use
      --cluster NAME         kubeconfig cluster to use instead of the context's
      --user NAME            kubeconfig user to use instead of the context's
  -n, --namespace NAME       namespace to show
  -A, --all-namespaces       show every namespace
      --readonly             no key that changes the cluster (wins over --write)
      --write                lift a context's read-only (config or kubeconfig)
      --log-lines N          lines a log view keeps (default 10000)
      --demo                 use the built-in simulated cluster
  -v, --version              print the version
  -h, --help                 print this help

Config file: $XDG_CONFIG_HOME/kdeck/config.yaml (default ~/.config/kdeck/):
  readOnly, view and namespace per context, and aliases for : commands.
  The last view of each context: $XDG_STATE_HOME/kdeck/state.yaml
  (default ~/.local/state/kdeck/).

Sim flags:
      --port N               listen on 127.0.0.1:N (default: any free port)
      --write-kubeconfig F   write a kubeconfig for the simulated cluster to F
      --pods N               add N running pods (load mode)
      --namespaces M         spread them over M namespaces (default 1)
      --churn R              R pod status changes per second
      --pod-age S            the pods were created S seconds ago (default: now)
      --steady-namespaces K  churn leaves the pods of the first K namespaces alone
      --object-size SIZE     small (the default) or realistic: load pods shaped as a
                             Deployment's, with their Deployments, ReplicaSets, Services
      --fast                 move pods along at test speed
      --no-tutorial          start without the tutorial's nginx objects
      --empty                start with namespaces and nodes only (no workloads)
      --no-metrics           do not serve the metrics API (a cluster without metrics-server)
`;

class UsageError extends Error {}

function intFlag(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} needs a whole number, not "${v}"`);
  return Number(v);
}

function logLinesFlag(v: string): number {
  const n = intFlag('log-lines', v, 10_000);
  if (n < 100) throw new UsageError(`--log-lines must be at least 100, not ${n}`);
  return n;
}

async function runSim(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      'write-kubeconfig': { type: 'string' },
      pods: { type: 'string' },
      namespaces: { type: 'string' },
      churn: { type: 'string' },
      'pod-age': { type: 'string' },
      'steady-namespaces': { type: 'string' },
      'object-size': { type: 'string' },
      fast: { type: 'boolean' },
      'no-tutorial': { type: 'boolean' },
      empty: { type: 'boolean' },
      'no-metrics': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  // The one help covers both: its sim flags are the part for `kdeck sim`.
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const port = intFlag('port', values.port, 0);
  if (port > 65535) throw new UsageError(`--port must be at most 65535, not ${port}`);
  const pods = intFlag('pods', values.pods, 0);
  const objectSize = values['object-size'] ?? 'small';
  if (objectSize !== 'small' && objectSize !== 'realistic')
    throw new UsageError(`--object-size must be small or realistic, not "${objectSize}"`);
  const { startSimulatedCluster } = await import('./sim/index.js');
  const sim = await startSimulatedCluster({
    port,
    kubeconfigPath: values['write-kubeconfig'],
    timing: values.fast ? 'fast' : 'demo',
    tutorial: !values['no-tutorial'],
    empty: values.empty,
    metrics: !values['no-metrics'],
    load:
      pods || values.churn
        ? {
            pods,
            namespaces: intFlag('namespaces', values.namespaces, 1),
            churn: intFlag('churn', values.churn, 0),
            ageSeconds: intFlag('pod-age', values['pod-age'], 0),
            steadyNamespaces: intFlag('steady-namespaces', values['steady-namespaces'], 0),
            objectSize,
          }
        : undefined,
    log: (m) => process.stderr.write(`${m}\n`),
  }).catch((err: Error) => {
    // The sim has closed what it started; say why in one line and leave.
    process.stderr.write(`kdeck sim: ${err.message}\n`);
    return undefined;
  });
  if (!sim) return 1;
  const where = values['write-kubeconfig'] ? ` kubeconfig=${values['write-kubeconfig']}` : '';
  process.stdout.write(`ready ${sim.url}${where}\n`);
  await untilSignal();
  await sim.stop();
  return 0;
}

/** Waits for `work`, or for one of `signals` first (then its name). */
async function untilSettledOrSignal(
  work: Promise<void>,
  signals: NodeJS.Signals[],
): Promise<NodeJS.Signals | undefined> {
  let on: (s: NodeJS.Signals) => void = () => {};
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    on = resolve;
  });
  for (const s of signals) process.on(s, on);
  try {
    return await Promise.race([work.then(() => undefined), signalled]);
  } finally {
    for (const s of signals) process.off(s, on);
  }
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, done);
  });
}

interface BrowseFlags {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  allNamespaces?: boolean;
  readonly?: boolean;
  write?: boolean;
  logLines?: number;
  /** On the built-in cluster: its kubeconfig is kdeck's own, not the one the config names. */
  demo?: boolean;
}

async function browse(f: BrowseFlags): Promise<number> {
  const [{ KubeSource }, { ConfigError }, { runUi }, { createTerminalLender }, { loadSettings }] =
    await Promise.all([
      import('./kube/cluster-source.js'),
      import('./kube/connect/kubeconfig.js'),
      import('./ui/run.js'),
      import('./ui/terminal-lender.js'),
      import('./ui/settings.js'),
    ]);
  // A config file kdeck cannot use is said, one line a problem, and kdeck goes on without it
  // (said once the kubeconfig is read: a context of the file it does not have is one).
  const settings = loadSettings({ readonly: f.readonly, write: f.write });
  const sayProblems = () => {
    for (const p of settings.problems) process.stderr.write(`kdeck: ${p}\n`);
  };
  // One lender for both sides: an exec plugin's login gets the terminal the screen gives up.
  const terminal = createTerminalLender();
  let source: ReturnType<typeof KubeSource.connect>;
  try {
    source = KubeSource.connect(
      {
        kubeconfig: f.kubeconfig,
        context: f.context,
        cluster: f.cluster,
        user: f.user,
        namespace: f.namespace,
      },
      {},
      { terminal },
    );
  } catch (e) {
    sayProblems();
    if (e instanceof ConfigError) {
      process.stderr.write(`kdeck: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  // The demo's kubeconfig has none of the user's contexts: saying so each time would be noise.
  if (!f.demo) settings.checkContexts(source.contexts().map((c) => c.name));
  sayProblems();
  // No terminal, or one that cannot move the cursor, gets one line and is left as it was,
  // before an exec plugin's login can write to it (a kubeconfig kubectl would refuse is said
  // first). No TTY is said first: `ssh host kdeck` without -t has neither a TTY nor a TERM,
  // and setting TERM would not help.
  const refusal =
    !process.stdin.isTTY || !process.stdout.isTTY
      ? 'kdeck: needs a terminal (stdin and stdout are not both a TTY)\n'
      : cannotDraw();
  if (refusal) {
    source.close();
    process.stderr.write(refusal);
    return 2;
  }
  // A plugin that may ask the user something asks on the plain terminal, before the screen.
  // SIGTERM or a hang-up meanwhile ends kdeck and the plugin with it.
  const signal = await untilSettledOrSignal(source.credentialsFirst(), ['SIGTERM', 'SIGHUP']);
  if (signal) {
    source.close();
    return signal === 'SIGTERM' ? 143 : 129;
  }
  const flagNamespace = f.allNamespaces ? null : f.namespace;
  return runUi(source, settings.startView(source.info, flagNamespace), {
    settings,
    logLines: f.logLines,
    terminal,
  });
}

async function runDemo(f: BrowseFlags): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'kdeck-demo-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const { startSimulatedCluster } = await import('./sim/index.js');
  const sim = await startSimulatedCluster({ kubeconfigPath: kubeconfig });
  try {
    return await browse({
      ...f,
      kubeconfig,
      context: undefined,
      cluster: undefined,
      user: undefined,
      demo: true,
    });
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    if (argv[0] === 'sim') return await runSim(argv.slice(1));
    const { values } = parseArgs({
      args: argv,
      options: {
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        cluster: { type: 'string' },
        user: { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        'all-namespaces': { type: 'boolean', short: 'A' },
        readonly: { type: 'boolean' },
        write: { type: 'boolean' },
        'log-lines': { type: 'string' },
        demo: { type: 'boolean' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (values.version) {
      process.stdout.write(`kdeck ${VERSION}\n`);
      return 0;
    }
    const flags = {
      kubeconfig: values.kubeconfig,
      context: values.context,
      cluster: values.cluster,
      user: values.user,
      namespace: values.namespace,
      allNamespaces: values['all-namespaces'],
      readonly: values.readonly,
      write: values.write,
      logLines: values['log-lines'] === undefined ? undefined : logLinesFlag(values['log-lines']),
    };
    return values.demo ? await runDemo(flags) : await browse(flags);
  } catch (err) {
    if (
      err instanceof UsageError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      // One line: what is wrong, and where usage is.
      process.stderr.write(`kdeck: ${(err as Error).message} (kdeck --help for usage)\n`);
      return 2;
    }
    process.stderr.write(`kdeck: ${(err as Error).message ?? err}\n`);
    return 1;
  }
}
