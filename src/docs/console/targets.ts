// Where the console can send a request: the list the page's target choices are rendered from (page.ts) and the
// form reads (app/form.ts). A new target is one more entry here.
import type { KnownRegion } from '../../client/regions.ts';

export interface ConsoleTarget {
  /** The radio button's value, and the stem of its URL input's id (`<id>-url`). */
  id: string;
  /** The choice as shown: `Mock`. */
  label: string;
  /**
   * The URL its input starts with; loopback only (the page's CSP and the form refuse anything else). None for the
   * simulator in the page (app/in-page.ts): nothing leaves the page.
   */
  defaultUrl?: string;
  /** Whether the mock's `Prefer` choices apply to it. */
  prefer: boolean;
}

export const CONSOLE_TARGETS: readonly ConsoleTarget[] = [
  { id: 'mock', label: 'Mock', defaultUrl: 'http://127.0.0.1:4010', prefer: true },
  { id: 'sim', label: 'Simulator', defaultUrl: 'http://127.0.0.1:4020', prefer: false },
  { id: 'page', label: 'In this page', prefer: false },
];

/**
 * The region of the requests the in-page simulator answers: the client sends them to the regional endpoint, as a
 * program would (the samples say `region`), and the page answers them itself.
 */
export const IN_PAGE_REGION: KnownRegion = 'cn-north-4';

/** The global the in-page simulator's script (app/in-page.ts, built by build.ts) leaves its exports in. */
export const IN_PAGE_GLOBAL = 'hwcConsoleInPage';
