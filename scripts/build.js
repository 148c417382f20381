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
// It is bundled as a string, parsed when the simulator first needs it: as an object literal,
// every start of kdeck built its 90 KB.
let k8sProto = 'undefined';
try {
  k8sProto = JSON.stringify(readFileSync(k8sProtoFile(), 'utf8'));
} catch (e) {
  console.warn(`build: no Kubernetes protobuf schema for the simulator: ${e.message}`);
}

// Node's `http` as an ES module is a facade whose every export is read when it is imported,
// and reading WebSocket, CloseEvent and MessageEvent loads Node's own undici (with Yoga's fetch
// below, about a twentieth of the time to the first frame). Required as CommonJS, those getters
// run only if something reads them.
const httpByRequire = {
  name: 'http-by-require',
  setup(b) {
    b.onResolve({ filter: /^(node:)?http$/ }, (a) =>
      // The stand-in's own require is of Node's module itself.
      a.namespace === 'required'
        ? { path: 'node:http', external: true }
        : { path: 'node:http', namespace: 'required' },
    );
    b.onLoad({ filter: /.*/, namespace: 'required' }, (a) => ({
      contents: `module.exports = require(${JSON.stringify(a.path)});`,
      loader: 'js',
    }));
  },
};

// Yoga (Ink's layout) inlines its WebAssembly as a data: URL, and its loader hands that URL to
// fetch when there is one: in Node, reading `fetch` loads Node's undici, which then decodes
// 90 KB through fetch's machinery, at every start. The loader's other path decodes it directly;
// an inlined binary takes that path here, as it does in the loader's instantiateStreaming check.
const YOGA_FETCH = 'function ya(){return w||"function"!=typeof fetch?';
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (a) => {
      const source = readFileSync(a.path, 'utf8');
      if (!source.includes(YOGA_FETCH))
        throw new Error(`${a.path}: its loader changed; see yogaWithoutFetch in scripts/build.js`);
      return {
        contents: source.replace(
          YOGA_FETCH,
          'function ya(){return w||ua(H)||"function"!=typeof fetch?',
        ),
        loader: 'js',
      };
    });
  },
};

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
  plugins: [httpByRequire, yogaWithoutFetch],
  logLevel: 'warning',
});
