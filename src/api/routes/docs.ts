import type { OpenAPIHono } from '@hono/zod-openapi';
import { html, raw } from 'hono/html';
import type { AppEnv } from '../auth.js';

export const API_VERSION = '1.0.0';

const INFO = {
  title: 'meeting-diet API',
  version: API_VERSION,
  description:
    'Weekly meeting-diet reports against a frozen Phase 1 baseline. Every /v1 route needs `Authorization: Bearer <token>` ' +
    '(admin, leader or member; create one with `meeting-diet token create`). Reports answer JSON, or CSV with ' +
    '`Accept: text/csv`, or Markdown with `Accept: text/markdown`. Errors are `{"error":{"code","message"}}`.',
};

type Operation = { summary?: string; description?: string; parameters?: { name: string; in: string; required?: boolean; description?: string }[] };

/** `/openapi.json` (OpenAPI 3.1, generated from the route definitions) and `/docs`, a page rendered from it. */
export function registerDocs(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', { type: 'http', scheme: 'bearer' });
  const document = () => app.getOpenAPI31Document({ openapi: '3.1.0', info: INFO });
  app.get('/openapi.json', (c) => c.json(document()));
  app.get('/docs', (c) => {
    const doc = document();
    const rows = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation>).map(([method, op]) => {
        const params = (op.parameters ?? [])
          .map((p) => html`<li><code>${p.name}</code> (${p.in}${p.required ? ', required' : ''})${p.description ? html`: ${p.description}` : ''}</li>`);
        return html`<section>
  <h2><span class="m">${method.toUpperCase()}</span> <code>${path}</code></h2>
  <p>${op.summary ?? ''}</p>
  ${op.description ? html`<p class="d">${op.description}</p>` : ''}
  ${params.length > 0 ? html`<ul>${params}</ul>` : ''}
</section>`;
      }),
    );
    return c.html(html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${INFO.title}</title>
  <style>${raw(STYLE)}</style>
</head>
<body>
  <h1>${INFO.title} <small>${INFO.version}</small></h1>
  <p>${INFO.description}</p>
  <p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
  ${rows}
</body>
</html>`);
  });
}

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1 small{color:#888;font-weight:normal}section{border-top:1px solid #ddd;padding:.4rem 0}
h2{font-size:1.05rem;margin:.6rem 0 .2rem}.m{display:inline-block;min-width:3.6rem;color:#fff;background:#3a6ea5;
border-radius:3px;padding:0 .3rem;font-size:.8rem;text-align:center}.d{color:#555}code{font-size:.95em}`;
