import { useEffect, useState } from 'react';

function readRemPx(): number {
  return Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

/**
 * Pixels per rem. The wall scales its root font with the viewport; SVG charts need the figure in
 * pixels to size their text the same way.
 */
export function useRemPx(): number {
  const [remPx, setRemPx] = useState(readRemPx);
  useEffect(() => {
    const update = () => setRemPx(readRemPx());
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, []);
  return remPx;
}
