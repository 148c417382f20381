// OIDC through client-node's auth provider, in a module of its own: credentials.ts imports it
// when the first request needs a token, so only OIDC users pay for evaluating client-node
// (a tenth of the time from start to the first frame).
import { KubeConfig } from '@kubernetes/client-node';

export interface OidcUser {
  server: string;
  user: string;
  config: Record<string, string>;
}

/** The Authorization header for each request: the provider refreshes the token it keeps. */
export function oidcAuthorization(u: OidcUser): () => Promise<string | undefined> {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: u.server, skipTLSVerify: true }],
    users: [{ name: u.user, authProvider: { name: 'oidc', config: { ...u.config } } }],
    contexts: [{ name: 'c', cluster: 'c', user: u.user }],
    currentContext: 'c',
  });
  return async () => {
    const opts: { headers?: Record<string, string> } = {};
    await kc.applyToHTTPSOptions(opts);
    return opts.headers?.Authorization;
  };
}
