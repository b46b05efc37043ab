export { inspectMetadataBytes, streamedIfNoLoss } from './inspect-aggregate';
export { inspectMetadataXml, type MetadataPick } from './inspect-metadata';
export type { MetadataData } from './metadata-data';
export { extractEntity, scanAggregate, type AggregateIndex, type ScannedEntity } from './scan-aggregate';
export { signingCertificatesFromMetadata } from './signing-certificates';
