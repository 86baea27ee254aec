// Expected output of the SIR case, by a hand-written Euler recurrence that
// shares no code with the engine. Regenerate with:
//   node tests/golden/sir-epidemic/derive.mjs > tests/golden/sir-epidemic/expected.csv
const start = 0;
const end = 100;
const dt = 0.125;
const report = 1;
const totalPopulation = 1000;
const contactRate = 5;
const infectivity = 0.1;
const duration = 5;

const steps = Math.round((end - start) / dt);
const stepsPerReport = Math.round(report / dt);

let infected = 1;
let susceptible = totalPopulation - infected;
let recovered = 0;
const rows = ['time,susceptible,infected,recovered,infection_rate'];
for (let k = 0; k <= steps; k++) {
  const t = start + k * dt;
  const population = susceptible + infected + recovered;
  const infection = (contactRate * infectivity * susceptible * infected) / population;
  const recovery = infected / duration;
  if (k % stepsPerReport === 0) rows.push([t, susceptible, infected, recovered, infection].map(String).join(','));
  if (k < steps) {
    // Every stock advances from the flows at t: no stock sees another's new value.
    const s = susceptible + dt * (0 - infection);
    const i = infected + dt * (infection - recovery);
    const r = recovered + dt * (recovery - 0);
    susceptible = s;
    infected = i;
    recovered = r;
  }
}

// Euler conserves the total exactly up to rounding: a check on the flows' signs.
if (Math.abs(susceptible + infected + recovered - totalPopulation) > 1e-9) throw new Error('population not conserved');

console.log(rows.join('\n'));
