// The wasm runtime, loaded in one way by the page and by the worker: the
// module (xun_wasm_bg.wasm) is fetched while its glue (xun_wasm.js, which
// defines __xun_wasm) loads, both from beside xun.js (`base`); an offline
// page carries the module inline.
import { XunError } from './errors.js';
import { base64Bytes } from './fetch.js';

/* global __xun_wasm */
export async function loadWasm(base) {
  const inline = self.XUN_OFFLINE && self.XUN_OFFLINE.wasm;
  const module = inline ? null : fetch(new URL('xun_wasm_bg.wasm', base));
  if (module) module.catch(() => {});
  if (typeof __xun_wasm === 'undefined') await glue(new URL('xun_wasm.js', base).href);
  if (inline) __xun_wasm.initSync({ module: base64Bytes(inline) });
  else await __xun_wasm({ module_or_path: module });
  return __xun_wasm;
}

// The glue: a <script> on the page; imported by the worker, once the
// caller has sent its own requests (importScripts blocks).
function glue(url) {
  if (typeof document === 'undefined') return Promise.resolve().then(() => importScripts(url));
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = url;
    s.onload = resolve;
    s.onerror = () => { reject(XunError('could not load ' + url)); };
    document.head.appendChild(s);
  });
}
