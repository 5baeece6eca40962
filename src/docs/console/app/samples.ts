// The sample code for exactly the request the page sent, from the same generator as the documents'
// x-codeSamples (src/openapi/samples.ts): the target, path values, declared headers and mock Prefer header as
// sent, the body as sent, and the kind of credentials used (their values come from the environment).
import type { Credentials } from '../../../index.ts';
import { curlSample, type SampleRequest, typescriptSample } from '../../../openapi/samples.ts';
import type { ConsoleOperation } from '../model.ts';
import type { ShownRequest } from './mask.ts';

export interface SentCall {
  operation: ConsoleOperation;
  baseUrl: string;
  path: Record<string, string>;
  prefer: string | undefined;
  credentials: Credentials;
  sent: ShownRequest;
}

export function samplesFor({ operation, baseUrl, path, prefer, credentials, sent }: SentCall): { curl: string; typescript: string } {
  const header = (name: string) => sent.headers.find(([sentName]) => sentName.toLowerCase() === name.toLowerCase())?.[1];
  const headerParams = Object.fromEntries(operation.headerParameters.flatMap((name) => (header(name) === undefined ? [] : [[name, header(name) ?? '']])));
  let body: unknown;
  try {
    body = sent.body === undefined ? undefined : JSON.parse(sent.body);
  } catch {
    body = sent.body; // not JSON: shown as the string it was
  }
  const request: SampleRequest = {
    service: operation.service,
    operationId: operation.operationId,
    method: operation.method,
    path: operation.path,
    pathParams: path,
    ...(Object.keys(headerParams).length ? { headerParams } : {}),
    ...(prefer ? { headers: { Prefer: prefer } } : {}),
    ...(body === undefined ? {} : { body }),
    baseUrl,
    auth: 'token' in credentials ? 'token' : 'aksk',
  };
  const options = { outcome: operation.outcome };
  return { curl: curlSample(request, options), typescript: typescriptSample(request, options) };
}
