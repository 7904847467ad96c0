/** OpenAPI v2 for kubectl explain/apply/create validation; see README.md. */
export { serveOpenApi, acceptsOnlyJson } from './handler';
export { encodeOpenApiV2 } from './encode';
export { buildOpenApiDocument, type SwaggerDocument } from './schema/document';
export { definitionName } from './schema/paths';
