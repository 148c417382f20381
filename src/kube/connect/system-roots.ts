// The roots kubectl trusts when the kubeconfig names no CA: Go's crypto/x509 uses the host's
// store, not a bundled list. Node trusts its own copy of Mozilla's list by default, so a
// private CA a company installs in the OS store (SSL_CERT_FILE, /etc/ssl/certs) would fail
// in kdeck where kubectl connects. Set once for the process, before the first connection, so
// that every request, watch, log stream, WebSocket and proxy tunnel trusts the same roots.
// Only when a cluster names no CA: reading the store takes a noticeable moment at start.

import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import tls from 'node:tls';

// Go's lists for Linux (crypto/x509/root_linux.go): the first bundle file that exists, then
// every file in each directory.
const CERT_FILES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];
const CERT_DIRS = ['/etc/ssl/certs', '/etc/pki/tls/certs'];

const BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The PEM certificates Go would load on Linux, given the environment. */
export function goUnixRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  const pems: string[] = [];
  const add = (file: string): boolean => {
    try {
      pems.push(...(readFileSync(file, 'latin1').match(BLOCK) ?? []));
      return true;
    } catch {
      return false;
    }
  };
  // SSL_CERT_FILE replaces the list of bundle files, SSL_CERT_DIR the list of directories.
  const files = env.SSL_CERT_FILE ? [env.SSL_CERT_FILE] : CERT_FILES;
  files.some(add);
  const dirs = env.SSL_CERT_DIR ? env.SSL_CERT_DIR.split(':') : CERT_DIRS;
  for (const dir of dirs) {
    let names: string[];
    let real: string;
    try {
      names = readdirSync(dir);
      real = realpathSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const file = join(dir, name);
      // As Go does: skip a link to another file of the same directory (c_rehash's hash
      // names), which would only load the same certificate again.
      if (linksWithin(file, real)) continue;
      add(file);
    }
  }
  return pems;
}

function linksWithin(file: string, realDir: string): boolean {
  try {
    const target = realpathSync(file);
    return target !== file && dirname(target) === realDir;
  } catch {
    return false;
  }
}

let done = false;

/** Makes the host's roots, as Go finds them, Node's default CA list. Does it once. */
export function trustSystemRoots(): void {
  if (done) return;
  done = true;
  const roots =
    process.platform === 'darwin' || process.platform === 'win32'
      ? // Go asks the platform's verifier there; Node reads the same keychain / store.
        tls.getCACertificates('system')
      : goUnixRoots();
  // A host with no store at all (a bare container without ca-certificates): kubectl could not
  // verify any server there, so keeping Node's bundled list makes kdeck trust no less than
  // kubectl anywhere, and only more where kubectl fails regardless.
  if (roots.length === 0) return;
  try {
    tls.setDefaultCACertificates(roots);
  } catch {
    // One block that does not parse fails the whole list; Go skips such a block.
    tls.setDefaultCACertificates(roots.filter(parses));
  }
}

function parses(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}
