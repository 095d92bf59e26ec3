#!/usr/bin/env python3
"""How far two judges who graded the same pairs, blind, agree: the share
of equal grades, of grades within one, of the same call on relevant (2 or
more) or not, and quadratic weighted kappa (1 is full agreement, 0 what
chance gives).

    python3 bench/agreement.py target/relevance/grades-r3/c-01.jsonl \\
        target/relevance/grades-r3-check/c-01.jsonl

Each file holds JSON lines of {qid, url, grade}; only the pairs in both
count.
"""
import json
import sys

GRADES = 4


def read(path):
    out = {}
    for line in open(path):
        if line.strip():
            item = json.loads(line)
            out[(item['qid'], item['url'])] = item['grade']
    return out


def weighted_kappa(pairs):
    n = len(pairs)
    seen = [[0] * GRADES for _ in range(GRADES)]
    for a, b in pairs:
        seen[a][b] += 1
    rows = [sum(seen[i]) for i in range(GRADES)]
    cols = [sum(seen[i][j] for i in range(GRADES)) for j in range(GRADES)]
    cells = [(i, j) for i in range(GRADES) for j in range(GRADES)]
    observed = sum((i - j) ** 2 * seen[i][j] for i, j in cells)
    expected = sum((i - j) ** 2 * rows[i] * cols[j] / n for i, j in cells)
    return 1 - observed / expected if expected else 1.0


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    first, second = read(sys.argv[1]), read(sys.argv[2])
    pairs = [(first[k], second[k]) for k in first if k in second]
    if not pairs:
        sys.exit('no pair is in both files')
    n = len(pairs)
    share = lambda test: sum(1 for a, b in pairs if test(a, b)) / n
    print(f'{n} pairs graded by both')
    print(f'same grade          {share(lambda a, b: a == b):.3f}')
    print(f'within one grade    {share(lambda a, b: abs(a - b) <= 1):.3f}')
    print(f'same relevant call  {share(lambda a, b: (a >= 2) == (b >= 2)):.3f}')
    print(f'weighted kappa      {weighted_kappa(pairs):.3f}')


if __name__ == '__main__':
    main()
