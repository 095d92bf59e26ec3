// Bytes over HTTP, with errors that name the URL.
import { XunError } from './errors.js';

export async function fetchBytes(url, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    throw XunError('could not fetch ' + url, e);
  }
  if (!response.ok) throw XunError(url + ': HTTP ' + response.status);
  return new Uint8Array(await response.arrayBuffer());
}

// The manifest, revalidated so that a rebuilt index is seen at once; the
// other files carry its build id and are checked against it.
export function fetchMeta(base) {
  return fetchBytes(new URL('meta.xun', base), { cache: 'no-cache' });
}

export function base64Bytes(text) {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
