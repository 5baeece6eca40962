// The request form: the picked operation (also the page's #fragment, so links can open one), its example, path
// parameters and body, the target with the mock's Prefer choices, and the credentials. `draft()` reads it into
// what send.ts needs, or says what is wrong. Credentials are read from the inputs at that moment and kept
// nowhere else.
import type { Credentials } from '../../../index.ts';
import type { ConsoleModel, ConsoleOperation } from '../model.ts';
import { CONSOLE_TARGETS, IN_PAGE_REGION } from '../targets.ts';
import { byId, checkedValue, make, setOptions, setTextWithCode, show } from './dom.ts';
import type { Draft } from './send.ts';

const FIRST = '';

/** Loopback names only: the page's CSP allows nothing else, and the console is for the local servers. */
function loopbackUrl(text: string): URL | undefined {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password) return undefined;
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host) ? url : undefined;
}

/**
 * The operation id in the page's #fragment. A malformed escape (`#%`) names no operation: the first one shows,
 * rather than decodeURIComponent's URIError leaving the form empty.
 */
export function fragmentId(hash: string): string {
  try {
    return decodeURIComponent(hash.replace(/^#/, ''));
  } catch {
    return '';
  }
}

export class RequestForm {
  readonly operationSelect = byId('operation', HTMLSelectElement);
  private readonly example = byId('example', HTMLSelectElement);
  private readonly pathFields = byId('path-fields', HTMLDivElement);
  private readonly body = byId('body', HTMLTextAreaElement);
  private readonly preferCode = byId('prefer-code', HTMLSelectElement);
  private readonly preferExample = byId('prefer-example', HTMLSelectElement);
  /** Path values the user typed, by parameter name: kept when another operation with that parameter is picked. */
  private readonly typed = new Map<string, string>();
  private operation: ConsoleOperation;

  constructor(private readonly model: ConsoleModel) {
    const first = model.operations[0];
    if (!first) throw new Error('the console model lists no operation');
    this.operation = first;
    this.operationSelect.addEventListener('change', () => this.pick(this.operationSelect.value, true));
    this.example.addEventListener('change', () => this.fillBody());
    this.preferCode.addEventListener('change', () => this.fillPreferExamples());
    for (const name of ['target', 'auth']) {
      for (const input of document.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)) input.addEventListener('change', () => this.toggle());
    }
    window.addEventListener('hashchange', () => this.pick(fragmentId(location.hash), false));
    this.pick(fragmentId(location.hash), false);
    this.toggle();
  }

  get current(): ConsoleOperation {
    return this.operation;
  }

  /** Shows an operation (the first one for an unknown id); `remember` puts its id in the address. */
  pick(operationId: string, remember: boolean): void {
    const found = this.model.operations.find((op) => op.operationId === operationId);
    if (!found && remember) return;
    this.operation = found ?? this.operation;
    const op = this.operation;
    this.operationSelect.value = op.operationId;
    if (remember) history.replaceState(null, '', `#${encodeURIComponent(op.operationId)}`);
    setTextWithCode(byId('summary', HTMLSpanElement), op.summary);
    byId('reference', HTMLAnchorElement).href = op.reference;
    byId('reference', HTMLAnchorElement).textContent = `${op.operationId} in the ${op.service.toUpperCase()} reference`;

    const examples = op.body?.examples ?? [];
    setOptions(
      this.example,
      examples.map((e) => [e.name, e.summary ? `${e.name}: ${e.summary}` : e.name]),
    );
    show(byId('example-field', HTMLDivElement), examples.length > 0);
    show(byId('body-field', HTMLDivElement), op.body !== null);
    this.fillBody();

    this.pathFields.replaceChildren(
      ...op.pathParameters.map((p) => {
        const id = `path-${p.name}`;
        const input = make('input', { id, type: 'text', spellcheck: 'false', autocomplete: 'off' });
        input.value = this.typed.get(p.name) ?? p.example ?? '';
        input.required = p.required;
        input.addEventListener('input', () => this.typed.set(p.name, input.value));
        const field = make('div', { class: 'field' });
        field.append(make('label', { for: id }, p.name), input);
        if (p.description) {
          const hint = make('p', { class: 'hint' });
          setTextWithCode(hint, p.description);
          field.append(hint);
        }
        return field;
      }),
    );
    setOptions(this.preferCode, [[FIRST, 'first documented success'], ...op.responses.map((r): [string, string] => [String(r.status), String(r.status)])]);
    this.fillPreferExamples();
  }

  private fillBody(): void {
    const example = this.operation.body?.examples.find((e) => e.name === this.example.value);
    this.body.value = example ? JSON.stringify(example.value, null, 2) : this.operation.body ? '{}' : '';
  }

  private fillPreferExamples(): void {
    const response = this.operation.responses.find((r) => String(r.status) === this.preferCode.value);
    setOptions(this.preferExample, [[FIRST, 'first example'], ...(response?.examples ?? []).map((name): [string, string] => [name, name])]);
    this.preferExample.disabled = !response;
  }

  private toggle(): void {
    show(byId('prefer-fields', HTMLDivElement), this.target().prefer);
    show(byId('in-page-fields', HTMLDivElement), this.inPage);
    const token = checkedValue('auth') === 'token';
    show(byId('token-fields', HTMLDivElement), token);
    show(byId('aksk-fields', HTMLDivElement), !token);
  }

  /** The simulator in the page is the target (the target without a URL). */
  get inPage(): boolean {
    return this.target().defaultUrl === undefined;
  }

  /** Fills the credential inputs left empty (the simulator in the page offers its fixture's). */
  fillEmptyCredentials(given: { token: string; accessKey: string; secretKey: string }): void {
    for (const [id, value] of [
      ['token', given.token],
      ['access-key', given.accessKey],
      ['secret-key', given.secretKey],
    ] as const) {
      const input = byId(id, HTMLInputElement);
      if (!input.value.trim()) input.value = value;
    }
  }

  /** The target chosen (the first one if, somehow, none is). */
  private target(): (typeof CONSOLE_TARGETS)[number] {
    const id = checkedValue('target');
    const found = CONSOLE_TARGETS.find((t) => t.id === id) ?? CONSOLE_TARGETS[0];
    if (!found) throw new Error('the console lists no target');
    return found;
  }

  private prefer(): string | undefined {
    if (!this.target().prefer || this.preferCode.value === FIRST) return undefined;
    const example = this.preferExample.value;
    return `code=${this.preferCode.value}${example === FIRST ? '' : `, example=${example}`}`;
  }

  private credentials(): Credentials | string {
    const value = (id: string) => byId(id, HTMLInputElement).value.trim();
    if (checkedValue('auth') === 'token') return value('token') ? { token: value('token') } : 'Give a token, or choose AK/SK.';
    const [accessKey, secretKey, securityToken] = [value('access-key'), value('secret-key'), value('security-token')];
    if (!accessKey || !secretKey) return 'Give both the access key and the secret key, or choose a token.';
    return { accessKey, secretKey, ...(securityToken ? { securityToken } : {}) };
  }

  /** What to send, or a sentence saying what to fix. */
  draft(): Draft | string {
    const { inPage } = this;
    const baseUrl = inPage
      ? new URL(`https://${this.operation.service}.${IN_PAGE_REGION}.myhuaweicloud.com`)
      : loopbackUrl(byId(`${this.target().id}-url`, HTMLInputElement).value.trim());
    if (!baseUrl) return 'The target must be an http URL on this machine (127.0.0.1, localhost or [::1]): the console sends nothing elsewhere.';
    const path: Record<string, string> = {};
    for (const p of this.operation.pathParameters) path[p.name] = byId(`path-${p.name}`, HTMLInputElement).value.trim();
    let body: unknown;
    if (this.operation.body) {
      try {
        body = JSON.parse(this.body.value);
      } catch (error) {
        // The parser's message quotes the text, which may hold a password: only the position is repeated.
        const at = /position (\d+)/.exec(String(error))?.[1];
        return `The body is not valid JSON${at ? ` (at character ${at})` : ''}.`;
      }
    }
    const credentials = this.credentials();
    if (typeof credentials === 'string') return credentials;
    return { operation: this.operation, baseUrl: baseUrl.href.replace(/\/$/, ''), inPage, path, body, prefer: this.prefer(), credentials };
  }
}
