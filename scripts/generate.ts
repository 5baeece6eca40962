// npm run generate: bundle, then the TypeScript types of the bundles (src/tooling/generate.ts).
import { generate } from '../src/tooling/generate.ts';

try {
  generate();
  console.log('generated generated/openapi/*.{yaml,json}, generated/types/*.ts and generated/operations.ts');
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
