/** Every command, view and context key id, typed; test/manifest.test.ts holds package.json to them. */
export const COMMAND_IDS = {
  decodeToken: 'ssoLens.decodeToken',
  verifySignature: 'ssoLens.verifySignature',
  decodeSamlMessage: 'ssoLens.decodeSamlMessage',
  inspectMetadata: 'ssoLens.inspectMetadata',
  inspectFile: 'ssoLens.inspectFile',
  showLog: 'ssoLens.showLog',
} as const;

export type CommandId = (typeof COMMAND_IDS)[keyof typeof COMMAND_IDS];

export const VIEW_IDS = {
  container: 'ssoLens',
  home: 'ssoLens.home',
} as const;

export const SETTING_IDS = {
  networkEnabled: 'ssoLens.network.enabled',
  clockSkewSeconds: 'ssoLens.clockSkewSeconds',
} as const;

export const REPORT_VIEW_TYPE = 'ssoLens.report';
