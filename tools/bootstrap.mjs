// Installs what a fresh clone is missing, using only Node's standard library so it can run
// before `npm install`. Called by `npm start` and `npm test`; safe to run any number of times.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const say = (message) => process.stdout.write(`[bootstrap] ${message}\n`);

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  say(`Node.js ${process.versions.node} is too old: install Node.js 20.19 or newer.`);
  process.exit(1);
}

const lock = resolve(root, 'package-lock.json');
const installed = resolve(root, 'node_modules/.package-lock.json');
const stale =
  !existsSync(installed) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs + 1000);
if (stale) {
  // `npm install` rather than `npm ci`: it installs the locked versions just the same, but does
  // not refuse a lock file that lacks optional binaries for other platforms — some registry
  // mirrors do not carry every platform build of a version (e.g. @swc/core for darwin).
  say('installing npm dependencies (npm install from package-lock.json)…');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Kafka runs from Apache Kafka's jars on the local JDK; Maven fetches them (tools/infra/pom.xml).
// On Debian/Ubuntu as root, missing tools are installed with apt-get (its progress shown);
// elsewhere the message names the exact command for the system.
const has = (command, args) => {
  try {
    return execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' }) || true;
  } catch (error) {
    // `java -version` writes to stderr; a non-zero exit or a missing command means absent.
    return error.code === 'ENOENT' || error.status !== 0 ? false : String(error.stderr ?? true);
  }
};
const javaMajor = () => {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (!match) return null;
  return match[1] === '1' ? Number(match[2]) : Number(match[1]);
};
const osRelease = () => {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const field = (name) => new RegExp(`^${name}="?([^"\n]*)"?$`, 'm').exec(text)?.[1] ?? '';
    return { id: field('ID'), like: field('ID_LIKE') };
  } catch {
    return { id: '', like: '' };
  }
};
const isDebianLike = () => {
  const { id, like } = osRelease();
  return /\b(debian|ubuntu)\b/.test(`${id} ${like}`) && existsSync('/usr/bin/apt-get');
};
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** The first JDK package (17 or newer) this system's apt knows, or null. */
function aptJdkPackage() {
  for (const name of ['openjdk-21-jre-headless', 'openjdk-17-jre-headless', 'openjdk-25-jre-headless']) {
    const policy = spawnSync('apt-cache', ['policy', name], { encoding: 'utf8' }).stdout ?? '';
    if (/Candidate: (?!\(none\))/.test(policy)) return name;
  }
  return null;
}

function installHint(missing) {
  const { id, like } = osRelease();
  const both = missing.includes('java') && missing.includes('mvn');
  const pick = (java, maven) =>
    [missing.includes('java') ? java : null, missing.includes('mvn') ? maven : null]
      .filter(Boolean)
      .join(' ');
  if (process.platform === 'darwin') return `brew install ${pick('openjdk@21', 'maven')}`;
  if (process.platform === 'win32') return `winget install ${pick('Microsoft.OpenJDK.21', 'Apache.Maven')}`;
  const sys = `${id} ${like}`;
  if (/\b(debian|ubuntu)\b/.test(sys))
    return `sudo apt-get install -y ${pick('openjdk-21-jre-headless', 'maven')} (or openjdk-17-jre-headless)`;
  if (/\b(fedora|rhel|centos|rocky|almalinux)\b/.test(sys))
    return `sudo dnf install -y ${pick('java-21-openjdk-headless', 'maven')}`;
  if (/\barch\b/.test(sys)) return `sudo pacman -S ${pick('jre21-openjdk-headless', 'maven')}`;
  if (/\balpine\b/.test(sys)) return `apk add ${pick('openjdk21-jre-headless', 'maven')}`;
  if (/\b(suse|opensuse)\b/.test(sys))
    return `sudo zypper install ${pick('java-21-openjdk-headless', 'maven')}`;
  return `a JDK 17 or newer${both ? ' and Apache Maven' : ''} (https://adoptium.net, https://maven.apache.org/install.html)`;
}

function aptInstall(packages) {
  say(`installing ${packages.join(', ')} with apt-get (root on ${osRelease().id || 'Debian/Ubuntu'})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  if (update.status !== 0) return false;
  const install = spawnSync(
    'apt-get',
    ['install', '-y', '--no-install-recommends', '-o', 'Dpkg::Progress-Fancy=1', ...packages],
    { stdio: 'inherit', env },
  );
  return install.status === 0;
}

if (!process.env.KAFKA_EXTERNAL) {
  const major = javaMajor();
  const missing = [];
  if (major === null || major < 17) missing.push('java');
  if (!has('mvn', ['-v'])) missing.push('mvn');
  if (missing.length > 0) {
    const what = missing
      .map((m) =>
        m === 'java'
          ? major === null
            ? 'java was not found'
            : `java ${major} is too old (Kafka needs 17+)`
          : 'mvn was not found',
      )
      .join('; ');
    const jdk = missing.includes('java') && isDebianLike() && isRoot ? aptJdkPackage() : null;
    const packages = [
      ...(missing.includes('java') && jdk ? [jdk] : []),
      ...(missing.includes('mvn') ? ['maven'] : []),
    ];
    const canApt = isDebianLike() && isRoot && (!missing.includes('java') || jdk);
    if (canApt && aptInstall(packages) && javaMajor() >= 17 && has('mvn', ['-v'])) {
      say(`installed ${packages.join(', ')}`);
    } else {
      say(
        `${what}: install them with\n    ${installHint(missing)}\n` +
          '  or set KAFKA_BROKERS and KAFKA_EXTERNAL=1 to use your own broker.',
      );
      process.exit(1);
    }
  }
}
