// Expected output of the sdx-builtin-min case, written out by hand.
// Regenerate with:
//   node tests/golden/sdx-builtin-min/derive.mjs > tests/golden/sdx-builtin-min/expected.csv
const rows = ['time,output'];
for (let t = 0; t <= 10; t++) rows.push(`${t},${t < 5 ? t : 5}`);
console.log(rows.join('\n'));
