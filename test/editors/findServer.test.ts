import { expect } from 'chai';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { findServer, type FindServerOptions } from '../../editors/vscode/src/findServer.mjs';

describe('editors/vscode findServer', () => {
  let root: string;
  /** Files to create under `root`, with their mode: 0o755 is an executable, 0o644 is not. */
  const files: Record<string, number> = {
    'workspace/node_modules/.bin/incep': 0o755,
    'workspace/tools/incep-dev': 0o755,
    'plain/node_modules/.bin/incep': 0o644,
    'bin1/other': 0o755,
    'bin2/incep': 0o755,
    'bin2/my-incep': 0o755,
    'win/incep': 0o755,
    'win/incep.cmd': 0o755,
    'win space/incep.cmd': 0o755,
  };
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'incep-find-server-'));
    for (const [file, mode] of Object.entries(files)) {
      await mkdir(dirname(join(root, file)), { recursive: true });
      await writeFile(join(root, file), '#!/bin/sh\n');
      await chmod(join(root, file), mode);
    }
  });
  after(() => rm(root, { recursive: true, force: true }));

  const options = (o: Partial<FindServerOptions>): FindServerOptions => ({
    path: '',
    args: [],
    workspaceFolders: [],
    env: { PATH: '' },
    platform: 'linux',
    ...o,
  });
  const at = (file: string): string => join(root, file);

  const found: Array<{
    what: string;
    options: () => FindServerOptions;
    command: string;
    args?: string[];
    shell?: boolean;
  }> = [
    {
      what: "the workspace's node_modules/.bin/incep before PATH",
      options: () => options({ workspaceFolders: [at('workspace')], env: { PATH: at('bin2') } }),
      command: 'workspace/node_modules/.bin/incep',
    },
    {
      what: 'incep on PATH when the workspace has none, skipping a file that is not executable',
      options: () =>
        options({ workspaceFolders: [at('plain')], env: { PATH: [at('bin1'), '', at('bin2')].join(':') } }),
      command: 'bin2/incep',
    },
    {
      what: 'incep.server.path as a path relative to the first workspace folder',
      options: () =>
        options({ path: 'tools/incep-dev', workspaceFolders: [at('workspace')], env: { PATH: at('bin2') } }),
      command: 'workspace/tools/incep-dev',
    },
    {
      what: 'incep.server.path as an absolute path',
      options: () => options({ path: at('bin2/my-incep') }),
      command: 'bin2/my-incep',
    },
    {
      what: 'incep.server.path as a command name, looked up on PATH',
      options: () => options({ path: ' my-incep ', workspaceFolders: [at('workspace')], env: { PATH: at('bin2') } }),
      command: 'bin2/my-incep',
    },
    {
      what: 'incep.server.args before lsp',
      options: () => options({ args: ['--no-color'], env: { PATH: at('bin2') } }),
      command: 'bin2/incep',
      args: ['--no-color', 'lsp'],
    },
    {
      what: "npm's incep.cmd on Windows, through a shell, not the extensionless script next to it",
      options: () => options({ platform: 'win32', env: { Path: at('win'), PATHEXT: '.EXE;.CMD' } }),
      command: 'win/incep.cmd',
      shell: true,
    },
  ];
  for (const c of found) {
    it(`finds ${c.what}`, () => {
      const result = findServer(c.options());
      expect(result).to.deep.equal({
        ok: true,
        // Through a shell the command is quoted (see below).
        server: {
          command: c.shell ? `"${at(c.command)}"` : at(c.command),
          args: c.args ?? ['lsp'],
          shell: c.shell ?? false,
        },
      });
    });
  }

  it('quotes a Windows command with a space in its path, since the shell splits the command line', () => {
    const result = findServer(options({ platform: 'win32', env: { PATH: at('win space') } }));
    expect(result).to.deep.include({ ok: true });
    expect(result.ok && result.server.command).to.equal(`"${at('win space/incep.cmd')}"`);
  });

  const missing: Array<{ what: string; options: () => FindServerOptions; message: RegExp }> = [
    {
      what: 'no incep anywhere',
      options: () => options({ workspaceFolders: [at('plain')], env: { PATH: at('bin1') } }),
      message: /Cannot find the `incep` command .*incep\.server\.path/,
    },
    {
      what: 'a configured path that does not exist',
      options: () => options({ path: './nope/incep', workspaceFolders: [at('workspace')], env: { PATH: at('bin2') } }),
      message: /incep\.server\.path is '\.\/nope\/incep', but .*nope\/incep is not an executable file/,
    },
    {
      what: 'a configured command that is not on PATH',
      options: () => options({ path: 'incep-nightly', env: { PATH: at('bin2') } }),
      message: /incep\.server\.path is 'incep-nightly', but no such command is on PATH/,
    },
  ];
  for (const c of missing) {
    it(`says what to do when there is ${c.what}`, () => {
      const result = findServer(c.options());
      expect(result.ok).to.equal(false);
      expect(!result.ok && result.message).to.match(c.message);
    });
  }
});
