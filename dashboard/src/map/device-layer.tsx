import { useEffect, useRef } from 'react';
import type { MarkerState } from '../status/status-look';
import { markerLook } from '../status/status-look';
import { shapePath } from '../status/status-shape';
import type { PlacedDevice } from './device-markers';
import { markerPaintOrder } from './device-markers';

export interface DeviceLayerProps {
  readonly width: number;
  readonly height: number;
  readonly devices: readonly PlacedDevice[];
  readonly states: ReadonlyMap<string, MarkerState>;
}

const baseRadius = 4.2; // map units (1,000 across): a dot a few pixels wide on a wall
const alarmRadius = 9;

/**
 * Device markers on a canvas: thousands of them cost one bitmap, not thousands of DOM nodes, and
 * are repainted only when a state changes. Shape and colour both carry the state (see the legend).
 */
export function DeviceLayer({ width, height, devices, states }: DeviceLayerProps) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const element = canvas.current;
    if (!element) return undefined;
    const paint = () => {
      const box = element.getBoundingClientRect();
      const ratio = window.devicePixelRatio || 1;
      const pixelWidth = Math.max(1, Math.round(box.width * ratio));
      const pixelHeight = Math.max(1, Math.round(box.height * ratio));
      if (element.width !== pixelWidth || element.height !== pixelHeight) {
        element.width = pixelWidth;
        element.height = pixelHeight;
      }
      const context = element.getContext('2d');
      if (!context) return;
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.clearRect(0, 0, pixelWidth, pixelHeight);
      const scale = pixelWidth / width;
      const byState = new Map<MarkerState, PlacedDevice[]>();
      for (const device of devices) {
        const state = states.get(device.id) ?? 'unknown';
        const group = byState.get(state);
        if (group) group.push(device);
        else byState.set(state, [device]);
      }
      for (const state of markerPaintOrder) {
        const group = byState.get(state);
        if (!group) continue;
        const look = markerLook(state);
        const alarm = state !== 'online' && state !== 'stale' && state !== 'offline' && state !== 'unknown';
        const r = (alarm ? alarmRadius : baseRadius) * scale;
        const shape = new Path2D(shapePath(look.shape, r));
        context.fillStyle = look.colour;
        context.strokeStyle = look.shape === 'ring' ? look.colour : '#0b1222';
        context.lineWidth = look.shape === 'ring' ? r * 0.4 : Math.max(1, r * 0.15);
        for (const device of group) {
          context.setTransform(1, 0, 0, 1, device.at[0] * scale, device.at[1] * scale);
          if (look.shape !== 'ring') context.fill(shape);
          context.stroke(shape);
        }
        context.setTransform(1, 0, 0, 1, 0, 0);
      }
    };
    paint();
    const observer = new ResizeObserver(paint);
    observer.observe(element);
    return () => observer.disconnect();
  }, [width, height, devices, states]);

  return <canvas ref={canvas} className="device-layer" aria-hidden="true" />;
}
