// Every string the widget shows, per language: no other module holds text
// a reader sees. A page picks one with `lang` (data-lang), else by its
// <html lang>; anything else gets zh-CN.
export const STRINGS = {
  'zh-CN': {
    button: '搜索', placeholder: '搜索文章', label: '站内搜索', cancel: '取消', clear: '清除输入',
    loading: '正在加载索引…', searching: '正在搜索…',
    count: (shown, total) => '显示 ' + shown + ' / 共 ' + total + ' 篇',
    none: (q) => '没有找到“' + q + '”',
    partial: '没有同时包含所有词的结果，以下是部分匹配。', more: '显示更多', all: '← 全部结果', inPage: (n) => '本页还有 ' + n + ' 处匹配', results: '搜索结果',
    select: '选择', open: '打开', missing: '缺少：',
    failed: '搜索暂时不可用，请稍后再试。',
    failedFile: '以文件打开的页面无法搜索，请通过网址访问。',
    corrected: (query) => '显示 ' + query + ' 的结果。',
    truncated: '查询太长，后面的部分没有搜索：',
    onlyExcluded: '只用了排除词：请再加一个要找的词。',
    syntax: '"词组" 精确 · -词 排除 · A OR B 任一',
    help: '换个说法，或少输几个词。',
    tryCorrected: (query) => '试试：' + query,
    clearFilters: '清除筛选',
    filters: { tags: '标签', categories: '分类' }, filtersLabel: '筛选',
    sort: '排序', relevance: '相关度', date: '最新',
    recent: '最近搜索', remove: (what) => '删除“' + what + '”'
  },
  'zh-TW': {
    button: '搜尋', placeholder: '搜尋文章', label: '站內搜尋', cancel: '取消', clear: '清除輸入',
    loading: '正在載入索引…', searching: '正在搜尋…',
    count: (shown, total) => '顯示 ' + shown + ' / 共 ' + total + ' 篇',
    none: (q) => '沒有找到「' + q + '」',
    partial: '沒有同時包含所有詞的結果，以下是部分符合。', more: '顯示更多', all: '← 全部結果', inPage: (n) => '本頁還有 ' + n + ' 處符合', results: '搜尋結果',
    select: '選擇', open: '開啟', missing: '缺少：',
    failed: '搜尋暫時無法使用，請稍後再試。',
    failedFile: '以檔案開啟的頁面無法搜尋，請透過網址瀏覽。',
    corrected: (query) => '顯示 ' + query + ' 的結果。',
    truncated: '查詢太長，後面的部分沒有搜尋：',
    onlyExcluded: '只用了排除詞：請再加一個要找的詞。',
    syntax: '"詞組" 精確 · -詞 排除 · A OR B 任一',
    help: '換個說法，或少輸入幾個詞。',
    tryCorrected: (query) => '試試：' + query,
    clearFilters: '清除篩選',
    filters: { tags: '標籤', categories: '分類' }, filtersLabel: '篩選',
    sort: '排序', relevance: '相關度', date: '最新',
    recent: '最近搜尋', remove: (what) => '刪除「' + what + '」'
  },
  en: {
    button: 'Search', placeholder: 'Search posts', label: 'Site search', cancel: 'Cancel', clear: 'Clear',
    loading: 'Loading the index…', searching: 'Searching…',
    count: (shown, total) => 'Showing ' + shown + ' of ' + total + (total > 1 ? ' posts' : ' post'),
    none: (q) => 'No results for “' + q + '”',
    partial: 'No result has every word; these have some of them.', more: 'Show more', all: '← All results', inPage: (n) => n + ' more in this page', results: 'Search results',
    select: 'select', open: 'open', missing: 'Missing: ',
    failed: 'Search is not available right now. Please try again later.',
    failedFile: 'Search needs the site opened by its web address, not as a file.',
    corrected: (query) => 'Showing results for ' + query + '.',
    truncated: 'The query is too long; not searched: ',
    onlyExcluded: 'Only words to exclude: add a word to search for.',
    syntax: '"phrase" exact · -word exclude · A OR B either',
    help: 'Try other words, or fewer of them.',
    tryCorrected: (query) => 'Try: ' + query,
    clearFilters: 'Clear filters',
    filters: { tags: 'Tags', categories: 'Categories' }, filtersLabel: 'Filters',
    sort: 'Sort', relevance: 'Relevance', date: 'Newest',
    recent: 'Recent searches', remove: (what) => 'Remove “' + what + '”'
  }
};

/** The language for `lang`, else the page's <html lang>: zh-TW, zh-HK and
 * zh-Hant get zh-TW; other zh, zh-CN; en*, en; anything else zh-CN. */
export function pickLang(lang) {
  const asked = String(lang || document.documentElement.lang || '').toLowerCase();
  if (/^zh-(tw|hk|mo|hant)/.test(asked)) return 'zh-TW';
  if (/^en\b/.test(asked)) return 'en';
  return 'zh-CN';
}
