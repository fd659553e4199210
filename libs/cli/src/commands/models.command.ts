import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import type { ModelSummaryView, ModelVersionView } from '@edgeplane/contracts';
import { usageError } from '../cli-error';
import { formatBytes, renderTable } from '../output/table';
import { printJson, type Terminal } from '../output/terminal';
import type { CommandContext } from './command-context';
import { positiveInt } from './arguments';

/** `edgeplane models push|ls|show`. */
export function modelsCommand(context: CommandContext): Command {
  const models = new Command('models').description('Upload ONNX models and inspect their versions');

  models
    .command('push <name> <file>')
    .description('Upload an ONNX file as the next version of a model (the same bytes again return the existing version)')
    .action(async (name: string, file: string, _options: unknown, command: Command) => {
      const size = await fileSize(file);
      const client = await context.client(command);
      const terminal = context.terminal(command);
      const bar = progressBar(terminal, size);
      let version: ModelVersionView;
      try {
        version = await client.post<ModelVersionView>(`/models/${encodeURIComponent(name)}/versions`, { bytes: readCounting(file, bar) });
      } finally {
        bar?.stop();
      }
      if (terminal.json) return printJson(terminal, version);
      terminal.out(`Uploaded ${file} as ${version.model} version ${version.version} (${formatBytes(version.sizeBytes)}, sha256 ${version.sha256})\n`);
      terminal.out(`Next: edgeplane compile ${version.model} ${version.version}\n`);
    });

  models
    .command('ls')
    .description('List models with their version counts')
    .action(async (_options: unknown, command: Command) => {
      const list = await (await context.client(command)).get<ModelSummaryView[]>('/models');
      const terminal = context.terminal(command);
      if (terminal.json) return printJson(terminal, list);
      terminal.out(renderTable(['NAME', 'VERSIONS', 'LATEST', 'CREATED'], list.map((model) => [model.name, String(model.versions), String(model.latestVersion ?? '-'), model.createdAt])));
    });

  models
    .command('show')
    .description('Show every version of a model, or one version in detail (inputs, outputs, operators)')
    .argument('<name>', 'model name')
    // A positional version, as in `compile <model> <version>`: a `--version` flag would be taken by `edgeplane --version`.
    .argument('[version]', 'one version, in detail', positiveInt('version'))
    .action(async (name: string, version: number | undefined, _options: unknown, command: Command) => {
      const client = await context.client(command);
      const terminal = context.terminal(command);
      const base = `/models/${encodeURIComponent(name)}/versions`;
      if (version !== undefined) {
        const one = await client.get<ModelVersionView>(`${base}/${version}`);
        return terminal.json ? printJson(terminal, one) : terminal.out(versionDetail(one));
      }
      const versions = await client.get<ModelVersionView[]>(base);
      if (terminal.json) return printJson(terminal, versions);
      terminal.out(
        renderTable(
          ['VERSION', 'SIZE', 'PARAMETERS', 'OPSET', 'SHA256', 'CREATED'],
          versions.map((version) => [
            String(version.version),
            formatBytes(version.sizeBytes),
            String(version.metadata.parameterCount),
            defaultOpset(version),
            version.sha256.slice(0, 12),
            version.createdAt,
          ]),
        ),
      );
    });

  return models;
}

function defaultOpset(version: ModelVersionView): string {
  return String(version.metadata.opsets.find((opset) => opset.domain === '' || opset.domain === 'ai.onnx')?.version ?? '-');
}

function versionDetail(version: ModelVersionView): string {
  const { metadata } = version;
  const tensors = (list: typeof metadata.inputs) =>
    list.map((tensor) => `  ${tensor.name}: ${tensor.elementType}[${(tensor.shape ?? []).map((dim) => dim ?? '?').join(', ')}]`).join('\n');
  const operators = Object.entries(metadata.operators)
    .sort(([, a], [, b]) => b - a)
    .map(([op, count]) => `${op}×${count}`)
    .join(' ');
  return [
    `${version.model} version ${version.version}`,
    `sha256:     ${version.sha256}`,
    `size:       ${formatBytes(version.sizeBytes)} (${metadata.parameterCount} parameters, ${formatBytes(metadata.weightBytes)} of weights)`,
    `producer:   ${metadata.producer.name} ${metadata.producer.version}, IR ${metadata.irVersion}, opset ${defaultOpset(version)}`,
    `teacher:    ${version.teacher ? `${version.teacher.model}@${version.teacher.version}` : '-'}`,
    `calibration: ${version.calibrationSet ? `${version.calibrationSet.samples} samples` : 'none (synthetic inputs)'}`,
    `inputs:\n${tensors(metadata.inputs)}`,
    `outputs:\n${tensors(metadata.outputs)}`,
    `operators (${metadata.nodeCount} nodes): ${operators}`,
    `created:    ${version.createdAt}`,
  ].join('\n') + '\n';
}

async function fileSize(file: string): Promise<number> {
  try {
    const stats = await stat(file);
    if (!stats.isFile()) throw new Error('not a regular file');
    return stats.size;
  } catch (error) {
    throw usageError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** A byte-count bar on stderr, only for a person watching (a TTY) and never under --json. */
function progressBar(terminal: Terminal, total: number): SingleBar | null {
  if (terminal.json || !terminal.interactive) return null;
  const bar = new SingleBar({ format: 'Uploading [{bar}] {percentage}% {value_h}/{total_h}', hideCursor: true });
  bar.start(total, 0, { value_h: formatBytes(0), total_h: formatBytes(total) });
  return bar;
}

/** Streams the file, moving the bar by the bytes handed to the connection. */
async function* readCounting(file: string, bar: SingleBar | null): AsyncIterable<Uint8Array> {
  let sent = 0;
  for await (const chunk of createReadStream(file)) {
    sent += (chunk as Buffer).length;
    bar?.update(sent, { value_h: formatBytes(sent) });
    yield chunk as Buffer;
  }
}
