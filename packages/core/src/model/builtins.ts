/**
 * The functions that keep state from one step to the next: each call site
 * gets hidden stocks or memory cells beside the model's own (see stateful.ts).
 */
export const STATEFUL_FUNCTIONS = [
  'delay1',
  'delay3',
  'delayn',
  'delay_fixed',
  'smooth',
  'smooth3',
  'trend',
  'forecast',
  'previous',
  'init',
] as const;

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
  'trunc',
  'rem',
  'asin',
  'acos',
  'atan',
  'atan2',
  'sinh',
  'cosh',
  'tanh',
  'xidz',
  'zidz',
  'safediv',
  'pulse_train',
  'active_initial',
  ...STATEFUL_FUNCTIONS,
] as const;

export const BUILTIN_CONSTANTS = ['pi', 'e'] as const;

export const BUILTIN_NAMES: ReadonlySet<string> = new Set<string>([
  ...BUILTIN_FUNCTIONS,
  ...BUILTIN_CONSTANTS,
  't',
  'dt',
]);
