import { hasSecret, REDACTED, redactSecrets } from '../../src/privacy/redact-secrets';

// Built from parts so that secret scanners do not flag this file; none of these is real.
const slackBot = ['xoxb', '1234567890', '0987654321', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-');
const slackUser = ['xoxp', '1234567890', '0987654321', 'a1b2c3d4e5f6'].join('-');
const appToken = ['xapp', '1', 'A0123456789', '1234567890123', 'abcdef0123456789'].join('-');
const github = `ghp_${'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'}`;
const githubFine = `github_pat_${'11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ'}`;
const awsKey = `AKIA${'IOSFODNN7EXAMPLE'}`;
const jwt = ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0', 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'].join('.');
const pem = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEA7x1yY2z', 'b3BlbnNzaC1rZXktdjEAAAAA', '-----END RSA PRIVATE KEY-----'].join('\n');

describe('redactSecrets', () => {
  it.each([
    ['a Slack bot token', `my bot says invalid_auth with ${slackBot}, why?`, slackBot],
    ['a Slack user token', `token ${slackUser} stopped working`, slackUser],
    ['a Slack app-level token', `socket mode with ${appToken}`, appToken],
    ['a GitHub token', `git push asks for a password, I used ${github}`, github],
    ['a fine-grained GitHub token', `the PAT ${githubFine} is refused`, githubFine],
    ['an AWS access key id', `aws configure with ${awsKey} fails`, awsKey],
    ['a JWT', `the API answers 401 for ${jwt}`, jwt],
    ['a PEM private key', `my key:\n${pem}\nwhat now?`, 'MIIEowIBAAKCAQEA7x1yY2z'],
    ['a Bearer token', 'curl -H "Authorization: Bearer abc123def456ghi789" gives 403', 'abc123def456ghi789'],
    ['a password in a connection string URL', 'postgres://app:Sup3rS3cret@db.internal:5432/lore refuses me', 'Sup3rS3cret'],
    ['a password in an ADO connection string', 'Server=db;User Id=app;Password=Sup3rS3cret;Database=x', 'Sup3rS3cret'],
    ['a pwd= setting', 'I set pwd=hunter2 in the config', 'hunter2'],
    ['a password: phrase', 'new laptop, password: Winter2025!', 'Winter2025!'],
    ['a "password is" phrase', 'my password is hunter2 and it does not work', 'hunter2'],
    ['a "passwd is" phrase', 'the wifi passwd is Gu3st-Net. is that right?', 'Gu3st-Net'],
    ['a quoted JSON secret', '{"api_key": "9f8e7d6c5b4a39281706f5e4d3c2b1a0"}', '9f8e7d6c5b4a39281706f5e4d3c2b1a0'],
    ['a long random value in any key=value', 'sig=Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0 in the URL', 'Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0'],
  ])('redacts %s', (_what, text, secret) => {
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain(REDACTED);
  });

  it('keeps the words around a secret, so the question still reads and ranks', () => {
    expect(redactSecrets('my password is hunter2. what now?')).toBe(`my password is ${REDACTED}. what now?`);
    expect(redactSecrets(`curl -H "Authorization: Bearer abc123def456ghi789"`)).toBe(`curl -H "Authorization: Bearer ${REDACTED}"`);
    expect(redactSecrets('postgres://app:Sup3rS3cret@db:5432/x')).toBe(`postgres://app:${REDACTED}@db:5432/x`);
  });

  it.each([
    'my password is expired',
    'my password is not working after the reset',
    'Password: forgotten, how do I reset it?',
    'how do I change my password?',
    'the token is invalid',
    'VPN error 809 on Windows 11',
    'see https://wiki.example.com/display/IT/Password+Reset+Guide+2025 for steps',
    'request id=123e4567-e89b-12d3-a456-426614174000 failed',
    'path=/usr/local/share/lore/articles/vpn-from-home.md',
    'Basic troubleshooting for the printer',
  ])('leaves ordinary help-desk text alone: %s', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });

  describe('for captured answers (phrases off)', () => {
    it('keeps advice about passwords, which is what help-desk answers are', () => {
      const answer = 'Your password is on the sticker under the laptop; set `password=<your password>` in the config.';
      expect(redactSecrets(answer, { phrases: false })).toBe(answer);
    });

    it('still redacts unmistakable secrets', () => {
      const answer = `Use ${slackBot} and Password=Sup3rS3cret; in the connection string.`;
      const redacted = redactSecrets(answer, { phrases: false });
      expect(redacted).not.toContain(slackBot);
      expect(redacted).not.toContain('Sup3rS3cret');
    });
  });

  it('is idempotent', () => {
    const text = `password: Winter2025! and ${slackBot} and pwd=x1y2z3`;
    const once = redactSecrets(text);
    expect(redactSecrets(once)).toBe(once);
  });

  it('tells whether text holds a secret', () => {
    expect(hasSecret(`token ${slackUser}`)).toBe(true);
    expect(hasSecret('how do I reset my password?')).toBe(false);
  });

  it('stays fast on long hostile text', () => {
    const hostile = `${'password: '.repeat(5000)}${'a='.repeat(20000)}${'x'.repeat(50000)}-----BEGIN PRIVATE KEY-----${'A'.repeat(50000)}`;
    const started = Date.now();
    redactSecrets(hostile);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
