/**
 * `; did you mean 'x'?` for the first of `known` nearest to `key` (compared
 * in lower case), else ''. Used for keys of the format and of requests,
 * symbols in expressions, output ids and names of distributions. Short names
 * are all near each other, so the distance allowed grows with the length:
 * only a difference of case for one or two characters, one edit up to four,
 * two beyond.
 */
export function didYouMean(key: string, known: Iterable<string>): string {
  let best: string | undefined;
  let bestD = (key.length <= 2 ? 0 : key.length <= 4 ? 1 : 2) + 1;
  for (const k of known) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== undefined && best !== key ? `; did you mean '${best}'?` : '';
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
