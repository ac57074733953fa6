// Builds the native backend (native/src, C++ through Node-API) into build/native/perceptron.node
// with the C++ compiler already on the machine: no downloads, no node-gyp, no system packages.
// Node's own headers come with the Node installation (include/node). Each instruction-set file
// is compiled with its own -m flags (the addon picks one at run time); only files whose sources
// changed are recompiled.
//
// Where the build cannot run (no compiler, no headers), it says why in one line, records the
// reason in build/native/unavailable.txt (which the backend reports), and exits 0: installation
// goes on and everything runs on the wasm backend.
//
// CXX chooses the compiler (g++, then clang++, then c++ by default).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = join(root, 'native', 'src');
const out = join(root, 'build', 'native');
const objects = join(out, 'obj');
const addon = join(out, 'perceptron.node');
const reasonFile = join(out, 'unavailable.txt');

/** Flags per instruction-set file; files of other architectures are left out. */
const isaFlags = {
  'isa-generic.cpp': [],
  'isa-avx2.cpp': process.arch === 'x64' ? ['-mavx2', '-mfma'] : null,
  'isa-avx512.cpp': process.arch === 'x64' ? ['-mavx512f', '-mavx512vl', '-mavx512bw', '-mavx512dq', '-mfma'] : null,
  'isa-avx512bf16.cpp': process.arch === 'x64' ? ['-mavx512f', '-mavx512vl', '-mavx512bw', '-mavx512dq', '-mavx512bf16', '-mfma'] : null,
  'isa-neon.cpp': process.arch === 'arm64' ? [] : null,
};
// No fused multiply-add where the source does not ask for one: the kernels round like the js reference.
const common = ['-std=c++17', '-O3', '-fPIC', '-fvisibility=hidden', '-ffp-contract=off', '-pthread', '-DNODE_GYP_MODULE_NAME=perceptron'];

function fail(reason) {
  mkdirSync(out, { recursive: true });
  rmSync(addon, { force: true });
  writeFileSync(reasonFile, `${reason}\n`);
  console.log(`perceptron: native backend not built (${reason}); using the wasm backend. To get it, install a C++ compiler (g++ or clang++) and run \`npm run build:native\`.`);
  process.exit(0);
}

function findCompiler() {
  const candidates = process.env.CXX ? [process.env.CXX] : ['g++', 'clang++', 'c++'];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return fail(`no working C++ compiler: tried ${candidates.join(', ')}`);
}

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => resolve({ ok: false, stderr: error.message }));
    child.on('close', (code) => resolve({ ok: code === 0, stderr }));
  });
}

const firstLine = (text) => text.split('\n').find((line) => /error/i.test(line)) ?? text.split('\n')[0] ?? '';
const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

const compiler = findCompiler();
const headers = join(dirname(dirname(process.execPath)), 'include', 'node');
if (!existsSync(join(headers, 'node_api.h'))) fail(`Node's headers are missing (no ${join(headers, 'node_api.h')})`);
mkdirSync(objects, { recursive: true });

const files = readdirSync(sources).filter((file) => file.endsWith('.cpp') && isaFlags[file] !== null);
const newestHeader = Math.max(...readdirSync(sources).filter((file) => file.endsWith('.h')).map((file) => mtime(join(sources, file))));
const jobs = files.map((file) => {
  const object = join(objects, file.replace(/\.cpp$/, '.o'));
  const stale = mtime(object) < Math.max(mtime(join(sources, file)), newestHeader);
  return { file, object, stale, args: [...common, ...(isaFlags[file] ?? []), '-I', headers, '-c', join(sources, file), '-o', object] };
});
// Two compilers at a time: enough for the two cores of a small machine.
const pending = jobs.filter((job) => job.stale);
const workers = Array.from({ length: 2 }, async () => {
  for (let job = pending.shift(); job; job = pending.shift()) {
    const result = await run(compiler, job.args);
    if (!result.ok) fail(`${compiler} failed on native/src/${job.file}: ${firstLine(result.stderr).trim() || 'no message'}`);
  }
});
await Promise.all(workers);

if (jobs.some((job) => mtime(job.object) > mtime(addon)) || !existsSync(addon)) {
  const link = await run(compiler, ['-shared', '-pthread', '-o', addon, ...jobs.map((job) => job.object)]);
  if (!link.ok) fail(`${compiler} could not link the addon: ${firstLine(link.stderr).trim() || 'no message'}`);
}
rmSync(reasonFile, { force: true });
