import Ajv, { type Options, type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import schema from '../../schemas/sso-config.schema.json';

/**
 * The config schema's validator. Compiling it with Ajv costs hundreds of milliseconds (code
 * generation), so the shipped bundles do it at build time: esbuild.mjs replaces this module with
 * one whose `compileSchemaValidator` returns the code `schemaValidatorSource` generated, with the
 * same options. Unit tests (plain tsc output) compile at run time through the same function.
 */
const AJV_OPTIONS: Options = {
  allErrors: true,
  discriminator: true,
  strict: true,
  // The discriminator wrappers name `type`/`protocol` as required before their oneOf branches define them.
  strictRequired: false,
  strictTypes: false,
  // Formats are hints for editors; ajv-formats is not bundled, so they are accepted as annotations.
  formats: { uri: true, 'date-time': true },
  // Each definition becomes one function called where it is referenced, not copied into every place
  // that references it: the generated validator is about a third smaller (less to compile on the
  // first config file), and its errors are the same (the schema path, which differs, is not read).
  inlineRefs: false,
};

export function compileSchemaValidator(): ValidateFunction {
  return new Ajv(AJV_OPTIONS).compile(schema as object);
}

/** The validator as a CommonJS module's source (`module.exports` is the validate function). */
export function schemaValidatorSource(): string {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  return standaloneCode(ajv, ajv.compile(schema as object));
}
