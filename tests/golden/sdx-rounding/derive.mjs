// Expected output of the sdx-rounding case: truncation toward zero and the
// remainder with the sign of the dividend, computed without the engine (and
// without JavaScript's own Math.trunc and %, to be an independent reading).
// Regenerate with:
//   node tests/golden/sdx-rounding/derive.mjs > tests/golden/sdx-rounding/expected.csv
const steps = 200;
const trunc = (x) => (x < 0 ? -Math.floor(-x) : Math.floor(x));
// a - b * trunc(a / b), except where the quotient lands on a whole number by rounding.
const rem = (a, b) => {
  const q = a / b;
  return Math.abs(q - Math.round(q)) < 1e-12 ? 0 * a : a - b * trunc(q);
};
const rows = ['time,stocka,test_integer,test_modulo'];
for (let k = 0; k <= steps; k++) {
  const x = -10 + k / 10;
  rows.push([k, x, trunc(x), rem(x, 3)].map(String).join(','));
}
console.log(rows.join('\n'));
