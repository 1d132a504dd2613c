/**
 * Route schemas compiled on first use instead of at start.
 *
 * Fastify compiles every route's validators (Ajv) and response serializers
 * (fast-json-stringify) before it listens: with Parley's few hundred routes that was most of a
 * start on an existing database (a CPU profile of one start: about 1.9 of its 6 seconds in
 * fast-json-stringify, Ajv and their schema resolution, on a busy 2-core machine). Here the
 * default compilers are kept, but each route's function is built the first time a request
 * needs it: a start compiles nothing, and a route nobody calls never costs anything. The first
 * call of each route pays its compile (a few milliseconds) once.
 *
 * What Fastify reads from a validator besides calling it is forwarded: `errors` after a call,
 * and `schemaEnv`, whose presence makes Fastify pass the parent object so Ajv can replace a
 * coerced root value (a single object where the schema wants an array).
 *
 * A large body leaves the serializer as its UTF-8 bytes (issue 16, the inboxes' 180 KB pages).
 * fast-json-stringify builds its JSON from pieces; as a string, Fastify then flattens it to count
 * its bytes for content-length and the socket encodes it again to write it. Encoded once here,
 * Fastify takes the Buffer's length and writes it as it is.
 */
import type { FastifyServerOptions } from 'fastify';
import AjvCompiler from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type Validate = ((data: unknown, context?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown };
type ValidatorCompiler = (route: unknown) => Validate;
type SerializerCompiler = (route: unknown) => (data: unknown) => string;

/**
 * Bodies from this many characters on (an inbox page has about 180,000) are encoded here; smaller
 * ones, most answers, take Fastify's usual path.
 */
const ENCODE_FROM_CHARS = 16 * 1024;

function lazyValidator(compile: ValidatorCompiler, route: unknown): Validate {
  let compiled: Validate | undefined;
  const real = () => (compiled ??= compile(route));
  const validate = ((data: unknown, context?: unknown) => {
    const inner = real();
    const result = context === undefined ? inner(data) : inner(data, context);
    validate.errors = inner.errors;
    return result;
  }) as Validate;
  Object.defineProperty(validate, 'schemaEnv', { get: () => real().schemaEnv });
  return validate;
}

function lazySerializer(compile: SerializerCompiler, route: unknown) {
  let compiled: ((data: unknown) => string) | undefined;
  return (data: unknown): string | Buffer => {
    const json = (compiled ??= compile(route))(data);
    return json.length < ENCODE_FROM_CHARS ? json : Buffer.from(json, 'utf8');
  };
}

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

/** Fastify's `schemaController.compilersFactory`, its default compilers made lazy. */
export function lazyCompilersFactory(): CompilersFactory {
  const buildValidator = AjvCompiler();
  const buildSerializer = SerializerSelector();
  return {
    // Ajv itself is made when a first route's validator is: building it compiles Ajv's
    // meta-schema to check the shared schemas against (60-80 ms of a start's main thread).
    buildValidator(...args: Parameters<typeof buildValidator>) {
      let ajv: ValidatorCompiler | undefined;
      const compile = (route: unknown) => (ajv ??= buildValidator(...args) as unknown as ValidatorCompiler)(route);
      return (route: unknown) => lazyValidator(compile, route);
    },
    buildSerializer(...args: Parameters<typeof buildSerializer>) {
      const compile = buildSerializer(...args) as unknown as SerializerCompiler;
      return (route: unknown) => lazySerializer(compile, route);
    },
    // Fastify's types describe Ajv's function in full; the lazy one forwards what Fastify reads.
  } as unknown as CompilersFactory;
}
