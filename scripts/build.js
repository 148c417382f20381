// Bundles kdeck into one self-contained file, dist/kdeck.js: the jump-host install is
// `node kdeck.js` with no node_modules beside it.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { k8sProtoFile } from './k8s-proto.ts';

const pkg = JSON.parse(
  await import('node:fs').then((fs) => fs.readFileSync('package.json', 'utf8')),
);

// The simulator decodes kubectl's protobuf requests with k8s.io/api's schema, fetched with Go
// and bundled. Without it kdeck still builds; the simulator then refuses protobuf with a 415.
let k8sProto = 'undefined';
try {
  k8sProto = readFileSync(k8sProtoFile(), 'utf8');
} catch (e) {
  console.warn(`build: no Kubernetes protobuf schema for the simulator: ${e.message}`);
}

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/kdeck.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  define: {
    'process.env.NODE_ENV': '"production"',
    KDECK_VERSION: JSON.stringify(pkg.version),
    KDECK_K8S_PROTO: k8sProto,
  },
  // Ink loads react-devtools-core only when DEV=true; it is not a dependency of ours.
  // restore-cursor writes to stderr even when stderr is a file (see the stand-in).
  alias: {
    'react-devtools-core': './scripts/react-devtools-stub.js',
    'restore-cursor': './scripts/restore-cursor.js',
  },
  // Some bundled dependencies are CommonJS and call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __kdeckCreateRequire } from 'node:module'; const require = __kdeckCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
