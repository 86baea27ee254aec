/**
 * What both readers produce: a tool-neutral model of stocks, flows,
 * auxiliaries and graphical functions, with every expression as a tree and
 * every entity and node carrying its offset in the original file. The
 * translator turns it into a scenario document; nothing here knows YAML.
 */

/** A character offset into the model file's text. */
export type Offset = number;

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '<' | '<=' | '>' | '>=' | '=' | '<>' | 'and' | 'or' | 'mod';

export type Expr =
  | { readonly kind: 'number'; readonly value: number; readonly at: Offset }
  /** A reference to a model entity (or a tool's built-in constant such as TIME), as spelled in the file. */
  | { readonly kind: 'name'; readonly name: string; readonly at: Offset }
  /** A call of a function (or of a lookup by name): `fn` as spelled in the file. */
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[]; readonly at: Offset }
  | { readonly kind: 'unary'; readonly op: '-' | '+' | 'not'; readonly arg: Expr; readonly at: Offset }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly at: Offset }
  | { readonly kind: 'if'; readonly test: Expr; readonly whenTrue: Expr; readonly whenFalse: Expr; readonly at: Offset }
  /** Text in quotes: only the external-data functions take it, and they do not import. */
  | { readonly kind: 'string'; readonly value: string; readonly at: Offset }
  /** A table written inside an expression (Vensim's WITH LOOKUP, or a lookup literal as an argument). */
  | { readonly kind: 'table'; readonly table: Table; readonly at: Offset };

/**
 * How a graphical function answers outside and between its points: `hold`
 * keeps the end values (both tools' default), `extrapolate` continues the
 * end segments, `discrete` is a step (each point's y until the next x).
 */
export type Extrapolation = 'hold' | 'extrapolate';
export type Interpolation = 'linear' | 'discrete';

export interface Table {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  readonly interpolation: Interpolation;
  readonly extrapolation: Extrapolation;
}

interface EntityBase {
  /** The display name as written (quotes removed, escapes resolved, runs of white space kept as one space). */
  readonly name: string;
  /** Where the definition starts. */
  readonly at: Offset;
  /** The element that defines it, for `source:` (`stock`, `flow`, `aux`, `gf`, or the Vensim equation). */
  readonly element: string;
  readonly units?: string | undefined;
  readonly doc?: string | undefined;
  /** The Vensim group (`.Name` header) the equation stands in. */
  readonly group?: string | undefined;
}

export interface StockEntity extends EntityBase {
  readonly kind: 'stock';
  readonly initial: Expr;
  /** XMILE: flows by name. Vensim: the INTEG rate as one expression. */
  readonly inflows: readonly { readonly name: string; readonly at: Offset }[];
  readonly outflows: readonly { readonly name: string; readonly at: Offset }[];
  readonly rate?: Expr | undefined;
  readonly nonNegative: boolean;
}

export interface AuxEntity extends EntityBase {
  readonly kind: 'aux' | 'flow';
  readonly expr: Expr;
  /** A graphical function applied to `expr` (XMILE `<gf>` inside an aux or flow). */
  readonly table?: Table | undefined;
  readonly nonNegative: boolean;
}

/** A table called by name as a function (Vensim lookup definition, XMILE top-level `<gf>` or gf without input). */
export interface LookupEntity extends EntityBase {
  readonly kind: 'lookup';
  readonly table: Table;
}

export type Entity = StockEntity | AuxEntity | LookupEntity;

export interface TimeSpec {
  readonly start: number;
  readonly stop: number;
  readonly dt: number;
  /** The saving interval (Vensim SAVEPER); every dt when absent. */
  readonly save?: number | undefined;
  readonly method: 'euler' | 'rk4';
  readonly units?: string | undefined;
  readonly at: Offset;
}

/**
 * Which tool's meaning the integer functions have: Vensim's INTEGER and
 * MODULO truncate toward zero, XMILE's INT and MOD are floored. XMILE files
 * written by Vensim keep Vensim's meaning (its exporter writes INT and MOD
 * for INTEGER and MODULO without converting them).
 */
export type Semantics = 'vensim' | 'xmile';

export interface ModelIR {
  readonly format: 'xmile' | 'vensim';
  readonly semantics: Semantics;
  readonly title?: string | undefined;
  readonly description?: string | undefined;
  readonly time: TimeSpec;
  readonly entities: readonly Entity[];
  /** Keys (see `nameKey`) of names defined by what could not be read, already reported: references to them add no problem. */
  readonly skipped?: ReadonlySet<string> | undefined;
  /** Keys of macro names, already reported as unsupported. */
  readonly macros?: ReadonlySet<string> | undefined;
}
