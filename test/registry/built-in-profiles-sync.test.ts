import { createServer, connect, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { HardwareProfileRepository, PrismaService } from '@edgeplane/persistence';
import { EdgeplaneConfig } from '@edgeplane/platform';
import { HardwareProfilesService } from '@edgeplane/registry';
import { createTestDatabase, TestDatabase } from '../support/database';

/** Each new connection through it reaches PostgreSQL only after this long: a busy host's first connection. */
const CONNECT_DELAY_MS = 3_000;

/**
 * The built-in hardware profiles are written at every controller start, in one transaction that opens
 * the process's first database connection. Two replicas starting together on a busy host used to exit
 * there (P2028: the transaction could not start within Prisma's default 2 s).
 */
describe('the start-up sync of built-in hardware profiles', () => {
  let database: TestDatabase;
  let proxy: SlowConnectProxy;
  const clients: PrismaService[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    proxy = await SlowConnectProxy.start(new URL(database.url), CONNECT_DELAY_MS);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.$disconnect()));
    await proxy?.close();
    await database?.drop();
  });

  it('waits for a slow first connection, in two replicas starting at once', async () => {
    const replica = () => {
      const prisma = new PrismaService({ DATABASE_URL: proxy.databaseUrl } as EdgeplaneConfig);
      clients.push(prisma);
      return new HardwareProfilesService(new HardwareProfileRepository(prisma));
    };
    const [sut, other] = [replica(), replica()];

    await Promise.all([sut.onApplicationBootstrap(), other.onApplicationBootstrap()]);

    expect((await sut.list()).filter((profile) => profile.builtIn).map((profile) => profile.name).sort()).toEqual(['asic', 'cpu', 'fpga', 'gpu']);
  }, 30_000);
});

/** A TCP proxy to PostgreSQL that holds each new connection for `delayMs` before connecting it. */
class SlowConnectProxy {
  private constructor(
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
    readonly databaseUrl: string,
  ) {}

  static async start(target: URL, delayMs: number): Promise<SlowConnectProxy> {
    const sockets = new Set<Socket>();
    const server = createServer((incoming) => {
      sockets.add(incoming);
      incoming.pause();
      const timer = setTimeout(() => {
        const upstream = connect(Number(target.port || 5432), target.hostname, () => {
          incoming.pipe(upstream).pipe(incoming);
          incoming.resume();
        });
        sockets.add(upstream);
        upstream.on('error', () => incoming.destroy());
        incoming.on('close', () => upstream.destroy());
      }, delayMs);
      incoming.on('error', () => clearTimeout(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = new URL(target);
    url.hostname = '127.0.0.1';
    url.port = String((server.address() as AddressInfo).port);
    return new SlowConnectProxy(server, sockets, url.toString());
  }

  close(): Promise<void> {
    this.sockets.forEach((socket) => socket.destroy());
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
