import fs from 'node:fs';
import path from 'node:path';
import { teamsManifestProblems, teamsSchemaFile } from '../../adapters/teams/manifest-schema';
import { ROOT } from '../helpers/build';
import { readPngHeader, readRgbaPixels } from './read-png';

const FOLDER = path.join(ROOT, 'manifest', 'teams');
const PLACEHOLDER_BOT_ID = '00000000-0000-0000-0000-000000000000';

interface TeamsManifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  name: { short: string };
  accentColor: string;
  icons: { color: string; outline: string };
  bots: Array<{ botId: string; scopes: string[]; supportsFiles: boolean; isNotificationOnly: boolean; commandLists: Array<{ scopes: string[]; commands: Array<{ title: string; description?: string }> }> }>;
  composeExtensions: Array<{ botId: string; commands: Array<{ id: string; type: string; context: string[]; fetchTask: boolean; title: string }> }>;
  permissions: string[];
  validDomains: string[];
}

const readManifest = (): TeamsManifest => JSON.parse(fs.readFileSync(path.join(FOLDER, 'manifest.json'), 'utf8')) as TeamsManifest;

describe('manifest/teams/manifest.json', () => {
  const manifest = readManifest();

  it('is valid against the schema of its version, as bundled by @microsoft/app-manifest', () => {
    expect(manifest.manifestVersion).toMatch(/^1\.\d+$/);
    expect(fs.existsSync(teamsSchemaFile(manifest.manifestVersion))).toBe(true);
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(teamsManifestProblems(manifest)).toEqual([]);
  });

  it('is checked for real: a wrong bot id, an unknown field or a missing version is reported', () => {
    const broken = readManifest();
    broken.bots[0]!.botId = 'not-a-guid';
    expect(teamsManifestProblems({ ...broken, mascot: 'owl' })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/bots\/0\/botId must match pattern/), expect.stringContaining('("mascot")')]),
    );
    expect(teamsManifestProblems({ ...manifest, manifestVersion: '9.99' })).toEqual([expect.stringContaining('has no schema in @microsoft/app-manifest')]);
    expect(teamsManifestProblems(null)).toEqual([expect.stringContaining('/manifestVersion')]);
  });

  it('has a fixed app id of its own and a placeholder bot id that `lore teams-package` replaces', () => {
    expect(manifest.id).toMatch(/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/);
    expect(manifest.id).not.toBe(PLACEHOLDER_BOT_ID);
    expect(manifest.bots.map((bot) => bot.botId)).toEqual([PLACEHOLDER_BOT_ID]);
    expect(manifest.composeExtensions.map((extension) => extension.botId)).toEqual([PLACEHOLDER_BOT_ID]);
  });

  it('lists help, review and gaps in every scope the bot serves', () => {
    const [bot] = manifest.bots;
    expect(bot).toMatchObject({ supportsFiles: false, isNotificationOnly: false });
    expect([...bot!.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const scope of bot!.scopes) {
      const lists = bot!.commandLists.filter((list) => list.scopes.includes(scope));
      expect(lists).toHaveLength(1);
      expect(lists[0]!.commands.map((command) => command.title)).toEqual(['help', 'review', 'gaps']);
      for (const command of lists[0]!.commands) expect(command.description).toBeTruthy();
    }
  });

  it('offers one message action, captureAnswer, that fetches its dialog from the bot', () => {
    expect(manifest.composeExtensions).toHaveLength(1);
    expect(manifest.composeExtensions[0]!.commands).toEqual([
      expect.objectContaining({ id: 'captureAnswer', type: 'action', context: ['message'], fetchTask: true, title: 'Capture as article' }),
    ]);
  });

  it('asks only for identity and messageTeamMembers', () => {
    expect(manifest.permissions).toEqual(['identity', 'messageTeamMembers']);
    expect(manifest.validDomains).toEqual([]);
  });
});

describe('manifest/teams icons', () => {
  const manifest = readManifest();
  const icon = (name: string) => fs.readFileSync(path.join(FOLDER, name));

  it('are color.png at 192×192 and outline.png at 32×32, as the manifest names them', () => {
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(readPngHeader(icon('color.png'))).toMatchObject({ width: 192, height: 192 });
    expect(readPngHeader(icon('outline.png'))).toMatchObject({ width: 32, height: 32 });
  });

  it('draw the outline in white on transparent only, as Teams requires', () => {
    const pixels = readRgbaPixels(icon('outline.png'));
    let opaque = 0;
    let transparent = 0;
    const notWhite: string[] = [];
    for (let at = 0; at < pixels.length; at += 4) {
      const alpha = pixels[at + 3]!;
      if (alpha === 0) transparent++;
      if (alpha === 255) opaque++;
      const isWhite = pixels[at] === 255 && pixels[at + 1] === 255 && pixels[at + 2] === 255;
      if (alpha > 0 && !isWhite) notWhite.push(`pixel ${at / 4}: rgba(${[...pixels.subarray(at, at + 4)].join(',')})`);
    }
    expect(notWhite).toEqual([]);
    // A mark, not an empty or filled square.
    expect(opaque).toBeGreaterThan(100);
    expect(transparent).toBeGreaterThan(300);
  });

  it('give the colour icon an opaque tile in the manifest\'s accent colour behind the mark', () => {
    const pixels = readRgbaPixels(icon('color.png'));
    const alphas = new Set<number>();
    for (let at = 3; at < pixels.length; at += 4) alphas.add(pixels[at]!);
    expect([...alphas]).toEqual([255]);
    const corner = `#${pixels.subarray(0, 3).toString('hex')}`;
    expect(corner).toBe(manifest.accentColor.toLowerCase());
  });
});
