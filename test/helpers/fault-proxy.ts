import net from 'node:net';

/**
 * A TCP proxy in front of a server, for network faults a real network has: `refuse` closes every
 * connection as it arrives (a crashed or unreachable server), `cut` passes the request but only the
 * first `cutAfterBytes` of the answer (a connection dropped mid-transfer), `forward` passes all.
 * Changing the mode closes the connections open so far, so a client's pooled keep-alive sockets
 * meet the new mode too. It also keeps the head of each request it forwarded (the headers a test
 * checks were sent).
 */
export type FaultMode = 'forward' | 'refuse' | 'cut';

export interface FaultProxy {
  endpoint: string;
  /** Connections accepted so far (each try of a refused request is one). */
  connections: number;
  /** The first bytes of every request passed on, as text. */
  requestHeads: string[];
  setMode(mode: FaultMode, cutAfterBytes?: number): void;
  close(): Promise<void>;
}

export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  let mode: FaultMode = 'forward';
  let cutAfter = 0;
  const open = new Set<net.Socket>();
  const proxy: FaultProxy = {
    endpoint: '',
    connections: 0,
    requestHeads: [],
    setMode(next, cutAfterBytes = 0) {
      mode = next;
      cutAfter = cutAfterBytes;
      for (const s of open) s.destroy();
      open.clear();
    },
    close: () => new Promise((resolve) => {
      for (const s of open) s.destroy();
      server.close(() => resolve());
    }),
  };
  const server = net.createServer((client) => {
    proxy.connections++;
    if (mode === 'refuse') {
      client.destroy();
      return;
    }
    const connMode = mode;
    const upstream = net.connect(targetPort, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    let sent = 0;
    client.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      if (/^(GET|PUT|HEAD|POST|DELETE) /.test(text)) proxy.requestHeads.push(text.slice(0, 2000));
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (connMode !== 'cut') {
        client.write(chunk);
        return;
      }
      const room = cutAfter - sent;
      if (room > 0) client.write(chunk.subarray(0, room));
      sent += chunk.length;
      if (sent >= cutAfter) {
        client.destroy();
        upstream.destroy();
      }
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return proxy;
}
