/**
 * The part of Prism (@stoplight/prism-http, in-process) the mock uses, typed: its mocker chooses or generates the
 * response of one operation, and in proxy mode its response validator checks what the upstream answered. Routing,
 * request validation and the credentials check are ours (src/openapi/routes.ts, validators.ts), so Prism is always
 * called with the one matched operation and its own request checks off.
 *
 * Prism is loaded on first use through require(), after the hook of ./require-hook.ts is in place: `--help` and
 * option errors answer without loading it, and its start-up cost stays as small as it can be.
 */
import { createRequire } from 'node:module';
import type * as PrismCore from '@stoplight/prism-core';
import type { IPrismDiagnostic } from '@stoplight/prism-core';
import type * as PrismHttp from '@stoplight/prism-http';
import type { IHttpConfig, IHttpRequest, IHttpResponse } from '@stoplight/prism-http';
import type { IHttpOperation } from '@stoplight/types';
import type { Either } from 'fp-ts/Either';
import type { OpenApiDocument } from '../../openapi/documents.ts';
import type { MockChoice } from '../../pipeline/prefer.ts';
import { PROBLEM_BASE, type Problem } from '../../pipeline/replies.ts';
import { installRequireHook } from './require-hook.ts';

export type PrismOperation = IHttpOperation;
export type { IHttpRequest as PrismRequest, IHttpResponse as PrismResponse } from '@stoplight/prism-http';

interface PrismModules {
  http: typeof PrismHttp;
  core: typeof PrismCore;
}
let modules: PrismModules | undefined;

/** Loads Prism (after installing the require hook); later calls return the same modules. */
export function loadPrism(): PrismModules {
  if (!modules) {
    installRequireHook();
    const require = createRequire(import.meta.url);
    modules = { http: require('@stoplight/prism-http') as typeof PrismHttp, core: require('@stoplight/prism-core') as typeof PrismCore };
  }
  return modules;
}

/** Prism's operations of a document (each carrying what its mocker needs). The document is not modified. */
export async function prismOperations(doc: OpenApiDocument): Promise<PrismOperation[]> {
  // Prism dereferences in place; the caller's document is shared with the validators, so Prism gets a copy.
  const copy = structuredClone(doc);
  // Prism validates with draft-07 unless the document names its dialect, and draft-07 silently ignores 2019+
  // keywords such as dependentRequired. 2020-12 is what OpenAPI 3.1 means by default, so say it explicitly.
  if (copy.openapi.startsWith('3.1') && copy.jsonSchemaDialect === undefined) copy.jsonSchemaDialect = 'https://json-schema.org/draft/2020-12/schema';
  return loadPrism().http.getHttpOperationsFromSpec(copy);
}

type PrismResult = { kind: 'response'; response: IHttpResponse; warnings: IPrismDiagnostic[] } | { kind: 'problem'; problem: Problem };

const right = <A>(value: A): Either<never, A> => ({ _tag: 'Right', right: value });
const left = <E>(value: E): Either<E, never> => ({ _tag: 'Left', left: value });

/** A fault inside Prism, or one of its ProblemJsonErrors (an undocumented status asked for, ...), as a problem. */
function problemOf(error: Error): Problem {
  const json = loadPrism().http.ProblemJsonError.toProblemJson(error);
  const type = json.type.includes('#') || json.type.includes('/') ? json.type : `${PROBLEM_BASE}${json.type}`;
  return { ...json, type };
}

type Logger = ReturnType<PrismModules['core']['createLogger']>;
let logger: Logger | undefined;
/** Prism's logger, silenced: made once (a pino logger costs about 60 µs), on the first request. */
const silentLogger = (): Logger => {
  logger ??= loadPrism().core.createLogger('mock', { level: 'silent' });
  return logger;
};

type Forward = (request: IHttpRequest) => Promise<Either<Error, IHttpResponse>>;

/**
 * One Prism instance: `mock` answers from the documents, `proxy` hands the request to `forward` and validates what
 * comes back. Prism's router is replaced by "the operation given", so nothing scores the other operations.
 */
function instance(config: IHttpConfig, forward?: Forward) {
  const { http } = loadPrism();
  return http.createInstance(config, {
    logger: silentLogger(),
    route: ({ resources }) => {
      const [op] = resources;
      return op ? right(op) : left(new Error('no operation given'));
    },
    ...(forward ? { forward: (input) => () => () => forward(input.data) } : {}),
  });
}

async function run(config: IHttpConfig, op: PrismOperation, request: IHttpRequest, forward?: Forward): Promise<PrismResult> {
  const result = await instance(config, forward).request(request, [op], config)();
  if (result._tag === 'Left') return { kind: 'problem', problem: problemOf(result.left) };
  const { output, validations } = result.right;
  return { kind: 'response', response: output, warnings: validations.output };
}

const base = { checkSecurity: false, validateRequest: false, upstreamProxy: undefined } as const;

/** Prism's mocker for one operation: the chosen status and example, or a body generated from the schema. */
export function mockResponse(op: PrismOperation, request: IHttpRequest, choice: MockChoice): Promise<PrismResult> {
  // A fresh mock config per request: Prism's mocker writes the request's Accept header into it.
  const mock = { dynamic: choice.dynamic ?? false, ...stripUndefined({ code: choice.code, exampleKey: choice.exampleKey, seed: choice.seed }) };
  return run({ ...base, isProxy: false, errors: false, validateResponse: false, mock }, op, request);
}

/**
 * Prism's proxy for one operation with `--errors` semantics: `forward` makes the upstream call (ours: no redirects
 * followed, bounded size and time), Prism validates the response; `warnings` holds every response diagnostic.
 */
export function proxyResponse(op: PrismOperation, request: IHttpRequest, upstream: URL, forward: Forward): Promise<PrismResult> {
  return run({ ...base, isProxy: true, upstream, errors: true, validateResponse: true, mock: { dynamic: false } }, op, request, forward);
}

export const isError = (d: IPrismDiagnostic): boolean => d.severity === 0;

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
