import type { InspectReport } from '../decoders/result';
import type { Section } from './sections';

export function presentGeneric(report: InspectReport): Section[] {
  return [{ title: 'Decoded', rows: [], code: { language: 'json', text: JSON.stringify(report.data, null, 2) ?? '' } }];
}
