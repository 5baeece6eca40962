// Types for build.mjs, so the TypeScript tests (test/docs/global-setup.ts) can import it.
export declare const repoRoot: string;
export declare const defaultOutDir: string;
export declare function buildDocs(options?: { outDir?: string; log?: (line: string) => void }): Promise<{ outDir: string; pages: string[] }>;
