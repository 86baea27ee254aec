// Expected output of the sdx-active-initial case, written out by hand without
// the engine. Regenerate with:
//   node tests/golden/sdx-active-initial/derive.mjs > tests/golden/sdx-active-initial/expected.csv
const dt = 1;
const steps = 10;
// While stocks are initialised ACTIVE INITIAL(t, 45) is 45; afterwards it is t.
let stock = 45;
const rows = ['time,stock_a,value_a'];
for (let k = 0; k <= steps; k++) {
  const t = k * dt;
  rows.push([t, stock, t].map(String).join(','));
  stock += dt * 1;
}
console.log(rows.join('\n'));
