// Files the docs builder reads at build time (landing.css, redoc-template.hbs). They sit beside this code in the
// source tree; a built package ships them in `assets/docs/`, next to its bundle or one level up.
import { locateAsset } from '../openapi/load.ts';

export function docsAsset(name: string): string {
  return locateAsset([`./${name}`, `./assets/docs/${name}`, `../assets/docs/${name}`], import.meta.url);
}
