/** Size limits of a model file, each reported with code `limit`. */
export const IMPORT_LIMITS = {
  /** Characters of a model file (the suite's largest is about 200,000). */
  maxBytes: 20_000_000,
  /** How deep one expression may nest: parentheses, arguments, signs (the engine's own source limit is the same). */
  maxExpressionDepth: 100,
  /** Operands of one chain of operators (`a + b + ...` is a tree as deep as it is long; the engine refuses deeper trees too). */
  maxChain: 500,
  /** How deep XML elements may nest (a model needs about 8). */
  maxXmlDepth: 100,
} as const;
