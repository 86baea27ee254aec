// Expected output of the sdx-builtin-max case, written out by hand.
// Regenerate with:
//   node tests/golden/sdx-builtin-max/derive.mjs > tests/golden/sdx-builtin-max/expected.csv
const rows = ['time,output'];
for (let t = 0; t <= 10; t++) rows.push(`${t},${t > 5 ? t : 5}`);
console.log(rows.join('\n'));
