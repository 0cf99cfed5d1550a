/**
 * The shipped faces (fonts.css) every page shows at once: Inter upright and italic, and the status
 * shapes. A face loads when text first needs it; asking for these up front lets the first render
 * wait for them, so no layout is ever computed with a machine's own fonts.
 */
const firstFaces: readonly (readonly [font: string, text: string])[] = [
  ['400 1em Inter', 'Kendali 0123456789'],
  ['italic 400 1em Inter', 'Kendali 0123456789'],
  ['400 1em "Noto Sans Symbols 2"', '●◌▲◆◷✓'],
];

/** Waits until the first faces are in, or `boundMs` has passed (a font that fails to load must not keep the page blank). */
export function shippedFontsLoaded(fonts: FontFaceSet, boundMs = 3_000): Promise<void> {
  const loaded = Promise.all(firstFaces.map(([font, text]) => fonts.load(font, text))).then(
    () => undefined,
    () => undefined,
  );
  const bound = new Promise<void>((resolve) => setTimeout(resolve, boundMs));
  return Promise.race([loaded, bound]);
}
