/**
 * Encodes the Swagger document as a gnostic `openapi.v2.Document` protobuf — the only form kubectl
 * accepts from /openapi/v2 (reference/kubectl-wire.md §3.3). Our own rendering of the messages we
 * use; the field numbers below are facts of that wire format:
 *
 *   Document        swagger=1 info=2 paths=8 definitions=9
 *   Info            title=1 version=2
 *   Paths           path=2 (NamedPathItem: name=1 value=2)
 *   PathItem        get=2 parameters=9 (ParametersItem.parameter=1 → Parameter.non_body_parameter=2)
 *   NonBodyParameter query=3 path=4
 *   Path param      required=1 in=2 description=3 name=4 type=5
 *   Query param     required=1 in=2 description=3 name=4 type=6
 *   Operation       description=3 operation_id=5 produces=6 responses=9 vendor_extension=13
 *   Responses       response_code=1 (NamedResponseValue: name=1 value=2 → ResponseValue.response=1)
 *   Response        description=1 schema=2 (SchemaItem.schema=1)
 *   Definitions / Properties   additional_properties=1 (NamedSchema: name=1 value=2)
 *   Schema          _ref=1 format=2 description=4 required=19 additional_properties=21
 *                   type=22 items=23 properties=25 vendor_extension=31
 *   AdditionalPropertiesItem  schema=1 boolean=2
 *   TypeItem.value=1   ItemsItem.schema=1
 *   NamedAny        name=1 value=2 (Any.yaml=2: the extension's value as YAML text)
 */
import type { Schema } from './schema/builder';
import type { SwaggerDocument } from './schema/document';
import type { SwaggerOperation, SwaggerParameter, SwaggerPathItem } from './schema/paths';
import { ProtoWriter } from './protobuf-writer';

/**
 * Vendor extensions travel as YAML text; JSON is valid YAML, and kubectl decodes it with a YAML
 * parser, so `[{"group":"apps",...}]` arrives as a list of maps.
 */
function writeExtensions(w: ProtoWriter, field: number, source: object): void {
  for (const [key, value] of Object.entries(source)) {
    if (!key.startsWith('x-') || value === undefined) continue;
    w.message(field, (named) =>
      named.string(1, key).message(2, (any) => any.string(2, `${JSON.stringify(value)}\n`)),
    );
  }
}

export function writeSchema(w: ProtoWriter, s: Schema): void {
  w.string(1, s.$ref).string(2, s.format).string(4, s.description).strings(19, s.required);
  const extra = s.additionalProperties;
  if (extra !== undefined) {
    w.message(21, (a) =>
      typeof extra === 'boolean' ? a.bool(2, extra) : a.message(1, (x) => writeSchema(x, extra)),
    );
  }
  if (s.type) w.message(22, (t) => t.strings(1, [s.type!]));
  const items = s.items;
  if (items) w.message(23, (i) => i.message(1, (x) => writeSchema(x, items)));
  const props = s.properties;
  if (props) w.message(25, (p) => writeNamedSchemas(p, props));
  writeExtensions(w, 31, s);
}

/** An ordered map of schemas: Definitions and Properties share this shape. */
function writeNamedSchemas(w: ProtoWriter, map: Record<string, Schema>): void {
  for (const [name, schema] of Object.entries(map)) {
    w.message(1, (n) => n.string(1, name).message(2, (x) => writeSchema(x, schema)));
  }
}

function writeParameter(w: ProtoWriter, p: SwaggerParameter): void {
  // ParametersItem.parameter → Parameter.non_body_parameter → the path or query sub-schema.
  w.message(1, (param) =>
    param.message(2, (nonBody) =>
      p.in === 'path'
        ? nonBody.message(4, (x) =>
            x
              .bool(1, p.required)
              .string(2, p.in)
              .string(3, p.description)
              .string(4, p.name)
              .string(5, p.type),
          )
        : nonBody.message(3, (x) =>
            x
              .bool(1, p.required)
              .string(2, p.in)
              .string(3, p.description)
              .string(4, p.name)
              .string(6, p.type),
          ),
    ),
  );
}

function writeOperation(w: ProtoWriter, op: SwaggerOperation): void {
  w.string(3, op.description).string(5, op.operationId).strings(6, op.produces);
  w.message(9, (responses) => {
    for (const [code, r] of Object.entries(op.responses)) {
      responses.message(1, (named) =>
        named.string(1, code).message(2, (value) =>
          value.message(1, (resp) => {
            resp.string(1, r.description);
            const schema = r.schema;
            if (schema) resp.message(2, (item) => item.message(1, (x) => writeSchema(x, schema)));
          }),
        ),
      );
    }
  });
  writeExtensions(w, 13, op);
}

function writePathItem(w: ProtoWriter, item: SwaggerPathItem): void {
  w.message(2, (op) => writeOperation(op, item.get));
  for (const p of item.parameters) w.message(9, (x) => writeParameter(x, p));
}

/** The whole document as `openapi.v2.Document` bytes. */
export function encodeOpenApiV2(doc: SwaggerDocument): Uint8Array {
  const w = new ProtoWriter();
  w.string(1, doc.swagger);
  w.message(2, (info) => info.string(1, doc.info.title).string(2, doc.info.version));
  w.message(8, (paths) => {
    for (const [path, item] of Object.entries(doc.paths)) {
      paths.message(2, (named) => named.string(1, path).message(2, (x) => writePathItem(x, item)));
    }
  });
  w.message(9, (defs) => writeNamedSchemas(defs, doc.definitions));
  return w.finish();
}
