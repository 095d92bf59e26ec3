// A self-signed certificate for 127.0.0.1, made once with openssl, for the
// benchmarks that serve over HTTPS (HTTP/2 needs TLS in browsers), and its
// key's hash for Chromium's --ignore-certificate-errors-spki-list (with
// which responses are still cached, unlike with errors merely ignored).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createHash, X509Certificate } from 'node:crypto';
import { join } from 'node:path';

/** { key, cert, spki }, kept in `dir`. */
export function certificate(dir) {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(cert)) {
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '3650', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl could not make a certificate: ${r.stderr || r.error}`);
  }
  const pem = readFileSync(cert);
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return { key: readFileSync(key), cert: pem, spki: createHash('sha256').update(spki).digest('base64') };
}
