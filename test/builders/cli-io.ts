/** Runs the CLI in-process with its output captured, as `sso-lens …` would print it. */
import { runCli } from '../../src/cli/run-cli';

export interface CliRun {
  code: number;
  /** Each `io.out` call (the CLI prints its whole report in one). */
  out: string[];
  err: string[];
  stdout: string;
  stderr: string;
}

export async function runCliCaptured(argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out, err, stdout: out.map((t) => `${t}\n`).join(''), stderr: err.map((t) => `${t}\n`).join('') };
}
