import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/**
 * The workers' Prometheus endpoint: GET /metrics on its own small HTTP listener (METRICS_PORT), as
 * worker processes serve nothing else. It has no authentication: bind it to an address only the
 * monitoring network reaches (METRICS_HOST), as is usual for exporters; it shows counts only.
 */
export interface MetricsListener {
  port: number;
  close(): Promise<void>;
}

export async function listenForMetrics(registry: Registry, port: number, host: string, onError: (err: Error) => void): Promise<MetricsListener> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (err: unknown) => {
        // A gauge's read failed (database down): say so, Prometheus marks the scrape failed.
        onError(err instanceof Error ? err : new Error(String(err)));
        res.writeHead(503, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}
