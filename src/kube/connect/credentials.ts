// Who kdeck is to the API server, worked out from the kubeconfig user as client-go does it
// (clientcmd's getUserIdentificationPartialConfig and transport's round trippers): a token, else
// a token file, else a username and password; client certificates beside them; an exec plugin
// or an auth provider where no token is given; impersonation headers on top. Credentials that
// can change (a token file, a plugin, an OIDC token) are asked for again before each request
// and after a 401.
import { readFileSync } from 'node:fs';
import { ExecPlugin, execClusterOf, type TerminalLender } from './exec-credential.js';
import { ConfigError, type LoadedConfig, openError, type UserFields } from './kubeconfig.js';

/** What one request carries to prove who it is. */
export interface Auth {
  headers: Record<string, string | string[]>;
  /** A client certificate and key (PEM), for the TLS handshake. */
  cert?: string;
  key?: string;
}

export interface Credentials {
  get(): Promise<Auth>;
  /**
   * The server answered 401 to a request made with `used`. True when asking again may give
   * other credentials (a re-read token file, a plugin run again): the request is then tried
   * once more, as client-go does; false when nothing would change.
   */
  rejected(used: Auth): boolean;
  /** Getting them may ask the user something on the terminal (an interactive exec plugin). */
  readonly mayAsk?: boolean;
  /** Stops whatever is running to get them (kdeck is leaving). */
  close?(): void;
}

/** A token file is read again when its token is older than this (client-go: one minute). */
const TOKEN_FILE_PERIOD_MS = 60_000;

export interface CredentialOptions {
  terminal?: TerminalLender;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

export function credentialsFor(cfg: LoadedConfig, o: CredentialOptions = {}): Credentials {
  const u = cfg.userFields;
  validateUser(cfg.user, u);
  const headers = impersonation(u);
  const tls = clientCertificate(cfg.user, u);
  const withBase = (auth: Partial<Auth>): Auth => ({
    ...tls,
    ...auth,
    headers: { ...headers, ...auth.headers },
  });
  // A token in the kubeconfig wins over its tokenFile, which is then not read (clientcmd).
  if (u.token) return fixed(withBase({ headers: { Authorization: `Bearer ${u.token}` } }));
  if (u.tokenFile) return tokenFile(u.tokenFile, withBase, o.now ?? Date.now);
  if (u.username || u.password) {
    const basic = Buffer.from(`${u.username ?? ''}:${u.password ?? ''}`).toString('base64');
    return fixed(withBase({ headers: { Authorization: `Basic ${basic}` } }));
  }
  if (u.exec) return execPlugin(cfg, o, withBase);
  if (u['auth-provider']) return authProvider(cfg, withBase);
  return fixed(withBase({}));
}

/** The kubeconfig user checks kubectl makes before it sends anything, in its words. */
function validateUser(name: string, u: UserFields): void {
  const basic = !!u.username || !!u.password;
  if (u.token && basic)
    throw new ConfigError(
      `more than one authentication method found for ${name}; found [token basicAuth], only one is allowed`,
    );
  if (u.tokenFile && basic)
    throw new ConfigError('username/password or bearer token may be set, but not both');
  // The messages are kubectl's, punctuation and all.
  if (u['client-certificate'] && u['client-certificate-data'])
    throw new ConfigError(
      `client-cert-data and client-cert are both specified for ${name}. client-cert-data will override.`,
    );
  if (u['client-key'] && u['client-key-data'])
    throw new ConfigError(
      `client-key-data and client-key are both specified for ${name}; client-key-data will override`,
    );
  const cert = !!u['client-certificate'] || !!u['client-certificate-data'];
  const key = !!u['client-key'] || !!u['client-key-data'];
  if (cert && !key)
    throw new ConfigError(
      `client-key-data or client-key must be specified for ${name} to use the clientCert authentication method.`,
    );
  if (key && !cert)
    throw new ConfigError(
      `client-certificate-data or client-certificate must be specified for ${name} to use the clientCert authentication method.`,
    );
  if (!u.exec) return;
  if (u['auth-provider'])
    throw new ConfigError(
      `authProvider cannot be provided in combination with an exec plugin for ${name}`,
    );
  if (!u.exec.command)
    throw new ConfigError(
      `command must be specified for ${name} to use exec authentication plugin`,
    );
  if (!u.exec.apiVersion)
    throw new ConfigError(
      `apiVersion must be specified for ${name} to use exec authentication plugin`,
    );
  if (u.exec.apiVersion.endsWith('/v1') && !u.exec.interactiveMode)
    throw new ConfigError(
      `interactiveMode must be specified for ${name} to use exec authentication plugin`,
    );
}

function fixed(auth: Auth): Credentials {
  return { get: async () => auth, rejected: () => false };
}

function tokenFile(
  path: string,
  withBase: (a: Partial<Auth>) => Auth,
  now: () => number,
): Credentials {
  const read = (): Auth => {
    let token: string;
    try {
      token = readFileSync(path, 'utf8').trim();
    } catch (e) {
      throw new ConfigError(openError(path, e));
    }
    return withBase({ headers: { Authorization: `Bearer ${token}` } });
  };
  // Read at start, as kubectl does: a file that cannot be read is a configuration error.
  let auth = read();
  let readAt = now();
  return {
    async get() {
      if (now() - readAt >= TOKEN_FILE_PERIOD_MS) {
        // A file gone for a moment (rotated by rename) keeps the token we have.
        try {
          auth = read();
        } catch {}
        readAt = now();
      }
      return auth;
    },
    rejected(used) {
      try {
        auth = read();
      } catch {
        return false;
      }
      readAt = now();
      return auth.headers.Authorization !== used.headers.Authorization;
    },
  };
}

function execPlugin(
  cfg: LoadedConfig,
  o: CredentialOptions,
  withBase: (a: Partial<Auth>) => Auth,
): Credentials {
  const plugin = new ExecPlugin({
    user: cfg.user,
    exec: cfg.userFields.exec!,
    cluster: execClusterOf(cfg.clusterFields),
    terminal: o.terminal,
    env: o.env,
    now: o.now,
  });
  // Which credential each Auth was made from, to tell the plugin which one was refused.
  const from = new WeakMap<Auth, Awaited<ReturnType<ExecPlugin['get']>>>();
  return {
    async get() {
      const cred = await plugin.get();
      const auth = withBase({
        headers: cred.token ? { Authorization: `Bearer ${cred.token}` } : {},
        ...(cred.clientCertificateData
          ? { cert: cred.clientCertificateData, key: cred.clientKeyData }
          : {}),
      });
      from.set(auth, cred);
      return auth;
    },
    rejected(used) {
      const cred = from.get(used);
      if (!cred) return false;
      plugin.invalidate(cred);
      return true;
    },
    // v1beta1 plugins default to IfAvailable (client-go SetDefaults_ExecConfig).
    mayAsk: cfg.userFields.exec?.interactiveMode !== 'Never' && o.terminal?.available === true,
    close: () => plugin.close(),
  };
}

/** `auth-provider`: OIDC through client-node; the providers kubectl removed, in its words. */
function authProvider(cfg: LoadedConfig, withBase: (a: Partial<Auth>) => Auth): Credentials {
  const p = cfg.userFields['auth-provider']!;
  if (p.name === 'gcp' || p.name === 'azure')
    throw new ConfigError(
      `the ${p.name} auth plugin has been removed; use the "${p.name === 'gcp' ? 'gke-gcloud-auth-plugin' : 'kubelogin'}" credential plugin (an exec entry) instead`,
    );
  if (p.name !== 'oidc') throw new ConfigError(`no Auth Provider found for name "${p.name}"`);
  let authorization: Promise<() => Promise<string | undefined>> | undefined;
  return {
    async get() {
      authorization ??= import('./oidc.js').then((m) =>
        m.oidcAuthorization({ server: cfg.server, user: cfg.user, config: p.config ?? {} }),
      );
      const header = await (await authorization)();
      return withBase({ headers: header ? { Authorization: header } : {} });
    },
    rejected: () => false,
  };
}

function clientCertificate(user: string, u: UserFields): Pick<Auth, 'cert' | 'key'> {
  const read = (what: string, file?: string, data?: string) => {
    if (data) return Buffer.from(data, 'base64').toString('utf8');
    if (!file) return undefined;
    try {
      return readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError(
        `unable to read ${what} ${file} for ${user} due to ${openError(file, e)}`,
      );
    }
  };
  const cert = read('client-cert', u['client-certificate'], u['client-certificate-data']);
  const key = read('client-key', u['client-key'], u['client-key-data']);
  // Go's tls.X509KeyPair looks for PEM blocks first; Node would fail later, on each handshake,
  // in OpenSSL's words, and the table would say "reconnecting" forever.
  if (cert && !PEM.test(cert))
    throw new ConfigError('tls: failed to find any PEM data in certificate input');
  if (key && !PEM.test(key)) throw new ConfigError('tls: failed to find any PEM data in key input');
  return cert ? { cert, key } : {};
}

/** A PEM block's first line. */
export const PEM = /-----BEGIN [A-Z0-9 ]+-----/;

/** kubeconfig `as`, `as-uid`, `as-groups`, `as-user-extra`: client-go's Impersonate-* headers. */
function impersonation(u: UserFields): Record<string, string | string[]> {
  const h: Record<string, string | string[]> = {};
  if (u.as) h['Impersonate-User'] = u.as;
  if (u['as-uid']) h['Impersonate-Uid'] = u['as-uid'];
  if (u['as-groups']?.length) h['Impersonate-Group'] = u['as-groups'];
  for (const [k, v] of Object.entries(u['as-user-extra'] ?? {}))
    h[`Impersonate-Extra-${encodeURIComponent(k)}`] = v;
  return h;
}
