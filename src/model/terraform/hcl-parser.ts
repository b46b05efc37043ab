/**
 * The HCL parser: HashiCorp's own hcl/v2 compiled to WebAssembly (`@cdktf/hcl2json`, MPL-2.0). It turns a
 * `.tf` file into the JSON shape of Terraform's JSON syntax, with expressions left as `${…}` strings.
 * Loaded on first use: the module reads and instantiates a 1.7 MB WebAssembly image when imported.
 */

export type HclParseResult = { ok: true; body: Record<string, unknown> } | { ok: false; message: string; line?: number; column?: number };

interface Hcl2Json {
  parse(filename: string, contents: string): Promise<Record<string, unknown>>;
}

let loading: Promise<Hcl2Json> | undefined;

function loadParser(): Promise<Hcl2Json> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS module loaded lazily, on the first .tf file
  loading ??= Promise.resolve().then(() => require('@cdktf/hcl2json') as Hcl2Json);
  return loading;
}

/** Parses one file; a syntax error becomes a typed failure with hcl's own message and position. */
export async function parseHcl(filename: string, text: string): Promise<HclParseResult> {
  const hcl = await loadParser();
  try {
    const body = await hcl.parse(filename, text);
    return { ok: true, body };
  } catch (e) {
    const message = String((e as Error).message ?? e).replace(/^parse config: \[|\]$/g, '');
    // hcl diagnostics read `file.tf:LINE,COL-COL: Summary; Detail`
    const m = /:(\d+),(\d+)(?:-\d+)?: /.exec(message);
    const detail = message.replace(/^[^:]*:\d+,\d+(?:-[\d,]+)?: /, '');
    return m ? { ok: false, message: detail, line: Number(m[1]), column: Number(m[2]) } : { ok: false, message: detail };
  }
}

/**
 * Parses the argument list of a function call (`jsonencode([{ key = each.key }])`) with the same parser,
 * as the value of a throw-away attribute: the arguments come back as JSON with their own `${…}` strings.
 */
export async function parseHclArguments(args: string): Promise<unknown[] | undefined> {
  const r = await parseHcl('expression.tf', `sso_lens_args = [${args}]\n`);
  if (!r.ok) return undefined;
  const v = r.body['sso_lens_args'];
  return Array.isArray(v) ? (v as unknown[]) : undefined;
}
