// Error bodies in each service's own format, as the documents describe them.
//   ecs:  {"error": {"code": "Ecs.0005", "message": "..."}}        (ECS native API)
//   bms:  {"error": {"code": "BMS.0001", "message": "..."}}        (BMS tags API)
//   nova: {"badRequest": {"code": 400, "message": "..."}}          (BMS v2.1, OpenStack Nova faults)
//   rfs:  {"error_code": "LPA.00000400", "error_msg": "..."}       (RFS)
// and the API gateway's {"error_code": "APIGW.0301", "error_msg", "request_id"} for authentication and routing.

export type Dialect = 'ecs' | 'bms' | 'nova' | 'rfs';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

// Codes are the documents' own examples. Ecs.0409 (conflict) is marked illustrative in ecs.yaml; ShowJob's 404
// reuses the document's NotFound response (Ecs.0114), which is written for servers.
const CODES: Record<Exclude<Dialect, 'nova'>, Record<number, string>> = {
  ecs: { 400: 'Ecs.0005', 403: 'Ecs.0013', 404: 'Ecs.0114', 409: 'Ecs.0409', 429: 'Common.1503', 500: 'Common.0001' },
  bms: { 400: 'BMS.0001', 403: 'BMS.0403', 404: 'BMS.0404', 500: 'Common.0001' },
  rfs: { 400: 'LPA.00000400', 403: 'LPA.00000403', 404: 'LPA.00000404', 429: 'LPA.00000429', 500: 'LPA.00000500' },
};

const NOVA_FAULTS: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  409: 'conflictingRequest',
  413: 'overLimit',
  500: 'computeFault',
};

export function serviceError(dialect: Dialect, status: number, message: string): Reply {
  if (dialect === 'nova') return { status, body: { [NOVA_FAULTS[status] ?? 'computeFault']: { code: status, message } } };
  const code = CODES[dialect][status] ?? CODES[dialect][500] ?? 'Common.0001';
  if (dialect === 'rfs') return { status, body: { error_code: code, error_msg: message } };
  return { status, body: { error: { code, message } } };
}

export function gatewayError(status: number, code: string, message: string, requestId: string): Reply {
  return { status, body: { error_code: code, error_msg: message, request_id: requestId } };
}
