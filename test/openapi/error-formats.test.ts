// The three error formats and the gateway's: recognised, read and written the same way everywhere.
import { describe, expect, it } from 'vitest';
import { classifyError, codeFor, errorCodes, readError, withMessage, writeError } from '../../src/openapi/error-formats.ts';
import { loadDocuments } from '../../src/openapi/load.ts';

describe('error formats', () => {
  it('reads code, message and request id from each format', () => {
    expect(readError({ error: { code: 'Ecs.0005', message: 'bad' } })).toEqual({ code: 'Ecs.0005', message: 'bad' });
    expect(readError({ itemNotFound: { code: 404, message: 'gone' } })).toEqual({ code: 'itemNotFound', message: 'gone' });
    expect(readError({ error_code: 'APIGW.0301', error_msg: 'sig', request_id: 'r1' })).toEqual({ code: 'APIGW.0301', message: 'sig', requestId: 'r1' });
    expect(readError('text')).toEqual({});
  });
  it('writes each dialect and classifies what it wrote', () => {
    expect(classifyError(writeError('ecs', 400, 'Ecs.0005', 'm'))).toBe('huawei');
    expect(classifyError(writeError('nova', 400, 'badRequest', 'm'))).toBe('nova');
    expect(classifyError(writeError('rfs', 400, 'X', 'm'))).toBe('flat');
    expect(writeError('gateway', 401, 'APIGW.0301', 'm', 'r')).toEqual({ error_code: 'APIGW.0301', error_msg: 'm', request_id: 'r' });
    expect(classifyError({ unrelated: true })).toBeUndefined();
  });
  it('replaces a message and keeps the code and format', () => {
    expect(withMessage({ error: { code: 'Ecs.0005', message: 'old' } }, 'new')).toEqual({ error: { code: 'Ecs.0005', message: 'new' } });
    expect(withMessage({ error_code: 'X', error_msg: 'old' }, 'new')).toEqual({ error_code: 'X', error_msg: 'new' });
  });
  it('takes the codes per status from the documents, falling back to the 500 code', () => {
    const codes = errorCodes(loadDocuments());
    for (const dialect of ['ecs', 'bms', 'nova', 'rfs'] as const) expect(codes[dialect].has(500), dialect).toBe(true);
    expect(codes.ecs.get(400)).toBe('Ecs.0005');
    expect(codes.nova.get(404)).toBe('itemNotFound');
    expect(codeFor(codes, 'ecs', 418)).toBe(codes.ecs.get(500));
  });
});
