// Reads what Redoc shows for one operation by working its panels as a reader does: each code sample picked from the
// language menu, each request example from the Payload tab's example menu, each response status's button and each
// of its examples. The clicks are DOM clicks run inside the page, in one round trip per operation: driven through
// Playwright one action at a time, the same walk took 3–6 s per operation (a quarter of the whole test run).
import type { Page } from 'playwright-core';
import type { OperationCase } from './expected-examples.ts';

/** What the page showed, keyed like the expectation: label → code or JSON, status → example label → JSON. */
export interface ShownOperation {
  samples: Record<string, string>;
  request: Record<string, unknown>;
  responses: Record<string, Record<string, unknown>>;
  /** The first code sample (curl) as laid out: its lines' hidden width, and the room left before the copy button. */
  fit: { hidden: number; clear: number } | string;
}

/** The expectation in the same shape, from the document. */
export function expectedShown(op: OperationCase): Omit<ShownOperation, 'fit'> {
  return {
    samples: Object.fromEntries(op.codeSamples.map((sample) => [sample.label, sample.source])),
    request: Object.fromEntries(op.requestExamples.map((example) => [example.label, example.value])),
    responses: Object.fromEntries(op.responses.map(({ status, examples }) => [status, Object.fromEntries(examples.map((e) => [e.label, e.value]))])),
  };
}

/**
 * Works the operation's section (`id` is Redoc's route) and returns what it showed. A panel that never shows the
 * expected value returns what it showed last, so the test's diff names it; a missing menu item or button returns a
 * sentence saying so.
 */
export function showOperation(page: Page, id: string, op: OperationCase): Promise<ShownOperation> {
  const want = expectedShown(op);
  return page.evaluate(
    async ({ id, want, languages }) => {
      const WAIT_MS = 5_000;
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      // biome-ignore lint/performance/useDomNodeTextContent: what is shown (CSS-hidden parts left out), as guarded-page.ts says.
      const text = (element: Element | null | undefined) => (element instanceof HTMLElement ? element.innerText.trim() : '');
      // Reads until the page shows `expected` (a re-render may lag a click by a frame), or gives up and returns the last read.
      const settle = async <T>(read: () => T, expected: unknown, done = (shown: T) => same(shown, expected)): Promise<T> => {
        let shown = read();
        for (const until = performance.now() + WAIT_MS; !done(shown) && performance.now() < until; shown = read()) await frame();
        return shown;
      };
      const section = document.getElementById(id);
      if (!section) throw new Error(`no section with id ${id}`);
      const panels = [...section.querySelectorAll('[data-component-name="Panel/Panel"]')];
      const requestPanel = section.querySelector('.panel-request-samples');
      const responsePanel = panels.find((panel) => text(panel.querySelector('[data-component-name="Panel/PanelHeaderTitle"]')) === 'Response');

      /** Picks `label` from the menu that `button` opens; returns a sentence when the menu has no such item. */
      const pick = async (button: HTMLElement, label: string): Promise<string | undefined> => {
        if (text(button) === label) return undefined;
        button.click();
        // The open menu: Redoc keeps the closed ones in the page, hidden.
        const items = () => [...document.querySelectorAll('[role="menuitem"]')].filter((item) => item.checkVisibility());
        const item = await settle(
          () => items().find((candidate) => text(candidate) === label),
          true,
          (found) => found !== undefined,
        );
        if (!(item instanceof HTMLElement))
          return `no menu item "${label}"; the menu has ${items()
            .map((i) => `"${text(i)}"`)
            .join(', ')}`;
        item.click();
        return (await settle(() => text(button), label)) === label ? undefined : `"${label}" picked, but the menu shows "${text(button)}"`;
      };
      const json = (panel: Element) => () => {
        const viewer = panel.querySelector('[data-testid="json-viewer"]');
        const expand = viewer?.querySelector('[data-testid="expand-all"]');
        if (expand instanceof HTMLElement) expand.click();
        const shown = text(viewer?.querySelector('pre'));
        try {
          return JSON.parse(shown) as unknown;
        } catch {
          return shown;
        }
      };
      /** Each example of the panel, through its example menu (there is one only for several examples). */
      const examples = async (panel: Element, expected: Record<string, unknown>) => {
        const shown: Record<string, unknown> = {};
        const labels = Object.keys(expected);
        if (labels.length === 1) {
          shown[labels[0] as string] = await settle(json(panel), expected[labels[0] as string]);
          return shown;
        }
        const picker = panel.querySelector('button[aria-label="Example"]');
        for (const label of labels) {
          const failed = picker instanceof HTMLElement ? await pick(picker, label) : 'no example menu';
          shown[label] = failed ?? (await settle(json(panel), expected[label]));
        }
        return shown;
      };

      const shown: {
        samples: Record<string, string>;
        request: Record<string, unknown>;
        responses: Record<string, Record<string, unknown>>;
        fit: { hidden: number; clear: number } | string;
      } = { samples: {}, request: {}, responses: {}, fit: 'the curl sample was not shown' };
      if (!requestPanel) throw new Error('no request samples panel');
      const menu = [...requestPanel.querySelectorAll('button')].find((button) => new RegExp(languages).test(text(button)));
      if (!menu) throw new Error('no code sample menu');
      // As shown, with its last line break: not trimmed.
      // biome-ignore lint/performance/useDomNodeTextContent: what is shown, as above.
      const code = () => (requestPanel.querySelector('[data-component-name="CodeBlock/CodeBlock"]') as HTMLElement | null)?.innerText ?? '';

      if (Object.keys(want.request).length > 0) {
        shown.request = (await pick(menu, 'Payload')) ? { Payload: 'no Payload tab' } : await examples(requestPanel, want.request);
      }
      if (!responsePanel) throw new Error('no response panel');
      for (const [status, expected] of Object.entries(want.responses)) {
        const button = [...responsePanel.querySelectorAll('button')].find((candidate) => text(candidate) === status);
        if (!button) {
          shown.responses[status] = { [status]: `no button for ${status}` };
          continue;
        }
        button.click();
        await frame();
        shown.responses[status] = await examples(responsePanel, expected);
      }
      // The samples last, so that the page is left showing the TypeScript sample for the screenshot.
      for (const [label, source] of Object.entries(want.samples)) {
        const failed = await pick(menu, label);
        shown.samples[label] = failed ?? (await settle(code, source));
        if (label.startsWith('curl') && shown.fit === 'the curl sample was not shown') {
          const block = requestPanel.querySelector('[data-component-name="CodeBlock/CodeBlock"]');
          const pre = block?.querySelector('pre');
          const controls = block?.querySelector('[data-component-name="CodeBlock/CodeBlockControls"]');
          const lines = pre?.querySelector('code');
          if (!pre || !controls || !lines) shown.fit = 'missing parts of the code block';
          else {
            const range = document.createRange();
            range.selectNodeContents(lines);
            const right = Math.max(...[...range.getClientRects()].map((rect) => rect.right));
            shown.fit = { hidden: pre.scrollWidth - pre.clientWidth, clear: controls.getBoundingClientRect().left - right };
          }
        }
      }
      return shown;
    },
    { id, want, languages: '^(curl|TypeScript|Payload)' },
  );
}
