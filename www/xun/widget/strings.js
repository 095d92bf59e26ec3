// Every string the widget shows, per language.
export const STRINGS = {
  'zh-CN': {
    button: '搜索', placeholder: '搜索文章', label: '站内搜索', close: '关闭', loading: '正在加载索引…',
    found: (n) => '找到 ' + n + ' 篇文章',
    none: (q) => '没有找到“' + q + '”',
    partial: '没有同时包含所有词的结果，以下是部分匹配。', more: '显示更多', results: '搜索结果',
    select: '选择', open: '打开', failed: '搜索出错：', missing: '缺少：',
    corrected: (words) => '显示 ' + words + ' 的结果',
    syntax: '"词组" 精确 · -词 排除 · A OR B 任一'
  },
  en: {
    button: 'Search', placeholder: 'Search posts', label: 'Site search', close: 'Close', loading: 'Loading the index…',
    found: (n) => n + (n === 1 ? ' post' : ' posts'),
    none: (q) => 'No results for “' + q + '”',
    partial: 'No result has every word; these have some of them.', more: 'Show more', results: 'Search results',
    select: 'select', open: 'open', failed: 'Search failed: ', missing: 'Missing: ',
    corrected: (words) => 'Showing results for ' + words,
    syntax: '"phrase" exact · -word exclude · A OR B either'
  }
};

/** The table for `lang`, else zh-CN. */
export function pickLang(lang) {
  return STRINGS[lang] ? lang : 'zh-CN';
}
