import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Aedes } from 'aedes';
import type { BenchTarget } from './bench-target';

/** Bare Aedes with its defaults: no authorizePublish, no subscriber, no storage. The ceiling. */
export async function startAedesTarget(): Promise<BenchTarget> {
  const broker = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    socket.setNoDelay(true); // as Kendali's listener does
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    name: 'bare aedes',
    url: `mqtt://127.0.0.1:${port}`,
    record: () => undefined,
    observe: () => undefined,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}
