#!/usr/bin/env node
// `his <command> [args]`: one entry point for the npm scripts (scripts/<command>.ts, built into
// dist/scripts/<command>.js by npm ci / npm run build, run with this node). `his completion bash|zsh` prints a shell
// completion script.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scripts = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts ?? {};
/** command -> built script file, for every npm script that is `node dist/scripts/<name>.js` */
const COMMANDS = Object.fromEntries(
  Object.entries(scripts)
    .map(([name, line]) => [name, /^node (dist\/scripts\/[\w-]+\.js)$/.exec(String(line))?.[1]])
    .filter(([, file]) => file !== undefined),
);
const names = Object.keys(COMMANDS);
const COMMON_FLAGS = ['--help', '--root'];

const HELP = `Usage: his <command> [arguments]   (the same as npm run <command> -- [arguments])

Commands: ${names.join(', ')}
  his <command> --help        what a command does, its options and exit codes
  his completion bash|zsh     a completion script: eval "$(his completion bash)"

Environment: NO_COLOR disables colours, FORCE_COLOR forces them; KUSTOMIZE selects the kustomize binary.`;

function completion(shell) {
  if (shell === 'bash') {
    return `# bash completion for his
_his() {
  local cur=\${COMP_WORDS[COMP_CWORD]}
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${[...names, 'completion'].join(' ')}" -- "$cur") )
  elif [ "\${COMP_WORDS[1]}" = completion ]; then
    COMPREPLY=( $(compgen -W "bash zsh" -- "$cur") )
  else
    COMPREPLY=( $(compgen -W "${COMMON_FLAGS.join(' ')}" -- "$cur") $(compgen -f -- "$cur") )
  fi
}
complete -o filenames -F _his his
`;
  }
  if (shell === 'zsh') {
    return `#compdef his
# zsh completion for his
_his() {
  local -a commands
  commands=(${[...names, 'completion'].map((n) => `'${n}'`).join(' ')})
  if (( CURRENT == 2 )); then
    _describe 'command' commands
  elif [[ \${words[2]} == completion ]]; then
    _values 'shell' bash zsh
  else
    _alternative 'flags:flag:(${COMMON_FLAGS.join(' ')})' 'files:file:_files'
  fi
}
compdef _his his
`;
  }
  return undefined;
}

const [command, ...args] = process.argv.slice(2);
if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
  process.stdout.write(`${HELP}\n`);
  process.exit(command === undefined ? 2 : 0);
}
if (command === 'completion') {
  const text = completion(args[0]);
  if (!text) {
    process.stderr.write(`his: completion for "${args[0] ?? ''}" (expected bash or zsh)\n`);
    process.exit(2);
  }
  process.stdout.write(text);
  process.exit(0);
}
const file = COMMANDS[command];
if (!file) {
  process.stderr.write(`his: unknown command "${command}" (expected one of ${names.join(', ')}, or completion)\n`);
  process.exit(2);
}
const built = path.join(ROOT, file);
if (!existsSync(built)) {
  process.stderr.write(
    `his: ${built}: no such file (expected the built commands: run npm ci or npm run build in ${ROOT})\n`,
  );
  process.exit(2);
}
const result = await execa(process.execPath, [built, ...args], { stdio: 'inherit', reject: false });
process.exit(result.exitCode ?? (result.signal ? 2 : 0));
