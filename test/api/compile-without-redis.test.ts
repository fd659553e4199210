import { readFile } from 'node:fs/promises';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { startController, TestController } from '../support/controller';
import { Api, api, sendRaw } from '../support/http';

describe('compile requests while Redis is down', () => {
  let controller: TestController;
  let operator: Api;

  beforeAll(async () => {
    // Nothing listens on port 1: the queue is unreachable while PostgreSQL works.
    controller = await startController({ REDIS_URL: 'redis://127.0.0.1:1' });
    operator = api(controller, controller.adminToken);
  });
  afterAll(() => controller.close());

  it('answers 503 at once and writes nothing', async () => {
    await sendRaw(controller, '/models/text-direction/versions', await readFile(REAL_MODEL_FILES.cls)).expect(201);

    const response = await operator.post('/models/text-direction/versions/1/compile', {}).expect(503);

    expect(response.body.code).toBe('compile.queue_unavailable');
    const variants = await operator.get('/models/text-direction/versions/1/variants').expect(200);
    expect(variants.body).toEqual([]);
  });
});
