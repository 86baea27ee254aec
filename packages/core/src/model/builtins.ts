/** Every name the expression language defines itself; scenario ids may not shadow them. */
export const BUILTIN_FUNCTIONS = [
  'abs',
  'sign',
  'sqrt',
  'cbrt',
  'exp',
  'log',
  'log10',
  'log2',
  'pow',
  'min',
  'max',
  'floor',
  'ceil',
  'round',
  'sin',
  'cos',
  'tan',
  'mod',
  'clamp',
  'step',
  'ramp',
  'pulse',
  'sigmoid',
] as const;

export const BUILTIN_CONSTANTS = ['pi', 'e'] as const;

export const BUILTIN_NAMES: ReadonlySet<string> = new Set<string>([
  ...BUILTIN_FUNCTIONS,
  ...BUILTIN_CONSTANTS,
  't',
  'dt',
]);
