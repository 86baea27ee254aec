import { describe, expect, it } from 'vitest';
import { API_ERRORS } from '../src/index.js';

describe('API error codes', () => {
  // Pinned: clients match on these codes and statuses; renaming one is a breaking change.
  it('is exactly the registered list, each with its status', () => {
    expect(Object.fromEntries(Object.entries(API_ERRORS).map(([code, e]) => [code, e.status]))).toEqual({
      'bad-request': 400,
      'malformed-json': 400,
      'malformed-yaml': 400,
      'not-found': 404,
      'body-too-large': 413,
      'unsupported-media-type': 415,
      'read-only': 409,
      'no-result': 409,
      evicted: 410,
      'rate-limited': 429,
      'too-many-jobs': 429,
      'invalid-scenario': 422,
      'invalid-request': 422,
      limit: 422,
      busy: 503,
      unavailable: 503,
      interrupted: 503,
      timeout: 504,
      internal: 500,
    });
  });
});
