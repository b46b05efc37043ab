/** Every command, view and context key id, typed; test/manifest.test.ts holds package.json to them. */
export const COMMAND_IDS = {
  decodeToken: 'ssoLens.decodeToken',
  verifySignature: 'ssoLens.verifySignature',
  decodeSamlMessage: 'ssoLens.decodeSamlMessage',
  inspectMetadata: 'ssoLens.inspectMetadata',
  inspectFile: 'ssoLens.inspectFile',
  decryptSamlAssertion: 'ssoLens.decryptSamlAssertion',
  pickEntity: 'ssoLens.pickEntity',
  showLog: 'ssoLens.showLog',
  importConfig: 'ssoLens.importConfig',
  newConfigFromTemplate: 'ssoLens.newConfigFromTemplate',
  refreshProviders: 'ssoLens.refreshProviders',
  revealConfigNode: 'ssoLens.revealConfigNode',
  moveSecretToStorage: 'ssoLens.moveSecretToStorage',
  testWithToken: 'ssoLens.testWithToken',
  showPersonas: 'ssoLens.showPersonas',
  checkLive: 'ssoLens.checkLive',
  signInAsApp: 'ssoLens.signInAsApp',
  signInWithDeviceCode: 'ssoLens.signInWithDeviceCode',
  testSamlSignIn: 'ssoLens.testSamlSignIn',
  compareWith: 'ssoLens.compareWith',
  exportRedactedCapture: 'ssoLens.exportRedactedCapture',
  openFlowStep: 'ssoLens.openFlowStep',
} as const;

export type CommandId = (typeof COMMAND_IDS)[keyof typeof COMMAND_IDS];

export const VIEW_IDS = {
  container: 'ssoLens',
  home: 'ssoLens.home',
  providers: 'ssoLens.providers',
} as const;

export const CONTEXT_KEYS = {
  /** True when the workspace holds at least one config file (*.sso.json, sso-lens.json). */
  hasConfig: 'ssoLens.hasConfig',
} as const;

export const SETTING_IDS = {
  networkEnabled: 'ssoLens.network.enabled',
  clockSkewSeconds: 'ssoLens.clockSkewSeconds',
  expiryWarningDays: 'ssoLens.expiryWarningDays',
  inPlaceInclude: 'ssoLens.inPlace.include',
  terraformEnabled: 'ssoLens.terraform.enabled',
} as const;

export const REPORT_VIEW_TYPE = 'ssoLens.report';
