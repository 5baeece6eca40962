import { fileURLToPath } from 'node:url';

/** Where this repository builds the portal: generated/docs. */
export const defaultOutDir = fileURLToPath(new URL('../../generated/docs/', import.meta.url));
