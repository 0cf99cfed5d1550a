/** A listener could not bind: names the setting to change. */
export class ListenError extends Error {
  constructor(setting: string, port: number, host: string, reason: string) {
    super(`${setting}: cannot listen on ${host}:${port} (${reason}); set ${setting} to a free port (0 picks one)`);
    this.name = 'ListenError';
  }
}

export async function listenOrExplain<T>(setting: string, port: number, host: string, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ListenError(setting, port, host, 'the port is already in use');
    if (code === 'EACCES') throw new ListenError(setting, port, host, 'permission denied; ports below 1024 need privileges');
    if (code === 'EADDRNOTAVAIL') throw new ListenError('KENDALI_HOST', port, host, 'no such address on this machine');
    throw error;
  }
}
