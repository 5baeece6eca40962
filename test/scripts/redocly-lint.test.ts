// `npm run lint:sources` runs Redocly through scripts/redocly-lint.ts, which drops Redocly's boxed "Node.js 20
// support is ending" notice and nothing else.
import { describe, expect, it } from 'vitest';
import { withoutNode20Notice } from '../../scripts/redocly-lint.ts';

/** A box as Redocly CLI 2.x draws it, around `lines`. */
const box = (lines: string[]) =>
  ['', `    ╔${'═'.repeat(20)}╗`, ...lines.map((line) => `    ║  ${line.padEnd(18)}║`), `    ╚${'═'.repeat(20)}╝`, ''].join('\n');

const REPORT = "validating openapi/ecs/openapi.yaml using lint rules for api 'ecs'...\nopenapi/ecs/openapi.yaml: validated in 17ms\n";

describe('withoutNode20Notice', () => {
  it('removes the Node 20 notice and keeps the report', () => {
    const notice = box(['Deprecation warning: Node.js 20 support is ending', '', 'Node.js 20 reached end-of-life on April 30, 2026.']);
    expect(withoutNode20Notice(`${notice}\n${REPORT}`)).toBe(REPORT);
  });

  it('keeps any other box, and text with no box', () => {
    const other = box(['A new version of Redocly CLI is available']);
    expect(withoutNode20Notice(`${other}\n${REPORT}`)).toBe(`${other}\n${REPORT}`);
    expect(withoutNode20Notice(REPORT)).toBe(REPORT);
    expect(withoutNode20Notice('error: Node.js 20 support is ending is not a box\n')).toBe('error: Node.js 20 support is ending is not a box\n');
  });
});
