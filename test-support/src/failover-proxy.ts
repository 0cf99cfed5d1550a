import { createServer, request as forwardRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** One request the proxy passed on, and to which node. */
export interface ProxiedRequest {
  /** Method and path with its query, as the client asked. */
  readonly method: string;
  readonly path: string;
  /** The base address of the node that answered, or null when none did. */
  readonly node: string | null;
  readonly status: number;
}

export interface FailoverProxy {
  /** http://127.0.0.1:<port>: the one address the browsers are given. */
  readonly url: string;
  /** Every request passed on so far, oldest first. */
  readonly requests: readonly ProxiedRequest[];
  close(): Promise<void>;
}

// Hop-by-hop headers (RFC 9110, section 7.6.1) belong to one connection and are not passed on.
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade']);
/** Methods that may be sent to another node after one reset the connection without an answer (nginx's default). */
const idempotent = new Set(['GET', 'HEAD', 'OPTIONS']);
/** A connection refused: the node never received the request, whatever its method. */
const refused = (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED';

const endToEnd = (headers: IncomingHttpHeaders): IncomingHttpHeaders => Object.fromEntries(Object.entries(headers).filter(([name]) => !hopByHop.has(name)));

const readBody = (incoming: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => resolve(Buffer.concat(chunks)));
    incoming.once('error', reject);
  });

/**
 * A reverse proxy in front of several api nodes that fails over as the deployment's nginx does,
 * but balances nothing, so a test knows which node answered: each request goes to the first node
 * that takes its connection, and to the next when the connection is refused, or
 * (a GET, HEAD or OPTIONS) reset before an answer; the body is held, so a refused POST goes to the next node whole.
 * Answers stream through unbuffered, server-sent events included; an answer cut off by its node
 * going away is cut off for the client too, so a browser notices and reconnects. A fresh
 * connection per request: no pooled socket to a node that has gone.
 */
export async function startFailoverProxy(nodes: readonly string[]): Promise<FailoverProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();

  const pass = (incoming: IncomingMessage, outgoing: ServerResponse, body: Buffer, index: number): void => {
    const method = incoming.method ?? 'GET';
    const path = incoming.url ?? '/';
    const node = nodes[index];
    if (node === undefined) {
      requests.push({ method, path, node: null, status: 502 });
      outgoing.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'PROXY_NO_NODE', message: 'no api node took the connection' } }));
      return;
    }
    const { hostname, port } = new URL(node);
    let answered = false;
    const upstream = forwardRequest({ hostname, port, method, path, headers: { ...endToEnd(incoming.headers), connection: 'close' }, agent: false }, (answer) => {
      answered = true;
      requests.push({ method, path, node, status: answer.statusCode ?? 0 });
      outgoing.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      outgoing.flushHeaders();
      answer.on('data', (chunk: Buffer) => outgoing.write(chunk));
      answer.once('end', () => outgoing.end());
      // The node went away mid-answer (a stream cut by a stop or a kill): cut the client's too.
      answer.once('aborted', () => outgoing.destroy());
      answer.once('error', () => outgoing.destroy());
    });
    upstream.setNoDelay(true);
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return outgoing.destroy();
      if (refused(error) || (error.code === 'ECONNRESET' && idempotent.has(method))) return pass(incoming, outgoing, body, index + 1);
      requests.push({ method, path, node, status: 502 });
      outgoing.destroy();
    });
    // The client left (a page closed, a stream given up): the node's side goes too.
    outgoing.once('close', () => upstream.destroy());
    upstream.end(body);
  };

  const server = createServer((incoming, outgoing) => {
    readBody(incoming).then(
      (body) => pass(incoming, outgoing, body, 0),
      () => outgoing.destroy(),
    );
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
