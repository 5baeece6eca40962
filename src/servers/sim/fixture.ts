// A fixture checked against its schema (formats.ts) with the project's one validator: a typo fails at start, in
// the same message style as a bad request, naming the field. No file system: persistence.ts reads fixture files.
import { compileSchema, formatViolations } from '../../openapi/validators.ts';
import { StartupError } from '../startup-error.ts';
import { FIXTURE_SCHEMA, type Fixture } from './formats.ts';

const checkFixture = compileSchema(FIXTURE_SCHEMA, 'fixture');

/** Checks a fixture; `where` is its file, if it came from one. */
export function parseFixture(data: unknown, where?: string): Fixture {
  const violations = checkFixture(data);
  if (violations.length > 0) throw new StartupError(`fixture${where ? ` ${where}` : ''} is invalid: ${formatViolations(violations)}`);
  return data as Fixture;
}
