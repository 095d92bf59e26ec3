// The demo page: a search box over the demo blog, built on xun.open().
(function () {
  'use strict';
  var input = document.getElementById('q');
  var list = document.getElementById('results');
  var status = document.getElementById('status');
  var engine = null;
  var selected = -1;
  var latest = 0;
  var timer = 0;

  function links() { return list.querySelectorAll('a.hit'); }

  function select(i) {
    var all = links();
    if (!all.length) { selected = -1; return; }
    selected = (i + all.length) % all.length;
    all.forEach(function (a, k) {
      a.setAttribute('aria-selected', k === selected ? 'true' : 'false');
    });
    all[selected].scrollIntoView({ block: 'nearest' });
    input.setAttribute('aria-activedescendant', all[selected].id);
  }

  // Titles and headings are plain text; only the excerpt is HTML, escaped
  // by the engine with nothing but <mark> added.
  function hitLink(url, text, excerpt, id) {
    var a = document.createElement('a');
    a.className = 'hit';
    a.href = url;
    a.id = id;
    a.setAttribute('role', 'option');
    var title = document.createElement('span');
    title.className = 'hit-title';
    title.textContent = text;
    a.appendChild(title);
    if (excerpt) {
      var p = document.createElement('span');
      p.className = 'excerpt';
      p.innerHTML = excerpt;
      a.appendChild(p);
    }
    return a;
  }

  function render(res) {
    list.textContent = '';
    selected = -1;
    var n = 0;
    res.hits.forEach(function (page) {
      var li = document.createElement('li');
      var h = document.createElement('h2');
      h.textContent = page.title;
      if (page.date) {
        var t = document.createElement('time');
        t.textContent = page.date;
        h.appendChild(t);
      }
      li.appendChild(h);
      page.sections.forEach(function (s) {
        li.appendChild(hitLink(s.url, s.heading || page.title, s.excerpt, 'hit-' + n++));
      });
      list.appendChild(li);
    });
    input.setAttribute('aria-expanded', res.hits.length ? 'true' : 'false');
    if (!res.hits.length) {
      status.textContent = '没有找到“' + res.query + '”';
    } else if (res.partial) {
      status.textContent = '没有同时包含所有词的结果，以下为部分匹配（' + res.total + ' 篇）';
    } else {
      status.textContent = '找到 ' + res.total + ' 篇文章';
    }
    if (n) select(0);
  }

  async function run() {
    var q = input.value.trim();
    var ticket = ++latest;
    if (!q) {
      list.textContent = '';
      status.textContent = '';
      input.setAttribute('aria-expanded', 'false');
      return;
    }
    var res = await engine.search(q, { group: 'page', limit: 10, sectionsPerPage: 3 });
    if (ticket === latest) render(res);
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (engine) run().catch(showError);
    }, 60);
  });

  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown') { select(selected + 1); e.preventDefault(); }
    else if (e.key === 'ArrowUp') { select(selected - 1); e.preventDefault(); }
    else if (e.key === 'Enter') {
      var all = links();
      if (all.length) location.href = all[Math.max(selected, 0)].href;
      e.preventDefault();
    }
  });

  function showError(e) {
    status.textContent = '搜索出错：' + e.message;
    window.__xunError = e.message;
  }

  window.xun.open({ index: 'search/' }).then(function (e) {
    engine = e;
    var stats = e.stats;
    status.textContent = '已加载 ' + stats.pages + ' 篇文章、' + stats.sections + ' 个章节的索引';
    document.documentElement.dataset.xunReady = 'true';
    var q = new URLSearchParams(location.search).get('q');
    if (q) { input.value = q; run().catch(showError); }
    else if (input.value) run().catch(showError);
  }, showError);
})();
