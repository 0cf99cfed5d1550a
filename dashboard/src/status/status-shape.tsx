import type { StatusShape } from './status-look';

/** Path of a shape centred on 0,0 with half-size `r` (SVG user units). */
function shapePath(shape: StatusShape, r: number): string {
  switch (shape) {
    case 'circle':
    case 'ring':
      return `M${-r},0a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0Z`;
    case 'triangle':
      return `M0,${-r}L${r},${r * 0.8}L${-r},${r * 0.8}Z`;
    case 'diamond':
      return `M0,${-r}L${r},0L0,${r}L${-r},0Z`;
    case 'square':
      return `M${-r * 0.8},${-r * 0.8}h${r * 1.6}v${r * 1.6}h${-r * 1.6}Z`;
    case 'cross': {
      const w = r * 0.38;
      return `M${-r},${-r + w}L${-r + w},${-r}L0,${-w}L${r - w},${-r}L${r},${-r + w}L${w},0L${r},${r - w}L${r - w},${r}L0,${w}L${-r + w},${r}L${-r},${r - w}L${-w},0Z`;
    }
  }
}

/** The shape drawn inside an existing SVG, at x,y. */
export function ShapeMark({ shape, colour, x, y, r }: { readonly shape: StatusShape; readonly colour: string; readonly x: number; readonly y: number; readonly r: number }) {
  const hollow = shape === 'ring';
  return (
    <path
      d={shapePath(shape, r)}
      transform={`translate(${x} ${y})`}
      fill={hollow ? 'none' : colour}
      stroke={hollow ? colour : '#0b1222'}
      strokeWidth={hollow ? r * 0.35 : r * 0.12}
    />
  );
}

/** A shape as an inline icon in text: 1em square, sits on the text's line. */
export function StatusIcon({ shape, colour }: { readonly shape: StatusShape; readonly colour: string }) {
  return (
    <svg className="status-icon" viewBox="-12 -12 24 24" aria-hidden="true">
      <ShapeMark shape={shape} colour={colour} x={0} y={0} r={10} />
    </svg>
  );
}
