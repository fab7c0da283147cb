import { apiBase } from '../../src/sources/confluence-source';
import { confluenceStorageToMarkdown } from '../../src/sources/confluence-storage';
import { htmlToMarkdown } from '../../src/sources/html-to-markdown';
import { limitNesting } from '../../src/sources/limit-nesting';
import { retryAfterMs } from '../../src/sources/source-http';

describe('htmlToMarkdown (Zendesk bodies)', () => {
  it('keeps headings, lists, emphasis, code, quotes, tables and http(s) links', () => {
    const html = [
      '<h3>Before you start</h3><p>You need <strong>admin</strong> rights and <em>an hour</em>.</p>',
      '<ul><li>Laptop<ul><li>charged</li></ul></li><li>Badge</li></ul>',
      '<pre><code class="language-powershell">Get-Service | Where Status -eq Running</code></pre>',
      '<blockquote><p>Do not unplug it.</p></blockquote>',
      '<table><thead><tr><th>Model</th><th>Port</th></tr></thead><tbody><tr><td>X1</td><td>USB-C | Thunderbolt</td></tr></tbody></table>',
      '<p>See <a href="https://support.acme.com/hc/articles/1">the guide</a> or <a href="mailto:it@acme.com">mail us</a>.</p>',
    ].join('');
    expect(htmlToMarkdown(html)).toBe(
      [
        '### Before you start',
        '',
        'You need **admin** rights and *an hour*.',
        '',
        '- Laptop',
        '  - charged',
        '- Badge',
        '',
        '```powershell',
        'Get-Service | Where Status -eq Running',
        '```',
        '',
        '> Do not unplug it.',
        '',
        '| Model | Port |',
        '| --- | --- |',
        '| X1 | USB-C \\| Thunderbolt |',
        '',
        'See [the guide](https://support.acme.com/hc/articles/1) or [mail us](mailto:it@acme.com).',
      ].join('\n'),
    );
  });

  it('drops scripts, styles, frames and forms with their content, and unsafe link targets', () => {
    const html =
      '<p>Hi</p><script>document.cookie</script><style>p{}</style><iframe src="https://evil.example"></iframe>' +
      '<form action="https://evil.example"><input name="password"></form>' +
      '<p><a href="javascript:alert(1)">click</a> <a href=" JAVASCRIPT:x">two</a> <img src="data:image/png;base64,AAA" alt="diagram"> <a href="https://ok.example/a b(c)">ok</a></p>' +
      '<p onclick="steal()">text</p>';
    const markdown = htmlToMarkdown(html);
    expect(markdown).toBe('Hi\n\nclick two diagram [ok](https://ok.example/a%20b%28c%29)\n\ntext');
  });

  it('neutralises every form of ping in prose, but leaves code blocks as written', () => {
    const html = '<p>&lt;!channel&gt; &lt;!here|here&gt; @here @channel @everyone &lt;@U024BE7LH&gt; &lt;!subteam^S123|@oncall&gt; ＠here</p><pre><code>echo "&lt;!here&gt;"</code></pre>';
    const markdown = htmlToMarkdown(html);
    const [prose, code] = markdown.split('```');
    expect(prose).not.toMatch(/<!|<@|@here|@channel|@everyone|＠here/);
    expect(prose).toContain('oncall');
    expect(code).toContain('echo "<!here>"');
  });

  it('is empty for an empty body and survives deeply nested and unclosed markup', () => {
    expect(htmlToMarkdown('')).toBe('');
    expect(htmlToMarkdown(`${'<div><ul><li>'.repeat(300)}deep`)).toContain('deep');
    expect(htmlToMarkdown('<p>open <b>bold <i>both</p> after')).toContain('after');
  });
});

describe('confluenceStorageToMarkdown', () => {
  it('turns macros into Markdown: code with its language, noformat, panels with titles, expand bodies, tasks, page and URL links', () => {
    const storage = [
      '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">py</ac:parameter><ac:parameter ac:name="title">fix.py</ac:parameter>',
      '<ac:plain-text-body><![CDATA[if a < b and c > d:\n    print("ok & done")]]></ac:plain-text-body></ac:structured-macro>',
      '<ac:structured-macro ac:name="noformat"><ac:plain-text-body><![CDATA[raw <text>]]></ac:plain-text-body></ac:structured-macro>',
      '<ac:structured-macro ac:name="info"><ac:parameter ac:name="title">Good to know</ac:parameter><ac:rich-text-body><p>It is free.</p></ac:rich-text-body></ac:structured-macro>',
      '<ac:structured-macro ac:name="note"><ac:rich-text-body><p>Takes a day.</p></ac:rich-text-body></ac:structured-macro>',
      '<ac:structured-macro ac:name="expand"><ac:parameter ac:name="title">More</ac:parameter><ac:rich-text-body><p>Hidden detail.</p></ac:rich-text-body></ac:structured-macro>',
      '<ac:structured-macro ac:name="toc"><ac:parameter ac:name="maxLevel">2</ac:parameter></ac:structured-macro>',
      '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>Order</ac:task-body></ac:task>',
      '<ac:task><ac:task-id>2</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Install</ac:task-body></ac:task></ac:task-list>',
      '<p>See <ac:link><ri:page ri:content-title="VPN setup" ri:space-key="IT" /><ac:plain-text-link-body><![CDATA[the VPN page]]></ac:plain-text-link-body></ac:link>',
      ' and <ac:link><ri:page ri:content-title="Printers" /></ac:link> <ac:emoticon ac:name="smile" ac:emoji-fallback="🙂" /></p>',
    ].join('');
    expect(confluenceStorageToMarkdown(storage)).toBe(
      [
        '```py',
        'if a < b and c > d:',
        '    print("ok & done")',
        '```',
        '',
        '```',
        'raw <text>',
        '```',
        '',
        '> **Info: Good to know**',
        '>',
        '> It is free.',
        '',
        '> **Note**',
        '>',
        '> Takes a day.',
        '',
        '> **More**',
        '>',
        '> Hidden detail.',
        '',
        '- \\[x\\] Order',
        '- \\[ \\] Install',
        '',
        'See the VPN page and Printers 🙂',
      ].join('\n'),
    );
  });

  it('keeps the text of malformed storage rather than failing', () => {
    expect(confluenceStorageToMarkdown('<p>half <ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[x')).toContain('half');
    expect(confluenceStorageToMarkdown('plain text &amp; more')).toBe('plain text & more');
  });
});

describe('apiBase and Retry-After', () => {
  it('adds /wiki to a Cloud site and keeps a Data Center context path', () => {
    expect(apiBase('https://acme.atlassian.net')).toBe('https://acme.atlassian.net/wiki');
    expect(apiBase('https://acme.atlassian.net/wiki/')).toBe('https://acme.atlassian.net/wiki');
    expect(apiBase('https://intranet.acme.com/confluence/')).toBe('https://intranet.acme.com/confluence');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('120')).toBe(120_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.UTC(2015, 9, 21, 7, 28, 0))).toBe(10_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('limitNesting', () => {
  it('drops tags nested deeper than any real page, keeping their text, and passes the rest unchanged', () => {
    const deep = `${'<div>'.repeat(100_000)}bottom${'</span>'.repeat(100_000)}`;
    expect(limitNesting(deep)).toBe(`${'<div>'.repeat(64)}bottom`);
    const page = '<p class="a>b">x<br>y<img src="i.png"/></p><!-- <div> --><![CDATA[<div>]]><ac:parameter ac:name="x" />';
    expect(limitNesting(page)).toBe(page);
    expect(() => limitNesting('x'.repeat(2_000_001))).toThrow(/more than 2000000/);
  });
});
