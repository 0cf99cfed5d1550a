/**
 * Centres for labels stacked along one axis (the Siaga levels beside a chart), in the axis's units:
 * each label as near to where it wants to be as it can, no two centres closer than `size` (so their
 * boxes never overlap), all inside `min`..`max`. Labels that would touch move as one block to the
 * mean of their wishes (pool-adjacent-violators), so the result has the least total displacement
 * and keeps the labels' order. When even a tight stack does not fit, they share the room evenly.
 * Pure: `wanted` is left as it is and the result is in its order.
 */
export function spreadLabels(wanted: readonly number[], size: number, min: number, max: number): number[] {
  const n = wanted.length;
  if (n === 0) return [];
  const order = wanted.map((_, i) => i).sort((a, b) => wanted[a]! - wanted[b]! || a - b);
  const room = max - min;
  const step = n > 1 && (n - 1) * size > room ? room / (n - 1) : size;

  interface Block {
    readonly first: number; // index into `order`
    count: number;
    /** Sum over the block of wanted − offset inside the block: the block's best start is its mean. */
    sum: number;
  }
  const startOf = (block: Block) => Math.min(max - (block.count - 1) * step, Math.max(min, block.sum / block.count));
  const blocks: Block[] = [];
  order.forEach((index, k) => {
    let block: Block = { first: k, count: 1, sum: wanted[index]! };
    // Merge with the block above while the two would overlap.
    for (let previous = blocks.at(-1); previous !== undefined && startOf(previous) + previous.count * step > startOf(block); previous = blocks.at(-1)) {
      blocks.pop();
      block = { first: previous.first, count: previous.count + block.count, sum: previous.sum + block.sum - block.count * previous.count * step };
    }
    blocks.push(block);
  });

  const centres = new Array<number>(n);
  for (const block of blocks) {
    const start = startOf(block);
    for (let j = 0; j < block.count; j += 1) centres[order[block.first + j]!] = start + j * step;
  }
  return centres;
}
