/**
 * Tiledesk's widget loader (routes/widgetLoader.js), mounted at `/widgets` and `/w`:
 * `/load` and `/test/load` redirect to the widget (WIDGET_LOCATION, WIDGET_TEST_LOCATION) with
 * the query as given, and `/v5/:project_id` is the embed script that loads `launch.js` from
 * WIDGET_LOCATION for that project. Unlike Tiledesk's, the script writes the project id as a
 * JavaScript string literal, so a crafted id cannot become code.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.js';
import { errorResponses } from '../../platform/http/error-responses.js';

const Redirect = { 302: Type.Null({ description: 'To the widget, with the query as given.' }) };

/** `target` with the request's query string, untouched. */
function withQuery(target: string, request: FastifyRequest): string {
  const mark = request.url.indexOf('?');
  return mark === -1 ? target : `${target}${request.url.slice(mark)}`;
}

/** The embed script of Tiledesk's `/widgets/v5/:project_id`. */
function embedScript(projectId: string, widgetLocation: string): string {
  return `
    window.tiledeskSettings=
    {
        projectid: ${JSON.stringify(projectId)}
    };
    (function(d, s, id) {
        var w=window; var d=document; var i=function(){i.c(arguments);};
        i.q=[]; i.c=function(args){i.q.push(args);}; w.Tiledesk=i;
        var js, fjs=d.getElementsByTagName(s)[0];
        if (d.getElementById(id)) return;
        js=d.createElement(s);
        js.id=id; js.async=true; js.src=${JSON.stringify(`${widgetLocation}launch.js`)};
        fjs.parentNode.insertBefore(js, fjs);
    }(document,'script','tiledesk-jssdk'));
  `;
}

export function widgetsLoaderRoutes({ config }: AppContext): FastifyPluginAsyncTypebox {
  const tags = ['widgets'];
  return async (app) => {
    app.get('/load', { schema: { tags, response: { ...Redirect, ...errorResponses() } } }, (request, reply) =>
      reply.redirect(withQuery(config.widgetLocation, request)),
    );

    app.get('/test/load', { schema: { tags, response: { ...Redirect, ...errorResponses() } } }, (request, reply) =>
      reply.redirect(withQuery(config.widgetTestLocation, request)),
    );

    app.get(
      '/v5/:project_id',
      {
        schema: {
          tags,
          params: Type.Object({ project_id: Type.String() }),
          response: { 200: Type.String({ description: 'JavaScript' }), ...errorResponses() },
        },
      },
      async (request, reply) =>
        reply
          .type('application/javascript; charset=utf-8')
          .send(embedScript(request.params.project_id, config.widgetLocation)),
    );
  };
}
