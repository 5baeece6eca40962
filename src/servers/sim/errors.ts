// Error bodies in each service's own format, as the documents describe them.
//   ecs:  {"error": {"code": "Ecs.0005", "message": "..."}}        (ECS native API)
//   bms:  {"error": {"code": "BMS.0001", "message": "..."}}        (BMS tags API)
//   nova: {"badRequest": {"code": 400, "message": "..."}}          (BMS v2.1, OpenStack Nova faults)
//   rfs:  {"error_code": "LPA.00000400", "error_msg": "..."}       (RFS)
// and the API gateway's {"error_code": "APIGW.0301", "error_msg", "request_id"} for authentication and routing.

import { type Dialect, errorCodes } from './spec.ts';

export type { Dialect } from './spec.ts';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

// Codes (Nova: fault names) come from the documents' error examples, read once when the simulator loads, so a
// code is written in one place only. Ecs.0409 (conflict) is marked illustrative in ecs.yaml.
const CODES = errorCodes();

export function serviceError(dialect: Dialect, status: number, message: string): Reply {
  const codes = CODES[dialect];
  const code = codes.get(status) ?? codes.get(500) ?? ''; // errorCodes() guarantees a 500 code
  if (dialect === 'nova') return { status, body: { [code]: { code: status, message } } };
  if (dialect === 'rfs') return { status, body: { error_code: code, error_msg: message } };
  return { status, body: { error: { code, message } } };
}

export function gatewayError(status: number, code: string, message: string, requestId: string): Reply {
  return { status, body: { error_code: code, error_msg: message, request_id: requestId } };
}
