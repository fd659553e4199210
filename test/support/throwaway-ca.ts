import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A CA made for one test, and a server certificate it signed for localhost and 127.0.0.1. */
export interface ThrowawayCa {
  /** PEM file of the CA certificate: what clients trust. */
  caFile: string;
  /** PEM files of the server certificate and its private key. */
  serverCertFile: string;
  serverKeyFile: string;
  /** Removes every file. */
  remove(): Promise<void>;
}

/**
 * Makes a throw-away PKI with the openssl command line (Debian's, on every machine of this kind):
 * an EC P-256 CA valid for a day and a server certificate with the names tests connect to.
 */
export async function throwawayCa(name = 'Edgeplane test CA'): Promise<ThrowawayCa> {
  const dir = await mkdtemp(join(tmpdir(), 'edgeplane-pki-'));
  const file = (base: string) => join(dir, base);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', ['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '1', '-subj', `/CN=${name}`]);
  await run('openssl', ['req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=localhost']);
  await writeFile(file('server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  await run('openssl', [
    'x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial',
    '-out', file('server.pem'), '-days', '1', '-extfile', file('server.ext'),
  ]);
  // Mosquitto started as root drops to its own user before it reads its certificates: they must be
  // readable by others. A throw-away key for one test, in a directory of its own, may be.
  await chmod(dir, 0o755);
  await Promise.all(['ca.pem', 'server.pem', 'server.key'].map((base) => chmod(file(base), 0o644)));
  return {
    caFile: file('ca.pem'),
    serverCertFile: file('server.pem'),
    serverKeyFile: file('server.key'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
