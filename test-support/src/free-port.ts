import { createServer } from 'node:net';

/**
 * A loopback port nobody listens on right now, for a process that must come back on the same port
 * after a restart (port 0 would give it a new one each time).
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
