// The worst case of a query: adversarial queries of up to 128 characters
// (repeats, all-common words, long Latin, long CJK, many prefixes), timed
// warm in headless Chromium through xun.js, with the widget's settings
// (grouped by page, 8 results) and with 200 results by section.
//
//   node bench/adversarial.mjs [rounds, default 5] [--www DIR, default www]
//   (after scripts/build.sh; --www points at another build's demo, to
//   compare two builds in one run)
import { resolve } from 'node:path';
import { serve, browser, repo } from '../tests/e2e/lib.mjs';

const args = process.argv.slice(2);
const wwwAt = args.indexOf('--www');
const www = wwwAt >= 0 ? resolve(args[wwwAt + 1]) : resolve(repo, 'www');
const rounds = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--www') || 5);

const common = '的是了在和有我就不人都一也这上们中来到说要对个以可为会能自己他她里后去过时下没而出还看么那得着多天于心之面用年所现';
const queries = {
  '的 × 64, spaced': '的 '.repeat(64),
  '的 × 128': '的'.repeat(128),
  'common characters, spaced': [...common].join(' ').slice(0, 128),
  'common characters, one run': common.repeat(3).slice(0, 128),
  'long Latin': 'kubernetes docker istio prometheus helm etcd calico flannel ingress service pod node cluster deployment configmap secret volume',
  'long CJK passage': '内容主要来自在里微信群里有关企业实践过程的直播分享下面截取聊天记录的自部分由于提问链接在石墨文档上协作编辑而石墨文档里的内容是无法被搜索引擎检索到的这些问题不整理起来就永远地躺尸在石墨文档了所以就把这些提问的问题汇总到一起方便大家自查',
  'k8s 容器 × 16': 'k8s 容器 '.repeat(16),
  'one-letter prefixes': 'a b c d e f g h i j k l m n o p q r s t u v w x y z '.repeat(3).slice(0, 128),
  'kube × 32': 'kube '.repeat(32),
  'punctuation and digits': '1.2.3-4_5/6+7 '.repeat(10),
};

const server = await serve(www);
const { ctx, page } = await browser();
try {
  await page.goto(server.url + '/demo.css');
  await page.addScriptTag({ url: '/search/xun.js' });
  const settings = {
    'widget (page, 8)': { group: 'page', limit: 8, sectionsPerPage: 3 },
    'sections, 200': { group: 'section', limit: 200 },
  };
  const results = await page.evaluate(async ({ queries, settings, rounds }) => {
    const engine = await xun.open({ index: '/search/' });
    const out = [];
    for (const [name, q] of Object.entries(queries)) {
      for (const [label, options] of Object.entries(settings)) {
        await engine.search(q, options); // load its files
        const times = [];
        let hits = 0;
        for (let r = 0; r < rounds; r++) {
          const t = performance.now();
          const res = await engine.search(q, options);
          times.push(performance.now() - t);
          hits = res.total;
        }
        times.sort((a, b) => a - b);
        out.push({ name, label, median: times[times.length >> 1], max: times[times.length - 1], hits, chars: q.length });
      }
    }
    return out;
  }, { queries, settings, rounds });
  console.log(`adversarial queries, warm, ${rounds} rounds each, through xun.js in headless Chromium (${www})`);
  console.log('| query | chars | settings | total hits | median ms | max ms |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(`| ${r.name} | ${r.chars} | ${r.label} | ${r.hits} | ${r.median.toFixed(1)} | ${r.max.toFixed(1)} |`);
  }
  const worst = results.reduce((a, b) => (b.max > a.max ? b : a));
  console.log(`worst case: ${worst.max.toFixed(1)} ms ("${worst.name}", ${worst.label})`);
} finally {
  await ctx.close();
  await server.close();
}
