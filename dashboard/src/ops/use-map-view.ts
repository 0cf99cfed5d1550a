import { select } from 'd3-selection';
import type { D3ZoomEvent, ZoomBehavior, ZoomTransform } from 'd3-zoom';
import { zoom, zoomIdentity } from 'd3-zoom';
import type { RefObject } from 'react';
import { useCallback, useEffect, useRef, useState } from 'react';

/** How the map is shown: d3-zoom's transform (map units), and the screen pixels a map unit takes at 1x. */
export interface MapView {
  readonly transform: ZoomTransform;
  /** Screen pixels per map unit before zooming: marks and names are sized in pixels through it. */
  readonly pxPerUnit: number;
  zoomIn(): void;
  zoomOut(): void;
  reset(): void;
}

const maxZoom = 16; // one district across the whole map
const buttonStep = 1.6; // per click of + or −: about two wheel notches

/**
 * Pan and zoom of an SVG map `width` x `height` map units wide, with the wheel, a drag, a pinch
 * or the buttons (through `zoomIn`, `zoomOut`, `reset`); the map never leaves its frame.
 */
export function useMapView(svg: RefObject<SVGSVGElement | null>, width: number, height: number): MapView {
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);
  const [pxPerUnit, setPxPerUnit] = useState(1);
  const behaviour = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);

  useEffect(() => {
    const element = svg.current;
    if (element === null) return undefined;
    const zoomer = zoom<SVGSVGElement, unknown>()
      .extent([[0, 0], [width, height]])
      .scaleExtent([1, maxZoom])
      .translateExtent([[0, 0], [width, height]])
      .on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => setTransform(event.transform));
    // A double click would zoom and also select a district twice: the buttons zoom instead.
    const selection = select(element).call(zoomer).on('dblclick.zoom', null);
    behaviour.current = zoomer;
    // preserveAspectRatio "meet": the map fits the box, its shorter side decides the scale.
    const measure = () => setPxPerUnit(Math.max(1e-3, Math.min(element.clientWidth / width, element.clientHeight / height)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => {
      observer.disconnect();
      selection.on('.zoom', null);
      behaviour.current = null;
    };
  }, [svg, width, height]);

  const apply = useCallback(
    (change: (zoomer: ZoomBehavior<SVGSVGElement, unknown>, element: SVGSVGElement) => void) => {
      if (svg.current !== null && behaviour.current !== null) change(behaviour.current, svg.current);
    },
    [svg],
  );
  const zoomIn = useCallback(() => apply((zoomer, element) => zoomer.scaleBy(select(element), buttonStep)), [apply]);
  const zoomOut = useCallback(() => apply((zoomer, element) => zoomer.scaleBy(select(element), 1 / buttonStep)), [apply]);
  const reset = useCallback(() => apply((zoomer, element) => zoomer.transform(select(element), zoomIdentity)), [apply]);
  return { transform, pxPerUnit, zoomIn, zoomOut, reset };
}
