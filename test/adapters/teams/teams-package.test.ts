import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { teamsManifestProblems } from '../../../adapters/teams/manifest-schema';
import { teamsPackageCommand } from '../../../adapters/teams/teams-package-command';
import { zipFiles } from '../../../adapters/teams/zip';
import { ROOT } from '../../helpers/build';
import { runLore } from '../../helpers/run-lore';
import { useSandbox } from '../../helpers/sandbox';

const APP_ID = '6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f';
const commands = [teamsPackageCommand];
const iconFile = (name: string) => fs.readFileSync(path.join(ROOT, 'manifest', 'teams', name));

interface PackagedManifest {
  id: string;
  bots: Array<{ botId: string }>;
  composeExtensions: Array<{ botId: string }>;
  validDomains: string[];
}

/**
 * The files of a ZIP archive, read through its central directory as unzip does, each
 * inflated and checked against its recorded size and CRC.
 */
function readZip(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('no end-of-central-directory record');
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let index = 0; index < count; index++) {
    if (archive.readUInt32LE(at) !== 0x02014b50) throw new Error(`central directory entry ${index} has a bad signature`);
    const [method, crc, compressedSize, size] = [archive.readUInt16LE(at + 10), archive.readUInt32LE(at + 16), archive.readUInt32LE(at + 20), archive.readUInt32LE(at + 24)];
    const nameLength = archive.readUInt16LE(at + 28);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const local = archive.readUInt32LE(at + 42);
    if (archive.readUInt32LE(local) !== 0x04034b50) throw new Error(`${name}: bad local header signature`);
    const dataStart = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const stored = archive.subarray(dataStart, dataStart + compressedSize);
    const data = method === 8 ? inflateRawSync(stored) : method === 0 ? stored : undefined;
    if (!data || data.length !== size || crc32(data) !== crc) throw new Error(`${name}: method ${method}, size or CRC does not match`);
    files.set(name, data);
    at += 46 + nameLength + archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
  }
  return files;
}

/** A ZIP tester that is not ours, when the machine has one: unzip, else Python's zipfile. */
function externalZipTester(): ((file: string) => string) | undefined {
  const has = (program: string, args: string[]) => spawnSync(program, args, { stdio: 'ignore' }).status === 0;
  if (has('unzip', ['-v'])) return (file) => execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
  if (has('python3', ['--version'])) return (file) => execFileSync('python3', ['-m', 'zipfile', '-t', file], { encoding: 'utf8' });
  return undefined;
}

describe('lore teams-package', () => {
  const sandbox = useSandbox();

  it('writes manifest.json and both icons at the root of the zip, with the app id as the bot id', async () => {
    const out = sandbox.file('lore-teams.zip');
    const run = await runLore(['teams-package', '--db', sandbox.dbFile, '--create', '--app-id', APP_ID, '--out', out, '--json'], { commands });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.lastJson()).toEqual({ file: out, appId: APP_ID, id: expect.any(String), version: '1.0.0', bytes: fs.statSync(out).size });

    const files = readZip(fs.readFileSync(out));
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as PackagedManifest;
    expect(manifest.bots.map((bot) => bot.botId)).toEqual([APP_ID]);
    expect(manifest.composeExtensions.map((extension) => extension.botId)).toEqual([APP_ID]);
    expect(manifest.id).not.toBe(APP_ID);
    expect(teamsManifestProblems(manifest)).toEqual([]);
    expect(files.get('color.png')!.equals(iconFile('color.png'))).toBe(true);
    expect(files.get('outline.png')!.equals(iconFile('outline.png'))).toBe(true);
  });

  const tester = externalZipTester();
  (tester ? it : it.skip)('writes a standard ZIP that other tools read without error', async () => {
    const out = sandbox.file('lore-teams.zip');
    expect((await runLore(['teams-package', '--db', sandbox.dbFile, '--create', '--app-id', APP_ID, '--out', out], { commands })).code).toBe(0);
    expect(tester!(out)).toMatch(/No errors detected|Done testing/);
  });

  it('takes the app id from MICROSOFT_APP_ID, says where it wrote and how to upload', async () => {
    const out = sandbox.file('packages', 'teams.zip');
    const run = await runLore(['teams-package', '--db', sandbox.dbFile, '--create', '--out', out], { commands, env: { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'secret' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(out);
    expect(run.stdout).toContain('upload this in Teams: Apps > Manage your apps > Upload an app');
    const manifest = JSON.parse(readZip(fs.readFileSync(out)).get('manifest.json')!.toString('utf8')) as PackagedManifest;
    expect(manifest.bots[0]!.botId).toBe(APP_ID);
  });

  it('lists each --domain in validDomains', async () => {
    const out = sandbox.file('lore-teams.zip');
    const run = await runLore(['teams-package', '--db', sandbox.dbFile, '--create', '--app-id', APP_ID, '--out', out, '--domain', 'Lore.Example.com', '--domain', '*.example.org'], { commands });
    expect(run.code).toBe(0);
    const manifest = JSON.parse(readZip(fs.readFileSync(out)).get('manifest.json')!.toString('utf8')) as PackagedManifest;
    expect(manifest.validDomains).toEqual(['lore.example.com', '*.example.org']);
  });

  it('builds the same bytes every time, so a rebuilt package is identical', async () => {
    const [first, second] = [sandbox.file('a.zip'), sandbox.file('b.zip')];
    await runLore(['teams-package', '--db', sandbox.dbFile, '--create', '--app-id', APP_ID, '--out', first], { commands });
    await runLore(['teams-package', '--db', sandbox.dbFile, '--create', '--app-id', APP_ID, '--out', second], { commands });
    expect(fs.readFileSync(first).equals(fs.readFileSync(second))).toBe(true);
  });

  it('refuses an app id that is not a GUID with exit code 2, and writes nothing', async () => {
    const out = sandbox.file('lore-teams.zip');
    const run = await runLore(['teams-package', '--db', sandbox.dbFile, '--create', '--app-id', 'not-a-guid', '--out', out, '--json'], { commands });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('lore teams-package: --app-id "not-a-guid" must be a GUID such as');
    expect(run.lastJson()).toEqual({ error: { code: 'USAGE', message: expect.stringContaining('must be a GUID') } });
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses the placeholder GUID of the template', async () => {
    const run = await runLore(['teams-package', '--db', sandbox.dbFile, '--create', '--app-id', '00000000-0000-0000-0000-000000000000', '--out', sandbox.file('x.zip')], { commands });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is the placeholder GUID');
  });

  it('says how to give the app id when there is none', async () => {
    const run = await runLore(['teams-package', '--db', sandbox.dbFile, '--create', '--out', sandbox.file('x.zip')], { commands });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("needs the bot's Microsoft App ID: pass --app-id GUID or set MICROSOFT_APP_ID");
  });

  it('names MICROSOFT_APP_ID when its value is not a GUID', async () => {
    const run = await runLore(['teams-package', '--db', sandbox.dbFile, '--create', '--out', sandbox.file('x.zip')], { commands, env: { MICROSOFT_APP_ID: 'my-bot', MICROSOFT_APP_PASSWORD: 'secret' } });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/MICROSOFT_APP_ID.*my-bot/);
  });

  it('refuses a --domain that is a URL rather than a host name', async () => {
    const run = await runLore(['teams-package', '--db', sandbox.dbFile, '--create', '--app-id', APP_ID, '--domain', 'https://lore.example.com/', '--out', sandbox.file('x.zip')], { commands });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--domain "https://lore.example.com/" must be a host name such as lore.example.com');
  });
});

describe('lore teams-package for a test and a production bot in one tenant', () => {
  const sandbox = useSandbox();
  const manifestOf = (file: string) => JSON.parse(readZip(fs.readFileSync(file)).get('manifest.json')!.toString('utf8')) as PackagedManifest & {
    version: string;
    name: { short: string; full: string };
    developer: { websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
    bots: Array<{ botId: string; commandLists: Array<{ commands: Array<{ title: string; description: string }> }> }>;
  };

  it('names, numbers and points the package as given, and keeps one generated app id per database', async () => {
    const out = sandbox.file('test.zip');
    const run = await runLore(
      ['teams-package', '--app-id', APP_ID, '--name', 'Lore (test)', '--version', '1.4.2', '--developer-url', 'https://it.example.com', '--privacy-url', 'https://it.example.com/privacy', '--terms-url', 'https://it.example.com/terms', '--out', out, '--db', sandbox.dbFile, '--json'],
      { commands },
    );
    expect(run.stderr).toMatch(/no database at .*lore\.db/);
    expect(run.code).toBe(2);

    const args = (file: string, db: string) => ['teams-package', '--app-id', APP_ID, '--name', 'Lore (test)', '--version', '1.4.2', '--developer-url', 'https://it.example.com', '--privacy-url', 'https://it.example.com/privacy', '--terms-url', 'https://it.example.com/terms', '--out', file, '--db', db, '--create', '--json'];
    const first = await runLore(args(out, sandbox.dbFile), { commands });
    expect(first.code).toBe(0);
    const manifest = manifestOf(out);
    expect(manifest).toMatchObject({
      version: '1.4.2',
      name: { short: 'Lore (test)', full: 'Lore (test): help-desk knowledge bot' },
      developer: { websiteUrl: 'https://it.example.com', privacyUrl: 'https://it.example.com/privacy', termsOfUseUrl: 'https://it.example.com/terms' },
    });
    expect(manifest.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(manifest.id).not.toBe('eac0f38b-763c-41bb-9f93-01385380de7b');
    expect(teamsManifestProblems(manifest)).toEqual([]);
    expect(first.lastJson()).toMatchObject({ id: manifest.id, version: '1.4.2' });

    // The same database keeps its id (an update of the same app); another database is another app; --id overrides.
    await runLore(args(sandbox.file('again.zip'), sandbox.dbFile), { commands });
    expect(manifestOf(sandbox.file('again.zip')).id).toBe(manifest.id);
    await runLore(args(sandbox.file('prod.zip'), sandbox.file('prod.db')), { commands });
    expect(manifestOf(sandbox.file('prod.zip')).id).not.toBe(manifest.id);
    const chosen = '0c8f3d6e-2b1a-4f5e-9d7c-3a2b1c0d9e8f';
    await runLore([...args(sandbox.file('chosen.zip'), sandbox.dbFile), '--id', chosen], { commands });
    expect(manifestOf(sandbox.file('chosen.zip')).id).toBe(chosen);

    // The review command is described as what it does.
    const review = manifest.bots[0]!.commandLists[0]!.commands.find((c) => c.title === 'review')!;
    expect(review.description).toMatch(/due for review/);
  });

  it.each([
    ['--version', 'v2', 'must be MAJOR.MINOR.PATCH'],
    ['--id', 'prod', 'must be a GUID'],
    ['--privacy-url', 'http://it.example.com/privacy', 'must be an https:// address'],
    ['--name', 'A name far too long to show under an icon', 'at most 30 characters'],
  ])('refuses %s %s with exit code 2', async (flag, value, problem) => {
    const run = await runLore(['teams-package', '--app-id', APP_ID, flag, value, '--out', sandbox.file('x.zip'), '--db', sandbox.dbFile, '--create'], { commands });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(problem);
    expect(fs.existsSync(sandbox.file('x.zip'))).toBe(false);
  });
});

describe('zipFiles', () => {
  it('deflates text, stores what would not shrink, and round-trips both', () => {
    const text = Buffer.from('Lore '.repeat(200));
    const random = Buffer.from(Array.from({ length: 64 }, (_, index) => (index * 197 + 31) % 256));
    const archive = zipFiles([
      { name: 'notes/text.txt', data: text },
      { name: 'noise.bin', data: random },
    ]);
    const files = readZip(archive);
    expect(files.get('notes/text.txt')!.equals(text)).toBe(true);
    expect(files.get('noise.bin')!.equals(random)).toBe(true);
    expect(archive.length).toBeLessThan(text.length);
    expect(archive.includes(random)).toBe(true); // stored as is
    expect(archive.includes(text)).toBe(false); // deflated
  });

  it('refuses duplicate or absolute names', () => {
    expect(() => zipFiles([{ name: 'a', data: Buffer.alloc(1) }, { name: 'a', data: Buffer.alloc(1) }])).toThrow(/unique/);
    expect(() => zipFiles([{ name: '/etc/passwd', data: Buffer.alloc(1) }])).toThrow(/relative/);
  });
});
