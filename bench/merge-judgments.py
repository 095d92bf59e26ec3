#!/usr/bin/env python3
"""Merges judges' grade files (JSON lines of {qid, url, grade}) into
tests/relevance/reader/judgments.json; a pair already judged is an error.

    python3 bench/merge-judgments.py target/relevance/grades-r2/*.jsonl
"""
import json
import sys

PATH = 'tests/relevance/reader/judgments.json'
data = json.load(open(PATH))
added = 0
for name in sys.argv[1:]:
    for line in open(name):
        if not line.strip():
            continue
        item = json.loads(line)
        assert item['grade'] in (0, 1, 2, 3), item
        grades = data['grades'].setdefault(item['qid'], {})
        assert item['url'] not in grades, f'judged twice: {item}'
        grades[item['url']] = item['grade']
        added += 1
data['grades'] = {q: dict(sorted(g.items())) for q, g in sorted(data['grades'].items())}
json.dump(data, open(PATH, 'w'), ensure_ascii=False, indent=1)
print(f'added {added} judgments; {sum(len(g) for g in data["grades"].values())} in all')
