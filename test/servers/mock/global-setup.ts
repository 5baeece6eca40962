// Builds the command when needed, then starts the real mock once for the contract suite and hands its URL to the
// tests (`inject('mockUrl')`).
// A mock that fails to start fails the whole suite with its own message.
import type { TestProject } from 'vitest/node';
import { ensureBuilt } from '../../support/built.ts';
import { type MockProcess, startMock } from './mock-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The process tests run the built command (what ships): build it first when a source is newer.
  await ensureBuilt();
  let mock: MockProcess;
  try {
    mock = await startMock('mock');
  } catch (error) {
    throw new Error(`The contract tests need the mock server, and it did not start: ${(error as Error).message}`);
  }
  project.provide('mockUrl', mock.url);
  return async () => {
    await mock.stop();
  };
}
