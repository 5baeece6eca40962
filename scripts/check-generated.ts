// npm run check:generated: fails when generated/ is not what `npm run generate` makes from openapi/ (src/tooling/generate.ts).
import { checkGenerated } from '../src/tooling/generate.ts';

try {
  const { drifted, files } = checkGenerated();
  if (drifted.length > 0) {
    console.error(`generated/ was out of date with openapi/ (now regenerated; review and commit):\n  ${drifted.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`generated/ is up to date (${files} files)`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
