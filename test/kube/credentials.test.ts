// What each kind of kubeconfig user puts on a request, and when it is asked for again: a
// token file each minute and after a 401 (client-go's cached file token source), an OIDC
// id-token through client-node, impersonation headers, the providers kubectl removed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialsFor } from '../../src/kube/connect/credentials.js';
import {
  ConfigError,
  type LoadedConfig,
  type UserFields,
} from '../../src/kube/connect/kubeconfig.js';

const dir = mkdtempSync(join(tmpdir(), 'kdeck-credentials-'));

function config(user: UserFields): LoadedConfig {
  return {
    files: [],
    context: 'c',
    cluster: 'c',
    user: 'me',
    server: 'https://127.0.0.1:6443',
    namespace: 'default',
    readonly: false,
    clusterFields: { server: 'https://127.0.0.1:6443' },
    userFields: user,
    contexts: [],
  };
}

describe('a token file', () => {
  it('is read again after a minute, and at once after a 401 when the file changed', async () => {
    const file = join(dir, 'token');
    writeFileSync(file, 'one\n');
    let now = 0;
    const creds = credentialsFor(config({ tokenFile: file }), { now: () => now });
    const first = await creds.get();
    expect(first.headers.Authorization).toBe('Bearer one');
    writeFileSync(file, 'two\n');
    now = 59_000;
    expect((await creds.get()).headers.Authorization).toBe('Bearer one');
    now = 60_000;
    expect((await creds.get()).headers.Authorization).toBe('Bearer two');
    // A 401 with the token now in the file: nothing new to try.
    const second = await creds.get();
    expect(creds.rejected(second)).toBe(false);
    // Rotated on disk, then refused: tried again with the new one before the minute is out.
    writeFileSync(file, 'three\n');
    expect(creds.rejected(second)).toBe(true);
    expect((await creds.get()).headers.Authorization).toBe('Bearer three');
  });

  it('that cannot be read is a configuration error, as kubectl says at start', () => {
    expect(() => credentialsFor(config({ tokenFile: join(dir, 'missing') }))).toThrow(ConfigError);
  });

  it('loses to a token given beside it, which is then not read at all (clientcmd)', async () => {
    const creds = credentialsFor(config({ token: 'given', tokenFile: join(dir, 'missing') }));
    expect((await creds.get()).headers.Authorization).toBe('Bearer given');
  });
});

describe('other users', () => {
  it('username and password: basic auth', async () => {
    const creds = credentialsFor(config({ username: 'admin', password: 's3cret' }));
    expect((await creds.get()).headers.Authorization).toBe(
      `Basic ${Buffer.from('admin:s3cret').toString('base64')}`,
    );
  });

  it('client certificate and key data: for the TLS handshake', async () => {
    const cert = '-----BEGIN CERTIFICATE-----\nQ0VSVA==\n-----END CERTIFICATE-----\n';
    const key = '-----BEGIN PRIVATE KEY-----\nS0VZ\n-----END PRIVATE KEY-----\n';
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const creds = credentialsFor(
      config({ 'client-certificate-data': b64(cert), 'client-key-data': b64(key) }),
    );
    const auth = await creds.get();
    expect([auth.cert, auth.key, auth.headers.Authorization]).toEqual([cert, key, undefined]);
  });

  it('impersonation: the Impersonate-* headers client-go sends', async () => {
    const creds = credentialsFor(
      config({
        token: 't',
        as: 'jane',
        'as-uid': '42',
        'as-groups': ['dev', 'ops'],
        'as-user-extra': { 'acme.com/team': ['a'] },
      }),
    );
    expect((await creds.get()).headers).toEqual({
      Authorization: 'Bearer t',
      'Impersonate-User': 'jane',
      'Impersonate-Uid': '42',
      'Impersonate-Group': ['dev', 'ops'],
      'Impersonate-Extra-acme.com%2Fteam': ['a'],
    });
  });

  it('auth-provider oidc: its id-token while it has not expired (client-node)', async () => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const idToken = `${part({ alg: 'none' })}.${part({ exp: Date.now() / 1000 + 3600 })}.sig`;
    const creds = credentialsFor(
      config({
        'auth-provider': {
          name: 'oidc',
          config: { 'client-id': 'kubernetes', 'id-token': idToken, 'idp-issuer-url': 'https://x' },
        },
      }),
    );
    expect((await creds.get()).headers.Authorization).toBe(`Bearer ${idToken}`);
  });

  it('auth-provider gcp or azure: refused with the plugin to use instead, as kubectl does', () => {
    expect(() => credentialsFor(config({ 'auth-provider': { name: 'gcp' } }))).toThrow(
      /gke-gcloud-auth-plugin/,
    );
    expect(() => credentialsFor(config({ 'auth-provider': { name: 'azure' } }))).toThrow(
      /kubelogin/,
    );
  });

  it('nothing at all: no credentials (system:anonymous to the server)', async () => {
    expect((await credentialsFor(config({})).get()).headers).toEqual({});
  });
});
