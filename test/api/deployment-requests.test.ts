import { readFile } from 'node:fs/promises';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { startController, TestController } from '../support/controller';
import { deploymentRequest, deploymentRowCounts } from '../support/deployments';
import { Api, api, sendRaw } from '../support/http';

/** Requests POST /deployments must refuse with a precise 4xx, writing nothing. No compiler: no variant exists. */
describe('refused deployment requests', () => {
  let controller: TestController;
  let operator: Api;

  beforeAll(async () => {
    controller = await startController();
    operator = api(controller, controller.adminToken);
    await sendRaw(controller, '/models/text-direction/versions', await readFile(REAL_MODEL_FILES.cls)).expect(201);
    await operator.post('/devices', { name: 'ber-cpu', hardwareProfile: 'cpu', labels: { site: 'berlin' } }).expect(201);
    await operator.post('/devices', { name: 'ber-fpga', hardwareProfile: 'fpga', labels: { site: 'berlin' } }).expect(201);
  });
  afterAll(() => controller.close());

  const gates = deploymentRequest().gates;
  const waves = (...percents: number[]) => ({ kind: 'waves', waves: percents.map((percent) => ({ percent, bakeSeconds: 0 })) });

  it.each([
    ['an unknown model version', { model: { name: 'text-direction', version: 9 } }, 404, 'model.version_not_found', /Model "text-direction" has no version 9/],
    ['an unknown model', { model: { name: 'no-such-model', version: 1 } }, 404, 'model.not_found', /No model named "no-such-model"/],
    ['an empty target', { target: { selector: 'site=nowhere' } }, 422, 'deployment.empty_target', /^empty target: no device .* matches selector "site=nowhere"/],
    ['a target without criteria', { target: {} }, 400, 'request.invalid', /^target: give at least one of selector, hardwareProfiles, deviceIds/],
    ['an unknown target device', { target: { deviceIds: ['0190d1a6-0000-7000-8000-000000000000'] } }, 404, 'deployment.unknown_devices', /no device with id 0190d1a6-0000-7000-8000-000000000000/],
    ['an unknown hardware profile', { target: { hardwareProfiles: ['tpu9'] } }, 404, 'hardware_profile.not_found', /tpu9/],
    ['a malformed selector', { target: { selector: 'site in berlin' } }, 400, 'label_selector.syntax', /berlin/],
    ['waves over 100 %', { strategy: waves(60, 30, 20) }, 400, 'request.invalid', /^strategy\.waves: the waves' percents add up to 110 %, over 100 %/],
    ['a wave of 0 %', { strategy: waves(0, 50) }, 400, 'request.invalid', /^strategy\.waves\.0\.percent: percent must be greater than 0/],
    ['a wave of 0 devices', { strategy: { kind: 'waves', waves: [{ count: 0, bakeSeconds: 0 }, { bakeSeconds: 0 }] } }, 400, 'request.invalid', /^strategy\.waves\.0\.count: count must not be less than 1/],
    ['a negative bake', { strategy: { kind: 'all-at-once', bakeSeconds: -1 } }, 400, 'request.invalid', /^strategy\.bakeSeconds: bakeSeconds must not be less than 0/],
    ['an unknown strategy', { strategy: { kind: 'blue-green' } }, 400, 'request.invalid', /^strategy\.kind: kind must be one of: waves, all-at-once/],
    ['maxFailedPercent over 100', { gates: { ...gates, maxFailedPercent: 101 } }, 400, 'request.invalid', /^gates\.maxFailedPercent: maxFailedPercent must not be greater than 100$/],
    ['maxErrorRate over 1', { gates: { ...gates, maxErrorRate: 1.5 } }, 400, 'request.invalid', /^gates\.maxErrorRate: maxErrorRate must not be greater than 1$/],
    ['maxP95LatencyMs of 0', { gates: { ...gates, maxP95LatencyMs: 0 } }, 400, 'request.invalid', /^gates\.maxP95LatencyMs: maxP95LatencyMs must be greater than 0$/],
    ['a negative maxP95RegressionPercent', { gates: { ...gates, maxP95LatencyMs: undefined, maxP95RegressionPercent: -5 } }, 400, 'request.invalid', /^gates\.maxP95RegressionPercent: maxP95RegressionPercent must not be less than 0$/],
    ['minReportedPercent below 0', { gates: { ...gates, minReportedPercent: -1 } }, 400, 'request.invalid', /^gates\.minReportedPercent: minReportedPercent must not be less than 0$/],
    ['both p95 gates', { gates: { ...gates, maxP95RegressionPercent: 10 } }, 400, 'request.invalid', /^gates: give maxP95LatencyMs or maxP95RegressionPercent, not both$/],
    ['a deadline of 0', { deadlineSeconds: 0 }, 400, 'request.invalid', /^deadlineSeconds: deadlineSeconds must not be less than 1$/],
    ['an unknown field', { colour: 'blue' }, 400, 'request.invalid', /^colour: unknown field/],
    ['no variant for any device', {}, 422, 'deployment.nothing_to_deploy', /None of the 2 targeted device\(s\) can run text-direction@1: no accepted variant for profile cpu or its class cpu; no accepted variant for profile fpga or its class fpga/],
  ])('refuses %s', async (_case, overrides, status, code, detail) => {
    const before = await deploymentRowCounts(controller);

    const response = await operator.post('/deployments', deploymentRequest(overrides)).expect(status);

    expect(response.body).toMatchObject({ status, code });
    expect(response.body.detail).toMatch(detail);
    expect(await deploymentRowCounts(controller)).toEqual(before);
    expect(before.deployments).toBe(0);
  });
});
