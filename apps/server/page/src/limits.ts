/**
 * The browser's work limit: an analysis of at most this many operations, as
 * core counts them (`runOperations`: every trial's work plus sorting for the
 * summaries; a sensitivity analysis's runs or a check's probes times a
 * trial's work), runs in the page's Web Worker as the user types. Anything
 * larger goes to the server when Run is pressed. The report's baseline at
 * its own 1,000 trials is 333 million operations, about 0.2 s on one core
 * of this project's machines; 500 million keeps a keystroke's run under
 * about half a second there.
 */
export const BROWSER_WORK_LIMIT = 500_000_000;

/** Quiet time after the last keystroke before the engine reads the text again. */
export const TYPING_DEBOUNCE_MS = 200;

/**
 * Characters of the compressed document (deflate, then base64url) that may
 * go into a link's fragment, after `#doc=`. The fragment never reaches a
 * server, and browsers keep addresses of megabytes, but links pasted into
 * chat and mail tools are cut somewhere past 16-32 thousand characters. The
 * report's baseline (21 kB of YAML) packs to 7,600. Past the limit the
 * document is stored through the server's scenario routes, where the server
 * has them.
 */
export const SHARE_FRAGMENT_LIMIT = 16_000;
