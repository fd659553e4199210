import type { IncomingMessage } from 'node:http';
import { finished, type Readable } from 'node:stream';
import busboy from 'busboy';
import type { StagedArtifact } from '@edgeplane/artifacts';
import { type ModelVersionRef, ModelVersionRefPipe } from '@edgeplane/platform';
import { InvalidUploadFormError } from '../model.errors';

/** Form field that carries the ONNX file. */
export const MODEL_FIELD = 'model';
/** Optional form field naming the teacher, as the `teacher` query parameter does. */
export const TEACHER_FIELD = 'teacher';

// Besides the file, a form holds one short text field at most: these bound what any other part can
// make the controller hold. A second file or field trips a limit, which is refused.
const LIMITS = { files: 1, fields: 1, fieldSize: 1024, headerPairs: 16 };

/** What a model upload form held: its file, staged, and the teacher it names, if any. */
export interface ModelForm {
  staged: StagedArtifact;
  teacher: ModelVersionRef | undefined;
}

/**
 * Reads a multipart/form-data upload, handing the file in field `model` to `stage` as it streams in:
 * nothing of it is buffered here. Refuses a form without that file, with a second file or any field
 * other than `teacher`, or that is not well-formed multipart; then nothing stays staged.
 */
export async function readModelForm(
  form: IncomingMessage,
  stage: (file: Readable) => Promise<StagedArtifact>,
): Promise<ModelForm> {
  const parser = openParser(form);
  let staging: Promise<StagedArtifact> | undefined;
  let teacher: ModelVersionRef | undefined;
  const parsed = new Promise<void>((resolve, reject) => {
    parser.on('file', (name, file) => {
      if (name !== MODEL_FIELD) {
        file.resume();
        return reject(unexpectedField(name, 'a file'));
      }
      // The parser also reports what goes wrong with the file; this listener only keeps such an error from
      // going unhandled while the store prepares to stage it, before its pipeline listens.
      file.on('error', () => undefined);
      staging = stage(file);
      staging.catch(reject); // too large, or the form broke off inside the file
    });
    parser.on('field', (name, value) => {
      if (name !== TEACHER_FIELD) return reject(unexpectedField(name, 'a text field'));
      try {
        teacher = new ModelVersionRefPipe(TEACHER_FIELD).transform(value);
      } catch (error) {
        reject(error);
      }
    });
    parser.on('filesLimit', () => reject(secondFile()));
    parser.on('fieldsLimit', () => reject(secondTextField()));
    parser.on('error', (error: Error) => reject(malformed(error.message)));
    parser.on('close', resolve);
    // A client that hangs up mid-form never ends the parser: without this the upload would wait forever.
    finished(form, (error) => error && reject(malformed(error.message)));
  });
  form.pipe(parser);
  try {
    await parsed;
    if (!staging) {
      throw new InvalidUploadFormError(
        'missing_file',
        `The form has no file in field "${MODEL_FIELD}"; send the ONNX file there, e.g. curl -F ${MODEL_FIELD}=@model.onnx.`,
      );
    }
    return { staged: await staging, teacher };
  } catch (error) {
    await abandon(form, parser, staging);
    throw error;
  }
}

function openParser(form: IncomingMessage): busboy.Busboy {
  try {
    return busboy({ headers: form.headers, limits: LIMITS });
  } catch (error) {
    throw malformed(error instanceof Error ? error.message : String(error)); // e.g. no boundary
  }
}

/**
 * Stops reading the form and removes what was staged from it. The rest of the request is drained,
 * not parsed, so that the client still receives the refusal.
 */
async function abandon(form: IncomingMessage, parser: busboy.Busboy, staging: Promise<StagedArtifact> | undefined) {
  form.unpipe(parser);
  parser.destroy(); // ends a file still streaming, which fails its staging and removes the partial file
  form.resume();
  const staged = await staging?.catch(() => undefined);
  await staged?.discard();
}

function malformed(cause: string): InvalidUploadFormError {
  return new InvalidUploadFormError(
    'malformed',
    `The multipart/form-data body could not be read (${cause}); send the model as file field "${MODEL_FIELD}".`,
  );
}

function secondFile(): InvalidUploadFormError {
  return new InvalidUploadFormError(
    'extra_file',
    `The form holds more than one file; send exactly one, the model, in field "${MODEL_FIELD}".`,
  );
}

function secondTextField(): InvalidUploadFormError {
  return new InvalidUploadFormError(
    'unexpected_field',
    `The form has more than one text field; only "${TEACHER_FIELD}" is taken, once.`,
  );
}

function unexpectedField(name: string, what: string): InvalidUploadFormError {
  return new InvalidUploadFormError(
    'unexpected_field',
    `The form has ${what} "${name}" this upload does not take; send the model as file field "${MODEL_FIELD}" ` +
      `and, optionally, the teacher as text field "${TEACHER_FIELD}".`,
  );
}
