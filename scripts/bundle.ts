// npm run bundle: openapi/ → generated/openapi/*.{yaml,json} and generated/operations.ts (src/tooling/generate.ts).
import { bundle } from '../src/tooling/generate.ts';

try {
  console.log(`bundled ${bundle().join(', ')}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
