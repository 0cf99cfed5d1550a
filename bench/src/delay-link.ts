import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface DelayLink {
  /** http:// base URL of the relay, to use instead of the server's own. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A TCP relay on loopback that holds every chunk for `oneWayMs` in each direction, so a server on
 * this machine looks as far away as one across a network (round trip 2 × `oneWayMs`): InfluxDB in
 * another data centre, or InfluxDB Cloud. Order is kept (equal delays fire in order); bandwidth is not limited.
 */
export async function openDelayLink(targetPort: number, oneWayMs: number): Promise<DelayLink> {
  const sockets = new Set<Socket>();
  const later = (action: () => void) => setTimeout(action, oneWayMs);
  const relay = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => later(() => to.destroyed || to.write(chunk)));
    from.on('end', () => later(() => to.end()));
    from.on('close', () => later(() => to.destroy()));
    from.on('error', () => undefined); // 'close' follows and takes the other side down
  };
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
