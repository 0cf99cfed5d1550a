import { SingleBar } from 'cli-progress';

/** A count of bytes shown as it grows: a bar on a terminal, a plain line every 10 % elsewhere (CI logs). */
export interface Progress {
  update(doneBytes: number, totalBytes: number): void;
  stop(): void;
}

const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

export function showProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar({ stream, format: `${label} [{bar}] {percentage}% | {done} of {all}`, hideCursor: true, clearOnComplete: false });
    let started = false;
    return {
      update(doneBytes, totalBytes) {
        const total = Math.max(totalBytes, 1);
        if (!started) bar.start(total, 0, { done: mib(0), all: mib(totalBytes) });
        started = true;
        bar.setTotal(total);
        bar.update(Math.min(doneBytes, total), { done: mib(doneBytes), all: mib(totalBytes) });
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let lastTenth = -1;
  return {
    update(doneBytes, totalBytes) {
      const tenth = totalBytes === 0 ? 10 : Math.floor((10 * doneBytes) / totalBytes);
      if (tenth <= lastTenth) return;
      lastTenth = tenth;
      stream.write(`${label}: ${tenth * 10}% (${mib(doneBytes)} of ${mib(totalBytes)})\n`);
    },
    stop: () => undefined,
  };
}
