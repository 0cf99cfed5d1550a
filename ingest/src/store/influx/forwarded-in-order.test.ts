import { describe, expect, it } from 'vitest';
import { ForwardedInOrder } from './forwarded-in-order';

const batch = (size: number) => Array.from({ length: size }, (_, i) => Buffer.from(`line ${i}`));

describe('ForwardedInOrder', () => {
  it('lets a batch confirmed before the one ahead of it leave only after that one, in spool order', async () => {
    const left: number[] = [];
    const inOrder = new ForwardedInOrder((records) => left.push(records));
    const first = batch(3);
    const second = batch(5);
    inOrder.sending(first);
    inOrder.sending(second);
    let secondLeft = false;
    const secondWritten = inOrder.written(second).then(() => (secondLeft = true));
    await Promise.resolve();
    expect(left).toEqual([]);
    expect(secondLeft).toBe(false);
    inOrder.sending(first); // sent again after a failure: keeps its place at the front
    await inOrder.written(first);
    await secondWritten;
    expect(left).toEqual([3, 5]);
  });

  it('lets a batch it was never told about leave at once', async () => {
    const left: number[] = [];
    await new ForwardedInOrder((records) => left.push(records)).written(batch(2));
    expect(left).toEqual([2]);
  });
});
