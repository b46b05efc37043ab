/**
 * Node built-ins for talking to the network and starting a browser, loaded on first use. Most runs
 * never need them (`sso-lens inspect --offline`, a first config check, decoding a token), and loading
 * https, tls, http, net, dns and child_process costs about 10 ms of CPU at start-up: a good part of
 * the CLI's margin over `require('jose')` (issue 12's start-up row). Node caches each module, so
 * calling these again is a property read.
 */
import type * as ChildProcess from 'node:child_process';
import type * as Dns from 'node:dns';
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import type * as Net from 'node:net';

/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading is the point of this module */
export const nodeHttps = (): typeof Https => require('node:https') as typeof Https;
export const nodeHttp = (): typeof Http => require('node:http') as typeof Http;
export const nodeNet = (): typeof Net => require('node:net') as typeof Net;
export const nodeDns = (): typeof Dns => require('node:dns') as typeof Dns;
export const nodeChildProcess = (): typeof ChildProcess => require('node:child_process') as typeof ChildProcess;
/* eslint-enable @typescript-eslint/no-require-imports */
