// The instructions a warm search executes, counted, not timed: the
// reader suite's queries through `xun-query --time` (32 searches
// each, every index file loaded), under callgrind, counting only inside
// the search. Built at the wasm's `opt-level = "z"`, so that the code is
// shaped like the wasm's; the count is the same from run to run, which
// makes a change of a few percent visible where timings in a browser on
// a busy machine are not.
//
//   node bench/instructions.mjs [index dir, default www/search]
//   (needs valgrind; after scripts/build.sh)

import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadReader, repo } from './relevance.mjs';

const index = process.argv[2] || join(repo, 'www/search');
const target = join(repo, 'target/opt-z');
execFileSync('cargo', ['build', '--release', '--bin', 'xun-query', '-p', 'build-index'], {
  cwd: repo,
  stdio: 'inherit',
  env: { ...process.env, CARGO_PROFILE_RELEASE_OPT_LEVEL: 'z', CARGO_TARGET_DIR: target },
});
const queries = [...new Set(loadReader().queries.map((q) => q.query))];
const dir = mkdtempSync(join(tmpdir(), 'xun-callgrind-'));
try {
  const out = join(dir, 'callgrind.out');
  execFileSync('valgrind', ['--tool=callgrind', '--toggle-collect=xun::search_loaded*',
    `--callgrind-out-file=${out}`, join(target, 'release/xun-query'), '--time', index, ...queries],
  { stdio: 'ignore', maxBuffer: 1 << 26 });
  const summary = readFileSync(out, 'utf8').match(/^summary: (\d+)/m);
  if (!summary) throw new Error('callgrind wrote no summary');
  const total = Number(summary[1]);
  console.log(`${queries.length} queries × 32 searches: ${total.toExponential(3)} instructions, ` +
    `${Math.round(total / queries.length / 32)} per search`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
