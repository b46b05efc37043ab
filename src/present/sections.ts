import type { InspectReport, Severity } from '../decoders/result';
import { splitFix } from './finding-fix';
import type { MappingDiagram } from './mapping-diagram';

/**
 * A report as sections of labelled rows: the one presentation model behind the CLI's text output,
 * the extension's report view and hovers, so every surface says the same thing. Values are plain
 * text; each surface escapes them for its medium.
 */
export interface Row {
  label: string;
  value: string;
  /** An explanation (claim glossary, what a field means). */
  note?: string;
  /** Draws the eye: expired times, mismatches. */
  tone?: 'bad' | 'warn' | 'good';
  /** A button on the row that posts `{ action: id }` (a flow's "Open step"). */
  action?: { id: string; label: string };
  /** A finding's parts, so the report can group findings by severity and show the fix first. */
  finding?: { id: string; severity: Severity; problem: string; fix?: string };
}

/** A picture drawn after a section's rows (the mapping diagram); surfaces without pictures skip it. */
export interface Figure {
  caption: string;
  diagram: MappingDiagram;
  /** Shown unfolded (one artifact); folded when a page has one per persona. */
  open: boolean;
}

export interface Section {
  title: string;
  rows: Row[];
  /** Preformatted text (pretty JSON or XML) shown after the rows. */
  code?: { language: 'json' | 'xml' | 'text'; text: string };
  figures?: Figure[];
}

export type Presenter = (report: InspectReport) => Section[];

export function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

export function signatureSection(report: InspectReport): Section {
  const s = report.signature;
  const rows: Row[] = [{ label: 'Status', value: s.status, tone: s.status === 'valid' ? 'good' : s.status === 'invalid' ? 'bad' : 'warn' }];
  if (s.algorithm) rows.push({ label: 'Algorithm', value: s.algorithm });
  if (s.keyId) rows.push({ label: 'Key ID', value: s.keyId });
  if (s.signedElements?.length) rows.push({ label: 'Covers', value: s.signedElements.join(', ') });
  if (s.detail) rows.push({ label: 'Detail', value: s.detail });
  return { title: 'Signature', rows };
}

export function findingsSection(report: InspectReport): Section {
  return {
    title: 'Findings',
    rows: report.findings.length
      ? report.findings.map((f) => ({ label: `${f.severity} ${f.id}`, value: f.message, tone: f.severity === 'error' ? 'bad' : f.severity === 'warning' ? 'warn' : undefined, finding: { id: f.id, severity: f.severity, ...splitFix(f.message) } }))
      : [{ label: 'none', value: 'nothing to report', tone: 'good' }],
  };
}
