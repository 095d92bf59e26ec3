// Finds and runs build-index. The binary is not in this package: it is in
// one package per platform (@xun-build-index/linux-x64, …), all listed as
// optional dependencies, of which npm installs only the one whose `os`,
// `cpu` and `libc` match the machine. Nothing is downloaded at install
// time and no install script runs, so `--ignore-scripts` changes nothing.
'use strict';
const { spawnSync } = require('node:child_process');
const { dirname, join } = require('node:path');
const { existsSync } = require('node:fs');

/** `process.platform process.arch` → the package with its binary. */
const PLATFORMS = {
  'darwin arm64': '@xun-build-index/darwin-arm64',
  'darwin x64': '@xun-build-index/darwin-x64',
  'linux arm64': '@xun-build-index/linux-arm64',
  'linux x64': '@xun-build-index/linux-x64',
  'win32 x64': '@xun-build-index/win32-x64',
};

/** A binary that is missing or cannot run here; the message says what to do. */
class XunInstallError extends Error {
  constructor(message) {
    super(message);
    this.name = 'XunInstallError';
  }
}

const version = require('./package.json').version;

/** The path of the build-index binary for this machine. The environment
 * variable XUN_BUILD_INDEX_BINARY, if set, names another (one built from
 * source, say). */
function binaryPath() {
  const own = process.env.XUN_BUILD_INDEX_BINARY;
  if (own) {
    if (!existsSync(own)) throw new XunInstallError(`XUN_BUILD_INDEX_BINARY=${own}: no such file`);
    return own;
  }
  const key = `${process.platform} ${process.arch}`;
  const pkg = PLATFORMS[key];
  if (!pkg) {
    throw new XunInstallError(
      `no build-index binary is published for ${process.platform}-${process.arch} ` +
      `(there are: ${Object.values(PLATFORMS).map((p) => p.split('/')[1]).join(', ')}); ` +
      'build it from source with `cargo install build-index` and set XUN_BUILD_INDEX_BINARY to its path');
  }
  let manifest;
  try {
    manifest = require.resolve(`${pkg}/package.json`);
  } catch {
    throw new XunInstallError(
      `${pkg} is not installed. npm installs it with xun-build-index, unless optional ` +
      'dependencies were left out (--omit=optional, --no-optional) or node_modules was copied ' +
      'from another kind of machine; on Linux with musl (Alpine) there is no binary yet. ' +
      'Reinstall with `npm install xun-build-index`');
  }
  const theirs = require(manifest).version;
  if (theirs !== version) {
    throw new XunInstallError(`${pkg} is version ${theirs}, but xun-build-index is ${version}; reinstall both at one version`);
  }
  const exe = join(dirname(manifest), 'bin', process.platform === 'win32' ? 'build-index.exe' : 'build-index');
  if (!existsSync(exe)) throw new XunInstallError(`${pkg} has no ${exe}: a broken package; reinstall it`);
  return exe;
}

/** Runs build-index with `args` (an array of strings) and returns its exit
 * status. `options` go to child_process.spawnSync; by default the binary
 * shares this process's standard input, output and error. */
function run(args, options = {}) {
  const result = spawnSync(binaryPath(), args, { stdio: 'inherit', ...options });
  if (result.error) throw new XunInstallError(`cannot run build-index: ${result.error.message}`);
  if (result.signal) {
    // Die of the same signal, so a caller sees what happened (Ctrl+C).
    process.kill(process.pid, result.signal);
    return 1;
  }
  return result.status;
}

module.exports = { binaryPath, run, XunInstallError, PLATFORMS };
