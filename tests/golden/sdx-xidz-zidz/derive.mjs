// Expected output of the sdx-xidz-zidz case, written out by hand.
// Regenerate with:
//   node tests/golden/sdx-xidz-zidz/derive.mjs > tests/golden/sdx-xidz-zidz/expected.csv
// ZIDZ(11, 0) is 0 and XIDZ(11, 0, 4) is 4: the divisor is 0.
console.log(['time,test_zidz,text_xidz', '0,0,4', '1,0,4'].join('\n'));
