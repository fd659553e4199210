import { listSupportedBackends } from 'onnxruntime-node';

/**
 * Execution providers this agent's ONNX Runtime build can use, by ONNX Runtime's names (`cpu`,
 * `webgpu`, …). Providers the package lists but does not ship (`bundled: false`, such as CUDA
 * without its separately installed libraries) are left out: claiming them would attract variants
 * that cannot load here.
 */
export function availableExecutionProviders(): string[] {
  return listSupportedBackends()
    .filter((backend) => backend.bundled)
    .map((backend) => backend.name);
}
