import net from 'node:net';
import { Aedes } from 'aedes';
import type { AedesOptions } from 'aedes';

/** A real Aedes broker on a free port of 127.0.0.1, for tests (STYLE.md: real components, no mocks). */
export interface RealBroker {
  readonly broker: Aedes;
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startRealBroker(options: AedesOptions = {}): Promise<RealBroker> {
  const broker = await Aedes.createBroker(options);
  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the broker has no TCP address');
  return {
    broker,
    url: `mqtt://127.0.0.1:${address.port}`,
    port: address.port,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on (bound, then released). */
export async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}
