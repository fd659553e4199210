import request from 'supertest';
import { startController, TestController } from '../support/controller';
import { api, keyWithRole } from '../support/http';

type Role = 'admin' | 'operator' | 'viewer';
interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
}

// The least role of every write route; reads need `viewer` except the API-key routes. A new route
// that is not listed here fails the test, so its role is decided on purpose.
const LEAST_ROLE: Record<string, Role> = {
  'post /api/v1/devices': 'operator',
  'patch /api/v1/devices/{id}': 'operator',
  'post /api/v1/devices/{id}/decommission': 'operator',
  'post /api/v1/devices/{id}/credentials': 'operator',
  'post /api/v1/hardware-profiles': 'admin',
  'patch /api/v1/hardware-profiles/{name}': 'admin',
  'delete /api/v1/hardware-profiles/{name}': 'admin',
  'post /api/v1/models/{name}/versions': 'operator',
  'get /api/v1/models/{name}/versions/{version}/file': 'operator',
  'post /api/v1/models/{name}/versions/{version}/compile': 'operator',
  'delete /api/v1/compile-jobs/{id}': 'operator',
  'put /api/v1/models/{name}/versions/{version}/calibration-set': 'operator',
  'get /api/v1/api-keys': 'admin',
  'get /api/v1/api-keys/{id}': 'admin',
  'post /api/v1/api-keys': 'admin',
  'delete /api/v1/api-keys/{id}': 'admin',
  'get /api/v1/audit-events': 'admin',
  'put /api/v1/devices/{id}/desired': 'operator',
  'post /api/v1/deployments': 'operator',
  'post /api/v1/deployments/{id}/pause': 'operator',
  'post /api/v1/deployments/{id}/resume': 'operator',
  'post /api/v1/deployments/{id}/abort': 'operator',
  'post /api/v1/deployments/{id}/promote': 'operator',
  // Devices download these with their own credentials (test/fleet); among API keys, operators.
  'get /api/v1/variants/{id}/artifact': 'operator',
  'get /api/v1/variants/{id}/samples': 'operator',
  // Public keys are no secret, but what the devices trust is configured by those who provision them.
  'get /api/v1/signing-keys': 'operator',
};
const PUBLIC = new Set(['get /api/v1/health', 'get /api/v1/ready']);
const RANK: Role[] = ['admin', 'operator', 'viewer'];

/** Walks every route of the OpenAPI document with no key and with each role. */
describe('role checks on every route', () => {
  let controller: TestController;
  let routes: Route[];
  const tokens: Partial<Record<Role, string>> = {};

  beforeAll(async () => {
    controller = await startController();
    const admin = api(controller, controller.adminToken);
    tokens.admin = controller.adminToken;
    tokens.operator = await keyWithRole(admin, 'operator');
    tokens.viewer = await keyWithRole(admin, 'viewer');
    const document = await request(controller.url).get('/api/openapi.json').expect(200);
    routes = Object.entries(document.body.paths as Record<string, object>).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => ({ method: method as Route['method'], path })),
    );
  });
  afterAll(() => controller.close());

  const call = (route: Route, token?: string) => {
    const path = route.path.replace('{id}', '0190d1a6-0000-7000-8000-000000000000').replace('{name}', 'no-such').replace('{version}', '1');
    const test = request(controller.url)[route.method](path);
    return (token ? test.set('Authorization', `Bearer ${token}`) : test).send({});
  };
  const leastRole = (route: Route): Role | undefined =>
    LEAST_ROLE[`${route.method} ${route.path}`] ?? (route.method === 'get' ? 'viewer' : undefined);

  it('knows the role of every route', () => {
    const unlisted = routes
      .filter((route) => !PUBLIC.has(`${route.method} ${route.path}`))
      .filter((route) => leastRole(route) === undefined);
    expect(unlisted).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(14);
  });

  it('answers 401 on every non-public route without a key', async () => {
    for (const route of routes.filter((r) => !PUBLIC.has(`${r.method} ${r.path}`))) {
      const response = await call(route);
      expect({ route, status: response.status }).toEqual({ route, status: 401 });
    }
  });

  it.each(RANK)('lets the %s role through exactly where its rank suffices', async (role) => {
    for (const route of routes.filter((r) => !PUBLIC.has(`${r.method} ${r.path}`))) {
      const allowed = RANK.indexOf(role) <= RANK.indexOf(leastRole(route) ?? 'admin');
      const response = await call(route, tokens[role]);
      const refused = response.status === 403;
      expect({ route, role, refused }).toEqual({ route, role, refused: !allowed });
      expect(response.status).not.toBe(401);
    }
  });
});
