/**
 * The Node side of who may call a server: which Host names a listening server accepts, and the warning for one
 * that listens beyond loopback. The policy itself is request-only and lives with the pipeline
 * (src/pipeline/access.ts); createHttpServer (http.ts) applies it before any handler runs.
 */
import { networkInterfaces } from 'node:os';
import { bare, isLoopbackHost } from '../pipeline/access.ts';

export { type AccessPolicy, checkAccess, isLoopbackHost, type Refusal } from '../pipeline/access.ts';

/** An address that stands for every interface: listening on it names no host a request could use. */
const isWildcardHost = (host: string): boolean => ['0.0.0.0', '::', '[::]', ''].includes(host);

/**
 * The Host names a server accepts besides loopback ones: the address it listens on (for a wildcard, this machine's
 * own addresses: an IP address in Host is no DNS-rebinding vector), and the names given with --allowed-host.
 */
export function acceptedHosts(listenHost: string, allowedHosts: readonly string[] = []): string[] {
  const own = isLoopbackHost(listenHost) ? [] : isWildcardHost(listenHost) ? interfaceAddresses() : [bare(listenHost)];
  return [...new Set([...own, ...allowedHosts.map(bare)])];
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((addresses) => (addresses ?? []).map((a) => bare(a.address.replace(/%.*$/, ''))));
}

/** What to tell the user who asked a server to listen beyond loopback, or undefined for loopback. */
export function listenWarning(name: string, listenHost: string): string | undefined {
  if (isLoopbackHost(listenHost)) return undefined;
  return `${name}: warning: listening on ${listenHost}: other machines can reach this server. It answers requests addressed to ${isWildcardHost(listenHost) ? "this machine's addresses" : listenHost} or a loopback name; give other host names with --allowed-host.`;
}
