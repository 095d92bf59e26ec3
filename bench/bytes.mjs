// Bytes each query downloads from a cold start, as the browser fetches
// them: for every query, a fresh page with an empty HTTP cache opens the
// index and runs the query once; every file the server sends is counted,
// raw and compressed on its own (gzip -9, brotli 11).
//
//   node bench/bytes.mjs [index dir under www/, default search] [limit]
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { serve, browser, repo } from '../tests/e2e/lib.mjs';

export const QUERIES = ['灰度发布', '容器网络', 'Prometheus告警', 'k8s网络', '服务网格落地', '日志采集方案',
  'kube-proxy', '阿里云', '是一段', 'CI/CD', '易立', '监控报警平台'];

const sizes = new Map();
function size(path) {
  if (!sizes.has(path)) {
    const body = readFileSync(join(repo, 'www', path));
    sizes.set(path, {
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
      brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  return sizes.get(path);
}

function sum(paths) {
  const t = { files: paths.length, raw: 0, gzip: 0, brotli: 0 };
  for (const p of paths) for (const k of ['raw', 'gzip', 'brotli']) t[k] += size(p)[k];
  return t;
}

/** Per query: the runtime, manifest and query files a cold reader fetches. */
export async function coldBytes(indexDir = 'search', limit = 10, queries = QUERIES) {
  const server = await serve(join(repo, 'www'), { headers: { 'cache-control': 'no-store' } });
  const { ctx, page } = await browser();
  const rows = [];
  try {
    for (const q of queries) {
      await page.goto(server.url + '/demo.css');
      server.sent.clear();
      await page.addScriptTag({ url: '/search/xun.js' });
      await page.evaluate(async ({ q, indexDir, limit }) => {
        const engine = await xun.open({ index: '/' + indexDir + '/' });
        window.__opened = true;
        await engine.search(q, { limit });
      }, { q, indexDir, limit });
      const paths = [...server.sent.keys()];
      // The files a query names (d/, p/, r/ and the filter table); the
      // rest (runtime, meta.xun) every query pays once.
      const named = (p) => /\/[dpr]\/\d+\/\d+\.xun$|\/filters\.xun$/.test(p);
      const fixed = paths.filter((p) => !named(p));
      const perQuery = paths.filter(named);
      rows.push({ query: q, fixed: sum(fixed), query_files: sum(perQuery) });
    }
  } finally {
    await ctx.close();
    await server.close();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await coldBytes(process.argv[2] || 'search', Number(process.argv[3] || 10));
  const avg = (k, f) => Math.round(rows.reduce((a, r) => a + r[k][f], 0) / rows.length);
  for (const r of rows) {
    console.log(`${r.query.padEnd(14)} ${String(r.query_files.files).padStart(3)} files  raw ${String(r.query_files.raw).padStart(7)}  gzip ${String(r.query_files.gzip).padStart(6)}  brotli ${String(r.query_files.brotli).padStart(6)}`);
  }
  console.log(`runtime + meta.xun (every query): raw ${avg('fixed', 'raw')}  gzip ${avg('fixed', 'gzip')}  brotli ${avg('fixed', 'brotli')}`);
  console.log(`query files, mean of ${rows.length}: ${avg('query_files', 'files')} files, raw ${avg('query_files', 'raw')}  gzip ${avg('query_files', 'gzip')}  brotli ${avg('query_files', 'brotli')}`);
}
