// The three error formats and the gateway's: recognised, read and written the same way everywhere.
import { describe, expect, it } from 'vitest';
import { classifyError, errorExample, errorExamples, readError, withMessage, writeError } from '../../src/openapi/error-formats.ts';
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
  it('finds an operation’s error example by name, or its first in the service format, and says what is missing', () => {
    const examples = errorExamples(loadDocuments());
    expect(errorExample(examples, 'ShowJob', 400)).toMatchObject({ name: 'Common.0011', dialect: 'ecs', code: 'Common.0011', status: 400 });
    expect(errorExample(examples, 'UpdateServerMetadata', 400, 'Ecs.0100')).toMatchObject({ code: 'Ecs.0100', dialect: 'ecs' });
    expect(errorExample(examples, 'UpdateBaremetalServerMetadataItem', 403, 'quota')).toMatchObject({
      dialect: 'nova',
      code: 'forbidden',
      message: 'Maximum number of metadata items exceeds 128',
      body: { forbidden: { code: 403, message: 'Maximum number of metadata items exceeds 128' } },
    });
    // The gateway's answers are not the service's: never the default, but found by name.
    expect(errorExample(examples, 'UpdatePrivateProviderMetadata', 401).code).toBe('RF.10012001');
    expect(errorExample(examples, 'UpdatePrivateProviderMetadata', 401, 'APIGW.0301').dialect).toBe('gateway');
    expect(() => errorExample(examples, 'ShowJob', 404)).toThrow('the documents give no error example in the service format for ShowJob 404 (examples: none)');
    expect(() => errorExample(examples, 'ShowJob', 400, 'Nope')).toThrow('no error example named "Nope" for ShowJob 400 (examples: Common.0011, Common.0025)');
  });
});
