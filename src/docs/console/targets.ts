// Where the console can send a request: the list the page's target choices are rendered from (page.ts) and the
// form reads (app/form.ts). A new target (say, a simulator running in the page) is one more entry here.

export interface ConsoleTarget {
  /** The radio button's value, and the stem of its URL input's id (`<id>-url`). */
  id: string;
  /** The choice as shown: `Mock`. */
  label: string;
  /** The URL its input starts with; loopback only (the page's CSP and the form refuse anything else). */
  defaultUrl: string;
  /** Whether the mock's `Prefer` choices apply to it. */
  prefer: boolean;
}

export const CONSOLE_TARGETS: readonly ConsoleTarget[] = [
  { id: 'mock', label: 'Mock', defaultUrl: 'http://127.0.0.1:4010', prefer: true },
  { id: 'sim', label: 'Simulator', defaultUrl: 'http://127.0.0.1:4020', prefer: false },
];
