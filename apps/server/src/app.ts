import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './context';
import { newId } from './lib/ids';
import { registerUploads } from './lib/uploads';
import { moduleRoutes } from './modules';
import { registerAuth } from './plugins/auth';
import { registerErrorHandler, sendError } from './plugins/errors';
import { registerInputGuard } from './plugins/input-guard';
import { registerSecurityHeaders } from './plugins/security-headers';

export interface BuildOptions {
  /** Where pino writes; tests pass a stream to inspect the logs. */
  logStream?: NodeJS.WritableStream;
  logLevel?: string;
}

/** Never log a query string (it may carry a phone or a search), only the path. */
function pathOnly(url: string): string {
  const i = url.indexOf('?');
  return i === -1 ? url : `${url.slice(0, i)}?…`;
}

/** Builds the Fastify app without listening: tests call app.inject, server.ts listens. */
export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: opts.logLevel ?? ctx.config.logLevel,
      ...(opts.logStream ? { stream: opts.logStream } : {}),
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'req.headers["x-csrf-token"]',
          '*.password',
          '*.phone',
          '*.token',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: pathOnly(req.url), id: req.id }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return typeof h === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(h) ? h : newId();
    },
    bodyLimit: 1024 * 1024,
    // Only the configured proxies may name the client (X-Forwarded-For); with none, the socket's
    // address is the client's, whatever headers it sends.
    trustProxy: ctx.config.trustProxy.length > 0 ? ctx.config.trustProxy : false,
    return503OnClosing: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  registerInputGuard(app);

  registerSecurityHeaders(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Lianxin 连心桥 API', version: '1' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'lx_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  registerAuth(app, ctx.accounts);
  await registerUploads(app, ctx);
  for (const register of moduleRoutes) register(app, ctx);

  const hasWeb = fs.existsSync(path.join(ctx.config.webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: ctx.config.webDist, prefix: '/', wildcard: false, index: false });
  }
  app.setNotFoundHandler((req, reply) => {
    const url = req.url;
    if (req.method === 'GET' && hasWeb && !url.startsWith('/api/') && !url.startsWith('/open311/')) {
      // Client-side routes: the single-page app answers them.
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return sendError(req, reply, 'NOT_FOUND', 404);
  });
  return app;
}
