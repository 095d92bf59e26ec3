// engine.search's options, with their defaults.
export function searchOptions(options) {
  options = options || {};
  const group = options.group || 'section';
  if (group !== 'section' && group !== 'page') throw new TypeError('xun: group must be "section" or "page"');
  const num = (v, d) => (v == null ? d : Number(v));
  return { limit: num(options.limit, 20), offset: num(options.offset, 0), group, sectionsPerPage: num(options.sectionsPerPage, 3), signal: options.signal };
}
