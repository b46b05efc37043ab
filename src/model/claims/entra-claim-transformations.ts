/**
 * Entra's claim transformations as the Attributes & Claims page offers them, evaluated on a persona's
 * directory values. Semantics and examples follow Microsoft's reference
 * [doc: https://learn.microsoft.com/en-us/entra/identity-platform/saml-claims-customization#claim-transformations];
 * where the documentation is silent the choice is named in a comment. Pure: no `vscode`.
 */
import type { ClaimTransformation, ClaimTransformationMethod } from '../config-types';
import { regexGroups } from '../safe-regex';

/** Reads an operand: a user attribute (`user.mail`) gives the persona's values, anything else is a constant. */
export type OperandReader = (operand: string) => string[];

/** The portal allows at most two transformations per claim [doc: saml-claims-customization.md#claim-transformations]. */
export const MAX_CLAIM_TRANSFORMATIONS = 2;

/** NameID accepts only these methods [doc: reference-claims-customization.md#exceptions-and-restrictions]. */
export const NAMEID_TRANSFORMATIONS: readonly ClaimTransformationMethod[] = ['ExtractMailPrefix', 'Join'];

/** RegexReplace() takes at most five additional parameters [doc: saml-claims-customization.md#regex-based-claims-transformation]. */
export const MAX_REGEX_PARAMETERS = 5;

export function isAttributeOperand(operand: string): boolean {
  return /^user\./i.test(operand.trim());
}

export interface TransformationOutcome {
  values: string[];
  /** What went wrong in evaluating, in words for the trace (a pattern that does not compile, a timeout). */
  problem?: string;
}

/** What each method needs besides its input, for the rule that reports missing parameters. */
export const REQUIRED_PARAMETERS: Readonly<Partial<Record<ClaimTransformationMethod, ReadonlyArray<keyof ClaimTransformation>>>> = {
  Join: ['parameter2'],
  Contains: ['value', 'parameter2'],
  StartWith: ['value', 'parameter2'],
  EndWith: ['value', 'parameter2'],
  ExtractAfter: ['value'],
  ExtractBefore: ['value'],
  ExtractBetween: ['value', 'value2'],
  IfEmpty: ['parameter2'],
  IfNotEmpty: ['parameter2'],
  SubstringFixedLength: ['startIndex', 'length'],
  SubstringEndOfString: ['startIndex'],
  RegexReplace: ['regexPattern', 'replacementPattern'],
};

/**
 * The portal's RegexReplace() takes .NET patterns: `(?'name'…)` groups and inline options such as `(?i)`.
 * JavaScript spells groups `(?<name>…)` and takes options as flags; an inline option is applied to the
 * whole pattern (the documented example puts `(?i)` before the part it concerns). Undefined when the
 * pattern uses a .NET construct JavaScript cannot express.
 */
export function dotNetPatternToJs(pattern: string): { source: string; flags: string } | undefined {
  const flags = new Set<string>();
  let source = pattern.replace(/\(\?'([A-Za-z_][A-Za-z0-9_]*)'/g, '(?<$1>');
  source = source.replace(/\(\?([imsx]+)\)/g, (_all, opts: string) => {
    for (const o of opts) flags.add(o);
    return '';
  });
  if (flags.has('x')) return undefined;
  return { source, flags: [...flags].join('') };
}

function placeholders(replacement: string): string[] {
  return [...replacement.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1] ?? '');
}

/** The `{name}` placeholders of a replacement pattern no regex group or additional parameter provides. */
export function unknownPlaceholders(t: ClaimTransformation): string[] {
  const converted = t.regexPattern !== undefined ? dotNetPatternToJs(t.regexPattern) : undefined;
  const groups = new Set([...(converted?.source ?? '').matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1] ?? ''));
  const params = new Set(Object.keys(t.additionalParameters ?? {}));
  return placeholders(t.replacementPattern ?? '').filter((p) => !groups.has(p) && !params.has(p) && !/^\d+$/.test(p));
}

function first(values: string[]): string | undefined {
  const v = values[0];
  return v !== undefined && v !== '' ? v : undefined;
}

function read(operand: string | undefined, reader: OperandReader): string[] {
  if (operand === undefined) return [];
  return isAttributeOperand(operand) ? reader(operand.trim()) : operand === '' ? [] : [operand];
}

/** One value through one method; [] when the method emits nothing for it. */
function applyOne(t: ClaimTransformation, input: string | undefined, reader: OperandReader, nameId: boolean): TransformationOutcome {
  const out = (v: string | undefined): TransformationOutcome => ({ values: v !== undefined && v !== '' ? [v] : [] });
  const choose = (matched: boolean): TransformationOutcome => ({ values: matched ? read(t.parameter2, reader).slice(0, 1) : read(t.parameter3, reader).slice(0, 1) });
  switch (t.method) {
    case 'ExtractMailPrefix':
      // "If no @ sign is present, then the original input string is returned" [doc: reference-claims-customization.md].
      return out(input === undefined ? undefined : input.includes('@') ? input.slice(0, input.indexOf('@')) : input);
    case 'Join': {
      if (input === undefined) return out(undefined);
      // For the NameID, Join() drops the input's domain part before joining [doc: saml-claims-customization.md].
      const left = nameId && input.includes('@') ? input.slice(0, input.indexOf('@')) : input;
      const right = first(read(t.parameter2, reader));
      return out(right === undefined ? left : `${left}${t.separator ?? ''}${right}`);
    }
    case 'ToLowercase':
      return out(input?.toLowerCase());
    case 'ToUppercase':
      return out(input?.toUpperCase());
    // Contains/StartWith/EndWith compare as .NET's String methods do by default: ordinal, case-sensitive.
    case 'Contains':
      return choose(input !== undefined && t.value !== undefined && input.includes(t.value));
    case 'StartWith':
      return choose(input !== undefined && t.value !== undefined && input.startsWith(t.value));
    case 'EndWith':
      return choose(input !== undefined && t.value !== undefined && input.endsWith(t.value));
    case 'ExtractAfter': {
      const i = input === undefined || !t.value ? -1 : input.indexOf(t.value);
      return out(i < 0 || input === undefined || !t.value ? undefined : input.slice(i + t.value.length));
    }
    case 'ExtractBefore': {
      const i = input === undefined || !t.value ? -1 : input.indexOf(t.value);
      return out(i < 0 || input === undefined ? undefined : input.slice(0, i));
    }
    case 'ExtractBetween': {
      if (input === undefined || !t.value || !t.value2) return out(undefined);
      const a = input.indexOf(t.value);
      if (a < 0) return out(undefined);
      const from = a + t.value.length;
      const b = input.indexOf(t.value2, from);
      return out(b < 0 ? undefined : input.slice(from, b));
    }
    case 'ExtractAlphaPrefix':
      return out(input === undefined ? undefined : /^[A-Za-z]+/.exec(input)?.[0]);
    case 'ExtractAlphaSuffix':
      return out(input === undefined ? undefined : /[A-Za-z]+$/.exec(input)?.[0]);
    case 'ExtractNumericPrefix':
      return out(input === undefined ? undefined : /^[0-9]+/.exec(input)?.[0]);
    case 'ExtractNumericSuffix':
      return out(input === undefined ? undefined : /[0-9]+$/.exec(input)?.[0]);
    // IfEmpty/IfNotEmpty "act like restrictions": without Parameter 3 nothing is emitted when they do not match [doc: saml-claims-customization.md].
    case 'IfEmpty':
      return choose(input === undefined);
    case 'IfNotEmpty':
      return choose(input !== undefined);
    case 'SubstringFixedLength': {
      // .NET Substring throws outside the string; Entra then emits nothing ("null or illegal value").
      const s = t.startIndex ?? 0;
      const n = t.length ?? 0;
      return out(input === undefined || s + n > input.length ? undefined : input.slice(s, s + n));
    }
    case 'SubstringEndOfString': {
      const s = t.startIndex ?? 0;
      return out(input === undefined || s > input.length ? undefined : input.slice(s));
    }
    case 'RegexReplace':
      return regexReplace(t, input, reader);
  }
}

function regexReplace(t: ClaimTransformation, input: string | undefined, reader: OperandReader): TransformationOutcome {
  const converted = t.regexPattern !== undefined ? dotNetPatternToJs(t.regexPattern) : undefined;
  if (!converted) return { values: [], problem: `the regex pattern ${JSON.stringify(t.regexPattern ?? '')} uses a .NET option JavaScript cannot evaluate` };
  const match = input === undefined ? null : regexGroups(converted.source, converted.flags, input);
  if (match === undefined) return { values: [], problem: `the regex pattern ${JSON.stringify(t.regexPattern ?? '')} does not compile or took too long` };
  // "If they don't match … the transformation is skipped"; Parameter 3 is emitted when "Specify output if no match" is set.
  if (match === null) return { values: read(t.parameter3, reader).slice(0, 1) };
  const params = t.additionalParameters ?? {};
  const text = (t.replacementPattern ?? '').replace(/\{([^{}]+)\}/g, (all, name: string) => {
    if (Object.hasOwn(match.named, name)) return match.named[name] ?? '';
    if (Object.hasOwn(params, name)) return first(read(params[name], reader)) ?? '';
    if (/^\d+$/.test(name)) return match.numbered[Number(name)] ?? '';
    return all;
  });
  return { values: text === '' ? [] : [text] };
}

/**
 * Runs a chain (at most two steps count; the rule reports more). The first step reads `input` or the
 * claim's source values, a later one the previous output. Without "Treat source as multivalued" only
 * the first value is transformed [doc: reference-claims-customization.md, TreatAsMultiValue].
 */
export function applyTransformations(chain: readonly ClaimTransformation[], sourceValues: string[], reader: OperandReader, options: { nameId?: boolean } = {}): TransformationOutcome {
  let values = sourceValues;
  const problems: string[] = [];
  chain.slice(0, MAX_CLAIM_TRANSFORMATIONS).forEach((t, i) => {
    const inputs = i === 0 && t.input !== undefined ? read(t.input, reader) : values;
    const targets: Array<string | undefined> = t.treatAsMultiValued ? (inputs.length ? inputs : [undefined]) : [first(inputs)];
    const next: string[] = [];
    for (const v of targets) {
      const r = applyOne(t, v === '' ? undefined : v, reader, options.nameId === true);
      next.push(...r.values);
      if (r.problem !== undefined) problems.push(r.problem);
    }
    values = next;
  });
  return problems.length ? { values, problem: [...new Set(problems)].join('; ') } : { values };
}
