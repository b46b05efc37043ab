/** "Share safely" (issue 11): redacted copies of browser captures. Pure: no vscode, no I/O. */
export { redactCapture, type CaptureFormat, type RedactionOutcome, type RedactOptions } from './redact-capture';
export { REDACTION_CATEGORIES, type KeepCategory, type RedactionCategory } from './placeholders';
export { formatRedactionSummary } from './summary';
