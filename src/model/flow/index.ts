/** Sign-in flows (issue 11) checked against a config: which app each step belongs to, and what to fix. */
export { checkFlow, compareReplyUrl, type ReplyUrlComparison } from './check-flow';
export { flowSteps, stepApps } from './steps-to-apps';
