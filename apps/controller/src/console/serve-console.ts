import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { EdgeplaneConfig, PROBLEM_CONTENT_TYPE, Problem, problemType, requestIdOf, titleOf } from '@edgeplane/platform';

export const CONSOLE_PATH = '/console';

/**
 * The console may run scripts and styles from this origin only and talk to this origin only (its
 * REST API); nothing may frame it. Inline style attributes are allowed because the chart library
 * sets them; inline scripts are not.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Serves the built web console (apps/console) at /console: hashed assets cached for a year,
 * index.html never cached (so a new controller version is picked up on reload), and every other
 * /console address answered with index.html, where the console's router takes over (deep links).
 */
export function serveConsole(app: NestExpressApplication, config: EdgeplaneConfig): void {
  const folder = config.EDGEPLANE_CONSOLE_DIR ? resolve(config.EDGEPLANE_CONSOLE_DIR) : defaultConsoleFolder();
  const index = join(folder, 'index.html');
  app.use(CONSOLE_PATH, securityHeaders);
  if (!existsSync(index)) {
    app.use(CONSOLE_PATH, notBuilt(folder));
    return;
  }
  app.useStaticAssets(join(folder, 'assets'), {
    prefix: `${CONSOLE_PATH}/assets/`,
    immutable: true,
    maxAge: '365d',
    index: false,
  });
  app.use(CONSOLE_PATH, (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    // A script the page asks for and does not get must fail as a script, not load the page as one.
    if (request.path.startsWith('/assets/')) {
      const detail = `No console asset at ${request.originalUrl}: reload the page (the controller may have been upgraded).`;
      return sendNotFound(request, response, 'console.asset_not_found', detail);
    }
    response.setHeader('cache-control', 'no-cache');
    response.sendFile(index);
  });
}

function securityHeaders(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('referrer-policy', 'no-referrer');
  next();
}

function notBuilt(folder: string) {
  const detail = `The web console is not in ${folder}: run \`npm run build\`, or set EDGEPLANE_CONSOLE_DIR to its folder.`;
  return (request: Request, response: Response) => sendNotFound(request, response, 'console.not_built', detail);
}

/** A 404 as the API answers it (problem+json), for what the console does not have. */
function sendNotFound(request: Request, response: Response, code: string, detail: string): void {
  const problem: Problem = {
    type: problemType(code),
    title: titleOf(404),
    status: 404,
    detail,
    instance: request.originalUrl,
    code,
    requestId: requestIdOf(request),
  };
  response.status(404).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/** dist/console beside the package.json of the installed package, from the source or the build. */
function defaultConsoleFolder(): string {
  let folder = __dirname;
  while (!existsSync(join(folder, 'package.json')) && dirname(folder) !== folder) folder = dirname(folder);
  return join(folder, 'dist', 'console');
}
