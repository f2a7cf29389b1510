/**
 * deploy/Dockerfile, without Docker (the build machines have none): every
 * stage's RUN, COPY, WORKDIR and ENV step runs as a plain command in its own
 * temp directory (container paths map into it), then the runtime stage's CMD
 * starts the bot, its HEALTHCHECK must pass, and SIGTERM must stop it. So the
 * file cannot rot: a renamed script, a missing COPY or a dev dependency the
 * runtime needs fails here. Steps marked "image only:" in the Dockerfile (OS
 * packages, the volume's owner) are skipped, and this test pins which they are.
 *
 * What differs from `docker build`: the machine's Node (20 here) instead of the
 * image's, and two npm settings given to every step, as a build cache would
 * give them: `prefer-offline` (packages from the npm cache that `npm ci` filled)
 * and a local prebuilt better-sqlite3, packed from this checkout's compiled
 * one under the name its installer looks for, so the steps do not compile it
 * twice more (about a minute each here). Without that binary the installer
 * compiles, as it would in the image. Nothing but the npm registry is asked.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSlackApi, startLocalSlackApi } from '../../src/sandbox/slack/localSlackApi.js';
import { makeTempDirectory } from '../support/tempDirectory.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const DOCKERFILE = readFileSync(join(REPO, 'deploy', 'Dockerfile'), 'utf8');
/** Each npm step gets this long; the whole build well inside the hook's time-out. */
const STEP_TIMEOUT_MS = 5 * 60_000;
const BUILD_TIMEOUT_MS = 12 * 60_000;

interface Instruction {
  keyword: string;
  args: string;
  /** The comment line before it starts with "image only:". */
  imageOnly: boolean;
}

/** Instructions in order: comments dropped, continuation lines joined. */
function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  const lines = text.split('\n');
  let imageOnly = false;
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] ?? '').trim();
    if (line.startsWith('#')) {
      if (/^#\s*image only:/i.test(line)) imageOnly = true;
      continue;
    }
    if (line === '') continue;
    while (line.endsWith('\\') && i + 1 < lines.length)
      line = `${line.slice(0, -1).trimEnd()} ${(lines[++i] ?? '').trim()}`;
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    instructions.push({ keyword: keyword.toUpperCase(), args, imageOnly });
    imageOnly = false;
  }
  return instructions;
}

/** JSON (exec) form or shell form. */
function commandOf(args: string): { exec: string[] } | { shell: string } {
  return args.startsWith('[') ? { exec: JSON.parse(args) as string[] } : { shell: args };
}

interface Stage {
  name: string;
  /** The stage's filesystem root in the temp directory. */
  root: string;
  /** Container path. */
  workdir: string;
  env: Record<string, string>;
  user?: string;
  volumes: string[];
  expose: string[];
  healthcheck?: { options: string; command: { exec: string[] } | { shell: string } };
  stopSignal?: string;
  cmd?: { exec: string[] } | { shell: string };
}

/** A container path inside a stage's root (relative paths from its WORKDIR). */
function hostPath(stage: Stage, path: string): string {
  return path.startsWith('/') ? join(stage.root, path) : join(stage.root, stage.workdir, path);
}

/** The stage's ENV for a process on this machine: container paths mapped into the stage. */
function hostEnv(stage: Stage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(stage.env).map(([key, value]) => [key, value.startsWith('/') ? hostPath(stage, value) : value]),
  );
}

/** .dockerignore as Docker reads it for the simple patterns it holds: from the context root, `*` within one path segment. */
function dockerignore(): (relativePath: string) => boolean {
  const patterns = readFileSync(join(REPO, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  for (const p of patterns)
    if (/[!?[\]]|\*\*/.test(p)) throw new Error(`.dockerignore pattern ${p}: this test only reads plain names and *`);
  const regexes = patterns.map((p) => new RegExp(`^${p.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`));
  return (relativePath) => {
    const segments = relativePath.split('/');
    return segments.some((_, i) => regexes.some((r) => r.test(segments.slice(0, i + 1).join('/'))));
  };
}

interface BuildResult {
  stages: Map<string, Stage>;
  runtime: Stage;
  skipped: Instruction[];
  timings: string[];
}

async function runStep(
  argv: string[],
  cwd: string,
  env: Record<string, string>,
  timings: string[],
  label: string,
): Promise<void> {
  const began = Date.now();
  const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), STEP_TIMEOUT_MS);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  timings.push(`${label} ${((Date.now() - began) / 1000).toFixed(1)} s`);
  if (code !== 0) throw new Error(`Dockerfile step failed (exit ${code}): ${label}\n${output.slice(-4000)}`);
}

/** Runs every stage's steps in `temp`; the npm settings in `npmEnv` reach every RUN. */
async function build(temp: string, npmEnv: Record<string, string>): Promise<BuildResult> {
  const stages = new Map<string, Stage>();
  const args = new Map<string, string>();
  const ignored = dockerignore();
  const skipped: Instruction[] = [];
  const timings: string[] = [];
  let stage: Stage | undefined;
  const current = (keyword: string): Stage => {
    if (!stage) throw new Error(`${keyword} before FROM`);
    return stage;
  };

  for (const instruction of parseDockerfile(DOCKERFILE)) {
    const { keyword, args: text } = instruction;
    if (instruction.imageOnly) {
      skipped.push(instruction);
      continue;
    }
    switch (keyword) {
      case 'ARG': {
        const [name = '', value = ''] = text.split('=');
        args.set(name, value);
        break;
      }
      case 'FROM': {
        const [, image = '', name = `stage${stages.size}`] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(text) ?? [];
        const base = stages.get(image.replace(/\$\{(\w+)\}/g, (_, a: string) => args.get(a) ?? ''));
        const root = join(temp, name);
        if (base) cpSync(base.root, root, { recursive: true, verbatimSymlinks: true });
        else mkdirSync(root, { recursive: true });
        stage = base
          ? { ...base, name, root, env: { ...base.env }, volumes: [...base.volumes], expose: [...base.expose] }
          : { name, root, workdir: '/', env: {}, volumes: [], expose: [] };
        stages.set(name, stage);
        break;
      }
      case 'WORKDIR': {
        const s = current(keyword);
        s.workdir = text.startsWith('/') ? text : join(s.workdir, text);
        mkdirSync(hostPath(s, s.workdir), { recursive: true });
        break;
      }
      case 'ENV': {
        const s = current(keyword);
        for (const pair of text.split(/\s+/)) {
          const [, key, value] = /^(\w+)=([^"']*)$/.exec(pair) ?? [];
          if (!key || value === undefined)
            throw new Error(`ENV ${text}: this test reads only KEY=value pairs without quotes`);
          s.env[key] = value;
        }
        break;
      }
      case 'COPY': {
        const s = current(keyword);
        const words = text.split(/\s+/);
        const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
        const paths = words.filter((w) => !w.startsWith('--'));
        const dest = paths.pop() ?? '';
        const source = from === undefined ? undefined : stages.get(from);
        if (from !== undefined && !source) throw new Error(`COPY --from=${from}: no such stage before it`);
        const target = hostPath(s, dest);
        const intoDirectory = dest.endsWith('/') || paths.length > 1;
        for (const path of paths) {
          const origin = source ? join(source.root, path) : join(REPO, path);
          if (!source && ignored(path)) throw new Error(`COPY ${path}: excluded by .dockerignore`);
          if (!existsSync(origin))
            throw new Error(`COPY ${path}: not found in ${source ? `stage ${from}` : 'the build context'}`);
          const to = intoDirectory && !statSync(origin).isDirectory() ? join(target, basename(path)) : target;
          cpSync(origin, to, {
            recursive: true,
            verbatimSymlinks: true,
            filter: (p) => source !== undefined || !ignored(relative(REPO, p)),
          });
        }
        break;
      }
      case 'RUN': {
        const s = current(keyword);
        const command = commandOf(text);
        const argv = 'exec' in command ? command.exec : ['/bin/sh', '-c', command.shell];
        await runStep(argv, hostPath(s, s.workdir), { ...npmEnv, ...hostEnv(s) }, timings, `${s.name}: RUN ${text}`);
        break;
      }
      case 'USER':
        current(keyword).user = text;
        break;
      case 'VOLUME': {
        const s = current(keyword);
        s.volumes.push(...(text.startsWith('[') ? (JSON.parse(text) as string[]) : text.split(/\s+/)));
        for (const volume of s.volumes) mkdirSync(hostPath(s, volume), { recursive: true });
        break;
      }
      case 'EXPOSE':
        current(keyword).expose.push(...text.split(/\s+/));
        break;
      case 'HEALTHCHECK': {
        const [, options = '', command = ''] = /^(.*?)\bCMD\s+(.*)$/.exec(text) ?? [];
        current(keyword).healthcheck = { options, command: commandOf(command) };
        break;
      }
      case 'STOPSIGNAL':
        current(keyword).stopSignal = text;
        break;
      case 'CMD':
        current(keyword).cmd = commandOf(text);
        break;
      default:
        throw new Error(`${keyword}: this test does not know how to run it; teach it, so the Dockerfile stays tested`);
    }
  }
  if (!stage) throw new Error('no FROM');
  return { stages, runtime: stage, skipped, timings };
}

/** The local prebuilt better-sqlite3: this checkout's compiled binary, packed under the name prebuild-install looks for. */
function localPrebuild(directory: string): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(REPO, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as {
    version: string;
  };
  const binary = join('build', 'Release', 'better_sqlite3.node');
  if (!existsSync(join(REPO, 'node_modules', 'better-sqlite3', binary))) return {};
  mkdirSync(directory, { recursive: true });
  const name = `better-sqlite3-v${pkg.version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  execFileSync('tar', ['-czf', join(directory, name), '-C', join(REPO, 'node_modules', 'better-sqlite3'), binary]);
  return { npm_config_better_sqlite3_local_prebuilds: directory };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

function run(
  argv: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('deploy/Dockerfile', () => {
  const instructions = parseDockerfile(DOCKERFILE);

  it('is multi-stage; the runtime stage is not root, keeps state on /data, checks /livez and starts the compiled bot', () => {
    const froms = instructions.filter((i) => i.keyword === 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const runtimeAt = instructions.lastIndexOf(froms.at(-1)!);
    const runtime = instructions.slice(runtimeAt);
    const find = (keyword: string) => runtime.filter((i) => i.keyword === keyword).map((i) => i.args);
    expect(find('USER')).toEqual(['node']);
    expect(find('VOLUME')).toEqual(['["/data"]']);
    expect(find('ENV').join(' ')).toMatch(/DATABASE_URL=\/data\//);
    expect(find('HEALTHCHECK')[0]).toMatch(/\/livez/);
    expect(find('CMD')).toEqual(['["node", "dist/main.js"]']);
    // better-sqlite3 is built in a build stage: the runtime installs and compiles nothing.
    expect(runtime.filter((i) => i.keyword === 'RUN' && /npm|apt-get|node-gyp/.test(i.args))).toEqual([]);
    expect(find('COPY').join('\n')).toMatch(/--from=\S+ \/app\/node_modules/);
  });

  it('marks only the OS-package and volume-ownership steps "image only"', () => {
    expect(instructions.filter((i) => i.imageOnly).map((i) => `${i.keyword} ${i.args}`)).toEqual([
      expect.stringMatching(/^RUN apt-get update && apt-get install .*python3 make g\+\+/),
      'RUN mkdir -p /data && chown node:node /data',
    ]);
  });

  it('keeps .env and local state out of the build context', () => {
    const ignored = dockerignore();
    for (const path of ['.env', 'node_modules', 'dist', 'data', 'data/pidbot.db', '.git'])
      expect(ignored(path), path).toBe(true);
    for (const path of ['package.json', 'src/main.ts', 'bin/pidbot.js']) expect(ignored(path), path).toBe(false);
  });

  describe('run as plain commands', () => {
    let temp: ReturnType<typeof makeTempDirectory>;
    let built: BuildResult;
    let slack: LocalSlackApi;
    const started = Date.now();

    beforeAll(async () => {
      temp = makeTempDirectory('pidbot-dockerfile-');
      const npmEnv: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? temp.path,
        ...(process.env.npm_config_cache && { npm_config_cache: process.env.npm_config_cache }),
        npm_config_prefer_offline: 'true',
        npm_config_update_notifier: 'false',
        ...localPrebuild(join(temp.path, 'prebuilds')),
      };
      built = await build(temp.path, npmEnv);
      slack = await startLocalSlackApi();
    }, BUILD_TIMEOUT_MS);

    afterAll(async () => {
      const closing = Date.now();
      await slack?.close();
      built?.timings.push(`Slack stand-in closed ${((Date.now() - closing) / 1000).toFixed(1)} s`);
      // Build figures for the CI log: this test is the suite's slowest.
      const removing = Date.now();
      temp?.remove();
      console.info(
        `Dockerfile steps as plain commands: ${((Date.now() - started) / 1000).toFixed(0)} s in all; ${built?.timings.join('; ')}; temp removed ${((Date.now() - removing) / 1000).toFixed(1)} s`,
      );
    }, 120_000);

    it('skips exactly the steps marked "image only"', () => {
      expect(built.skipped.map((i) => i.keyword)).toEqual(['RUN', 'RUN']);
    });

    it('leaves a runtime with the production dependencies only, the compiled code and no source', () => {
      const app = hostPath(built.runtime, built.runtime.workdir);
      for (const dev of ['tsx', 'esbuild', 'typescript', 'vitest', 'xmllint-wasm'])
        expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
      expect(existsSync(join(app, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(
        true,
      );
      expect(existsSync(join(app, 'dist', 'main.js'))).toBe(true);
      expect(existsSync(join(app, 'src'))).toBe(false);
    });

    it('`npm start` in the same production install runs the bot, and a SIGTERM to npm alone stops it', async () => {
      const runtime = built.runtime;
      const port = await freePort();
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? temp.path,
        ...hostEnv(runtime),
        PORT: String(port),
        SLACK_BOT_TOKEN: 'xoxb-dockerfile-test',
        SLACK_SIGNING_SECRET: 'dockerfile-test-signing-secret',
        SLACK_API_URL: slack.apiUrl,
        CURATION_CHANNEL_ID: 'C0DEPLOY',
        CURATOR_USER_IDS: 'U0CURATOR',
      };
      const npm = spawn('npm', ['start', '--silent'], {
        cwd: hostPath(runtime, runtime.workdir),
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      npm.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      // Closes when npm and the bot it started have both exited.
      const closed = once(npm.stderr, 'close');
      try {
        const deadline = Date.now() + 20_000;
        while (Date.now() < deadline && !stderr.includes('"msg":"pidbot is running"'))
          await new Promise((r) => setTimeout(r, 100));
        expect(stderr).toContain('"msg":"pidbot is running"');
        npm.kill('SIGTERM');
        await closed;
        expect(stderr).toMatch(/"reason":"SIGTERM"[^\n]*"msg":"shutting down"/);
        expect(stderr).toMatch(/"msg":"stopped"/);
      } finally {
        try {
          process.kill(-(npm.pid ?? 0), 'SIGKILL');
        } catch {
          // All gone, as they should be.
        }
      }
    }, 60_000);

    it('starts the bot with its CMD: /livez answers 200, the HEALTHCHECK passes, the compiled CLI works beside it, SIGTERM stops it cleanly', async () => {
      const runtime = built.runtime;
      const cwd = hostPath(runtime, runtime.workdir);
      const port = await freePort();
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        ...hostEnv(runtime),
        PORT: String(port),
        SLACK_BOT_TOKEN: 'xoxb-dockerfile-test',
        SLACK_SIGNING_SECRET: 'dockerfile-test-signing-secret',
        SLACK_API_URL: slack.apiUrl,
        CURATION_CHANNEL_ID: 'C0DEPLOY',
        CURATOR_USER_IDS: 'U0CURATOR',
      };
      expect(env.DATABASE_URL).toBe(join(runtime.root, 'data', 'pidbot.db'));
      const cmd = runtime.cmd && 'exec' in runtime.cmd ? runtime.cmd.exec : [];
      expect(cmd[0]).toBe('node');
      const bot = spawn(process.execPath, cmd.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      bot.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = once(bot, 'exit') as Promise<[number | null, string | null]>;
      try {
        let live: Response | undefined;
        const deadline = Date.now() + 20_000;
        while (Date.now() < deadline && live?.status !== 200) {
          live = await fetch(`http://127.0.0.1:${port}/livez`, { signal: AbortSignal.timeout(2000) }).catch(
            () => undefined,
          );
          if (live?.status !== 200) await new Promise((r) => setTimeout(r, 200));
        }
        expect(live?.status, stderr).toBe(200);
        expect(await live?.json()).toMatchObject({ live: true, checks: { database: { ok: true } } });

        const check = runtime.healthcheck?.command;
        const healthArgv = check && 'exec' in check ? check.exec : ['/bin/sh', '-c', check?.shell ?? 'false'];
        const health = await run(
          healthArgv[0] === 'node' ? [process.execPath, ...healthArgv.slice(1)] : healthArgv,
          cwd,
          env,
        );
        expect(health.code, health.stderr).toBe(0);

        const cli = await run([process.execPath, 'bin/pidbot.js', 'db', 'migrate', '--json'], cwd, env);
        expect(cli.code, cli.stderr).toBe(0);
        expect(JSON.parse(cli.stdout)).toEqual({ database: env.DATABASE_URL, applied: [] });

        expect(runtime.stopSignal).toBe('SIGTERM');
        bot.kill('SIGTERM');
        const [code, signal] = await exited;
        expect({ code, signal }, stderr).toEqual({ code: 0, signal: null });
        expect(stderr).toMatch(/"msg":"stopped"/);
      } finally {
        bot.kill('SIGKILL');
      }
    }, 60_000);
  });
});
