import { createServer, type Server, Socket } from 'node:net';

/**
 * A TCP proxy that can cut a client off its server as a lost uplink does: while cut, nothing passes
 * either way and nothing is closed (each side finds out by its own timeouts, as in a real network
 * partition); bytes sent meanwhile arrive after restore(), like TCP's retransmissions, if their
 * connection is still open by then. The server itself keeps running for everyone else.
 */
export class CuttableProxy {
  private readonly sockets = new Set<Socket>();
  private cutOff = false;
  private readonly held: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<CuttableProxy> {
    let proxy: CuttableProxy | undefined;
    const server = createServer((client) => {
      const upstream = new Socket();
      for (const socket of [client, upstream]) {
        proxy!.sockets.add(socket);
        socket.once('close', () => proxy!.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      const forward = (from: Socket, to: Socket) => from.on('data', (chunk: Buffer) => proxy!.pass(() => to.destroyed || to.write(chunk)));
      forward(client, upstream);
      forward(upstream, client);
      upstream.connect(targetPort, '127.0.0.1');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new CuttableProxy(server, (server.address() as { port: number }).port);
    return proxy;
  }

  /** `mqtt://` URL of this proxy, for a broker behind it. */
  get mqttUrl(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  cut(): void {
    this.cutOff = true;
  }

  /** Lets traffic pass again, what was held first, in order. */
  restore(): void {
    this.cutOff = false;
    this.held.splice(0).forEach((send) => send());
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private pass(send: () => void): void {
    if (this.cutOff) this.held.push(send);
    else send();
  }
}
