// The Kubernetes protobuf schema that the simulator decodes kubectl's requests with: the
// generated.proto files of k8s.io/api and k8s.io/apimachinery, fetched through the Go module
// proxy by `go mod download`, turned into one JSON descriptor and cached by version under
// ${XDG_CACHE_HOME:-~/.cache}/kdeck/proto/. scripts/build.js bundles it into dist/kdeck.js.
//
//   node scripts/k8s-proto.ts     prints the descriptor's path (making it if needed)
//
// Besides the messages, the descriptor says per message which fields Go's JSON leaves out
// when zero (non-pointer, omitempty, read from the modules' Go structs): Kubernetes writes
// every non-pointer field in protobuf, so a decoded `imagePullPolicy: ""` must read as
// absent, while `replicas: 0` (a pointer) stays.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';
import type { K8sProtoDescriptor } from '../src/sim/protobuf.ts';

/** The modules of Kubernetes 1.36.3, the version scripts/cluster.sh builds. */
export const K8S_API_VERSION = 'v0.36.3';
/** The API groups whose kinds the simulator serves (with what they import). */
const API_PACKAGES = ['core/v1', 'apps/v1', 'authorization/v1'];
/** Bumped when what this script writes changes, so that an old cached file is not read. */
const FORMAT = 1;

/** The cached descriptor's path; makes it first if needed. Throws one line saying why not. */
export function k8sProtoFile(): string {
  const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kdeck', 'proto');
  const file = join(dir, `k8s-api-${K8S_API_VERSION}-${FORMAT}.json`);
  if (existsSync(file)) return file;
  const modules = download();
  const descriptor = describe(modules['k8s.io/api'], modules['k8s.io/apimachinery']);
  mkdirSync(dir, { recursive: true });
  // Written aside and renamed: a build and a test may make it at the same time.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(descriptor));
  renameSync(tmp, file);
  return file;
}

/** `go mod download` of both modules: their folders in the module cache. */
function download(): Record<string, string> {
  const mods = ['k8s.io/api', 'k8s.io/apimachinery'].map((m) => `${m}@${K8S_API_VERSION}`);
  let out: string;
  try {
    out = execFileSync('go', ['mod', 'download', '-json', ...mods], {
      cwd: tmpdir(),
      env: { ...process.env, GOTOOLCHAIN: 'local' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (err.code === 'ENOENT')
      throw new Error('Go is not installed (it fetches the .proto files of k8s.io/api)');
    const why = /"Error": "([^"]+)"/.exec(err.stdout ?? '')?.[1] ?? err.stderr?.trim();
    throw new Error(`go mod download ${mods.join(' ')} failed: ${why?.split('\n')[0]}`);
  }
  const dirs: Record<string, string> = {};
  for (const m of out.matchAll(/"Path": "([^"]+)",[\s\S]*?"Dir": "([^"]+)"/g)) dirs[m[1]] = m[2];
  return dirs;
}

function describe(api: string, machinery: string): K8sProtoDescriptor {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => {
    for (const [prefix, dir] of [
      ['k8s.io/apimachinery/', machinery],
      ['k8s.io/api/', api],
    ]) {
      if (target.startsWith(prefix)) return join(dir, target.slice(prefix.length));
    }
    return target;
  };
  root.loadSync(
    API_PACKAGES.map((p) => `k8s.io/api/${p}/generated.proto`),
    { keepCase: true },
  );
  root.resolveAll();
  const omitZero: Record<string, string[]> = {};
  for (const file of root.files) {
    const pkg = protoPackage(readFileSync(file, 'utf8'));
    for (const [struct, fields] of Object.entries(omitEmptyFields(dirname(file)))) {
      if (root.lookup(`${pkg}.${struct}`)) omitZero[`${pkg}.${struct}`] = fields;
    }
  }
  return {
    version: K8S_API_VERSION,
    proto: root.toJSON({ keepComments: false }) as protobuf.INamespace,
    omitZero,
  };
}

const protoPackage = (text: string) => /^package ([\w.]+);/m.exec(text)?.[1] ?? '';

/** Per Go struct of the package, its non-pointer omitempty fields, by protobuf name. */
function omitEmptyFields(dir: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.go') || name.endsWith('_test.go')) continue;
    let current: string[] | undefined;
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      const start = /^type (\w+) struct \{/.exec(line);
      if (start) {
        current = out[start[1]] = [];
        continue;
      }
      if (line.startsWith('}')) current = undefined;
      if (!current) continue;
      // `Name *Type `json:"name,omitempty" protobuf:"varint,1,opt,name=name"``, or embedded.
      const field = /^\s+(?:\w+\s+)?(\S+)\s+`([^`]*)`/.exec(line);
      const protoName = field && /protobuf:"[^"]*\bname=(\w+)/.exec(field[2])?.[1];
      if (!field || !protoName) continue;
      const opts = (/json:"([^"]*)"/.exec(field[2])?.[1] ?? '').split(',').slice(1);
      if (!field[1].startsWith('*') && (opts.includes('omitempty') || opts.includes('omitzero')))
        current.push(protoName);
    }
  }
  for (const [k, v] of Object.entries(out)) if (!v.length) delete out[k];
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(k8sProtoFile());
  } catch (e) {
    console.error(`k8s-proto: ${(e as Error).message}`);
    process.exit(1);
  }
}
