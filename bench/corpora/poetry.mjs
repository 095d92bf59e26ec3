// The chinese-poetry npm package as a blog: one Markdown post per poet and
// collection, each poem a `##` section. Used by bench/scale.mjs.
//
//   node bench/corpora/poetry.mjs <package dir> <out dir>
//
// The package is fetched from the npm registry by scale.mjs (`npm pack
// chinese-poetry@2.0.1`). Its lists of authors, rankings, tone patterns,
// corrections (`error/`) and the second edition of the Tang poems
// (`yudingquantangshi`, the same poems again) are left out.
import { readdirSync, readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const [pkg, out] = process.argv.slice(2);
if (!pkg || !out) {
  console.error('usage: node bench/corpora/poetry.mjs <package dir> <out dir>');
  process.exit(2);
}
const dist = join(pkg, 'dist');
const skip = /(^|\/)(error|strains|rank|yudingquantangshi)(\/|$)|(^|\/)authors?\.[^/]*$/;

const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const rel = relative(dist, path);
    if (skip.test(rel)) continue;
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.json')) files.push(rel);
  }
})(dist);

// All the strings of a field, however deeply it nests them.
const lines = (v) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(lines) : []);

// Poems by (collection, author), in file order.
const posts = new Map();
let poems = 0, chars = 0;
for (const rel of files) {
  const collection = rel.split('/')[0];
  let data = JSON.parse(readFileSync(join(dist, rel), 'utf8'));
  if (!Array.isArray(data)) data = [data];
  for (const p of data) {
    if (!p || typeof p !== 'object') continue;
    const text = lines(p.paragraphs ?? p.content ?? p.para ?? []);
    if (text.length === 0) continue;
    const title = String(p.title ?? p.rhythmic ?? p.chapter ?? p.section ?? '无题').trim() || '无题';
    const author = String(p.author ?? '').trim() || '佚名';
    const key = collection + '\u0000' + author;
    if (!posts.has(key)) posts.set(key, { collection, author, poems: [] });
    posts.get(key).poems.push({ title, text });
    poems += 1;
    chars += text.reduce((n, l) => n + l.length, 0);
  }
}

mkdirSync(out, { recursive: true });
let n = 0;
for (const { collection, author, poems: list } of posts.values()) {
  const slug = `${collection}-${String(n).padStart(5, '0')}`;
  const body = list.map((p) => `## ${p.title.replace(/\s+/g, ' ')}\n\n${p.text.join('\n\n')}\n`).join('\n');
  const front = `---\ntitle: ${JSON.stringify(`${author} · ${collection}`)}\nslug: ${slug}\ntags: [${JSON.stringify(collection)}]\n---\n\n`;
  writeFileSync(join(out, slug + '.md'), front + body);
  n += 1;
}
console.log(JSON.stringify({ files: files.length, posts: n, poems, chars }));
