// The mix of requests the load test sends, in three groups that connections
// cycle through: work for the pool (runs, a comparison, a check, each with a
// fresh seed so the result cache does not answer them); quick answers (health,
// listing, invalid and hostile scenarios, limits, unknown routes, wrong media
// types); and bodies the server refuses and hangs up on (malformed, __proto__,
// oversized). Every one must be answered below 500.
const json = (method, path, body) => ({
  method,
  path,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

let seed = 0;
/** Valid requests get a new seed each time they are sent. */
const fresh = (method, path, make) => ({
  method,
  path,
  headers: { 'content-type': 'application/json' },
  setupRequest: (req) => ({ ...req, body: JSON.stringify(make(++seed)) }),
});

const small = {
  format: 1,
  id: 'load-small',
  time: { start: 0, end: 10 },
  parameters: { g: { dist: 'normal', mean: 0.05, sd: 0.01 } },
  stocks: { x: { initial: 1, inflow: 'x * g' } },
  assumptions: [{ name: 'x stays positive', holds: 'x > 0' }],
};

// Nested past the parser's depth limit; and a body over the server's 1 MiB limit.
let deep = 1;
for (let i = 0; i < 200; i++) deep = [deep];

/** Pool jobs: as many connections as the pool holds jobs (2 workers and a queue of 32 by default), so none is refused as busy. */
export const POOL_REQUESTS = [
  fresh('POST', '/runs', (s) => ({ scenario: 'baseline', trials: 200, seed: s, outputs: ['workforce'] })),
  fresh('POST', '/runs', (s) => ({ scenario: small, trials: 500, seed: s })),
  fresh('POST', '/compare', (s) => ({
    base: 'baseline',
    alternatives: ['decoupling-severe'],
    trials: 100,
    seed: s,
    outputs: ['workforce'],
  })),
  fresh('POST', '/check', (s) => ({ scenario: small, runs: 20, seed: s })),
];

/**
 * The largest answer the default limits allow, or near it: 140 outputs x
 * 1,000 reporting times x 9 statistics, about 31.7 MB as the plan counts it
 * (limits.resultBytes is 32 MiB) and 23 MB as sent; with `outputs` more it is
 * refused (`largestRun(160, s)`). Three trials: the answer, not the work, is large.
 */
export function largestRun(outputs, seed) {
  const variables = {};
  for (let i = 1; i <= outputs; i++) variables[`v_${i}`] = `x * ${i} + t`;
  return {
    scenario: {
      format: 1,
      id: 'load-largest',
      time: { start: 0, end: 999, dt: 1, report: 1 },
      parameters: { x: { dist: 'normal', mean: 1, sd: 0.3 } },
      variables,
    },
    trials: 3,
    seed,
  };
}

/** The amplification group: the largest allowed answer, a fresh seed each time (so the cache cannot answer). */
export const LARGEST_REQUESTS = [fresh('POST', '/runs', (s) => largestRun(140, s))];

/** Answered on the main thread: health, listing, and every kind of refusal. */
export const QUICK_REQUESTS = [
  { method: 'GET', path: '/health' },
  { method: 'GET', path: '/scenarios' },
  json('POST', '/runs', { scenario: { ...small, stocks: { x: { initial: 1, inflow: 'x * nope' } } } }),
  json('POST', '/runs', {
    scenario: { ...small, stocks: { x: { initial: 1, inflow: 'cos.constructor("process.exit(1)")()' } } },
  }),
  json('POST', '/runs', { scenario: 'baseline', trials: 1e9 }),
  json('POST', '/validate', { scenario: { ...small, description: deep } }),
  json('POST', '/validate', { scenario: { ...small, time: { start: 0, end: 1e12 } } }),
  { method: 'GET', path: '/no-such-route' },
  { method: 'POST', path: '/runs', headers: { 'content-type': 'text/plain' }, body: 'run baseline' },
];

/**
 * Bodies the server refuses and closes the connection after: malformed JSON,
 * a `__proto__` key, and a body over the size limit (answered 413 unread).
 * The load generator counts each close as a socket error and reconnects, and
 * its latencies for this group include the reconnection.
 */
export const CLOSING_REQUESTS = [
  {
    method: 'POST',
    path: '/runs',
    headers: { 'content-type': 'application/json' },
    body: '{"scenario": "baseline", "trials": 10,',
  },
  {
    method: 'POST',
    path: '/runs',
    headers: { 'content-type': 'application/json' },
    body: '{"scenario": {"__proto__": {"trials": 5}}}',
  },
  json('POST', '/validate', { scenario: { ...small, title: 'x'.repeat(1_100_000) } }),
];

// How a connection the server closed while the request was still being sent
// shows through fetch: the write fails (EPIPE), the connection is reset, or
// undici sees the socket close before an answer.
const CLOSED = new Set(['EPIPE', 'ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** Whether `e` (a fetch failure, its causes followed) is the server closing the connection. */
export function closedByServer(e) {
  for (let c = e; c !== undefined && c !== null; c = c.cause) if (CLOSED.has(c.code)) return true;
  return false;
}

/**
 * Send one request of the mix and read its answer: resolves with the status,
 * or 'refused' for a request of CLOSING_REQUESTS whose connection the server
 * closed before it was answered (over the body limit, the server answers 413
 * and hangs up while the client may still be sending). Any other failure throws.
 */
export async function send(url, request, { mayClose = false } = {}) {
  const body = request.setupRequest ? request.setupRequest({}).body : request.body;
  try {
    const answer = await fetch(`${url}${request.path}`, { method: request.method, headers: request.headers, body });
    await answer.arrayBuffer();
    return answer.status;
  } catch (e) {
    if (mayClose && closedByServer(e)) return 'refused';
    throw e;
  }
}
