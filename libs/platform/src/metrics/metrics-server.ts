import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MetricsRegistry } from './metrics-registry';
import { carriesScrapeToken } from './scrape-token';

/**
 * A bare HTTP server answering only GET /metrics (with the scrape token), for processes that have no
 * HTTP API of their own (the compiler). Resolves once listening, with the port it got.
 */
export async function serveMetrics(metrics: MetricsRegistry, token: string, port: number, host: string): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    const answer = (status: number, body: string) => response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(body);
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') return answer(404, 'Only GET /metrics is served here.\n');
    if (!carriesScrapeToken(request.headers.authorization, token)) {
      return answer(401, 'GET /metrics needs the scrape token: send "Authorization: Bearer <EDGEPLANE_METRICS_TOKEN>".\n');
    }
    metrics.exposition().then(
      (body) => response.writeHead(200, { 'Content-Type': metrics.contentType }).end(body),
      (error: Error) => answer(500, `metrics could not be collected: ${error.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
