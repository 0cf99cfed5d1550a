/** Whether `work` settled within `timeoutMs`; never leaves a timer behind. */
export async function withinMs(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([work.then(() => true, () => true), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether `work` settled before `signal` aborted. */
export function settlesBefore(work: Promise<unknown>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const abandon = (): void => resolve(false);
    signal.addEventListener('abort', abandon, { once: true });
    void work
      .then(
        () => true,
        () => true,
      )
      .then((settled) => {
        signal.removeEventListener('abort', abandon);
        resolve(settled);
      });
  });
}
