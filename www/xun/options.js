// engine.search's options, checked: a bad one rejects with a XunError that
// names it (code "options", option "limit"…), never coerced in silence.
import { XunError } from './errors.js';

// The engine's own limits (src/search/mod.rs: MAX_LIMIT, DEFAULT_LIMIT;
// src/search/load.rs: MAX_QUERY_CHARS).
export const MAX_LIMIT = 200;
export const MAX_QUERY_CHARS = 128;
export const DEFAULTS = { limit: 20, offset: 0, group: 'section', sectionsPerPage: 3, sort: 'relevance' };

// An option given as a string (data-*) or a value (xun.mount) that turns
// a feature off.
export const off = (v) => v === false || v === 'false' || v === 'off';

function bad(option, message) {
  return XunError(option + ' ' + message, { code: 'options', option });
}

function integer(options, name, min) {
  const v = options[name];
  if (v == null) return DEFAULTS[name];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw bad(name, 'must be an integer of at least ' + min + ', not ' + JSON.stringify(v));
  }
  return v;
}

function oneOf(options, name, allowed) {
  const v = options[name];
  if (v == null) return DEFAULTS[name];
  if (allowed.indexOf(v) < 0) throw bad(name, 'must be "' + allowed.join('" or "') + '", not ' + JSON.stringify(v));
  return v;
}

function filtersOf(v) {
  if (v == null) return undefined;
  const shape = 'must be an object of string arrays, such as {tags: ["阿里云"]}';
  if (typeof v !== 'object' || Array.isArray(v)) throw bad('filters', shape);
  const out = {};
  for (const key of Object.keys(v)) {
    const values = v[key];
    if (!Array.isArray(values) || values.some((s) => typeof s !== 'string')) throw bad('filters', shape + ': ' + key);
    if (values.length) out[key] = values.slice();
  }
  return Object.keys(out).length ? out : undefined;
}

// Only the sections of one page: a hit's page_url.
function pageOf(v) {
  if (v != null && typeof v !== 'string') throw bad('page', 'must be a page_url string, not ' + JSON.stringify(v));
  return v == null ? undefined : v;
}

/** The checked options, with their defaults; throws a XunError. */
export function searchOptions(options) {
  options = options || {};
  if (typeof options !== 'object') throw bad('options', 'must be an object');
  return {
    // Above the engine's cap, the cap: documented, not a coercion.
    limit: Math.min(integer(options, 'limit', 1), MAX_LIMIT),
    offset: integer(options, 'offset', 0),
    group: oneOf(options, 'group', ['section', 'page']),
    sectionsPerPage: integer(options, 'sectionsPerPage', 1),
    filters: filtersOf(options.filters),
    sort: oneOf(options, 'sort', ['relevance', 'date']),
    page: pageOf(options.page),
    signal: options.signal
  };
}
