// Checks the native backend on ARM64 from an x86-64 machine: cross-compiles the addon for AArch64
// (every source, linked into a .node file, so it builds there), then builds native/check/gemm-check.cpp
// with the generic and NEON tables and runs it under qemu (the NEON matrix products against a
// float64 reference, its elementwise kernels against the generic ones). Needs Debian's
// g++-aarch64-linux-gnu and qemu-user; exits 1, saying which is missing, without them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build', 'arm64');
const compiler = process.env.AARCH64_CXX ?? 'aarch64-linux-gnu-g++';
const emulator = 'qemu-aarch64';
const sysroot = '/usr/aarch64-linux-gnu';
const headers = join(dirname(dirname(process.execPath)), 'include', 'node');
// The flags of scripts/build-native.mjs, for AArch64.
const flags = ['-std=c++17', '-O2', '-fPIC', '-fvisibility=hidden', '-ffp-contract=off', '-pthread', '-DNODE_GYP_MODULE_NAME=perceptron'];

function run(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) {
    console.error(`check-arm64: cannot run ${command} (${result.error.message}); apt-get install -y g++-aarch64-linux-gnu qemu-user`);
    process.exit(1);
  }
  if (result.status !== 0) {
    console.error(`check-arm64: ${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
    process.exit(1);
  }
  return result.stdout;
}

mkdirSync(out, { recursive: true });
const sources = ['addon.cpp', 'isa-generic.cpp', 'isa-neon.cpp'];
const objects = sources.map((file) => {
  const object = join(out, file.replace(/\.cpp$/, '.o'));
  run(compiler, [...flags, '-I', headers, '-c', join(root, 'native', 'src', file), '-o', object]);
  return object;
});
const addon = join(out, 'perceptron.node');
// Linked as build-native.mjs links it; Node-API symbols are left to the node binary that loads it.
run(compiler, ['-shared', '-pthread', '-o', addon, ...objects]);
const kind = run('file', ['-b', addon]).trim();
if (!/ARM aarch64/.test(kind)) {
  console.error(`check-arm64: ${addon} is not an AArch64 object: ${kind}`);
  process.exit(1);
}
console.log(`addon: ${kind.split(',').slice(0, 2).join(',')}`);

const check = join(out, 'gemm-check');
run(compiler, [...flags, '-o', check, join(root, 'native', 'check', 'gemm-check.cpp'), objects[1], objects[2]]);
if (!existsSync(sysroot)) {
  console.error(`check-arm64: no AArch64 C library at ${sysroot} for qemu; apt-get install -y g++-aarch64-linux-gnu`);
  process.exit(1);
}
process.stdout.write(run(emulator, ['-L', sysroot, check]));
