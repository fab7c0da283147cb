import { analyzeField, analyzeQuery, tokenize } from '../../src/search/analyzer';
import { isStopWord } from '../../src/search/stop-words';

describe('analyzeQuery', () => {
  it('drops stop words and stems the rest', () => {
    expect(analyzeQuery('How do I delete my accounts?')).toEqual(['delet', 'account']);
  });

  it('keeps the stop words of a question that has nothing else', () => {
    expect(analyzeQuery('how do I?')).toEqual(['how', 'do', 'i']);
  });

  it('drops contractions as the stop words they are made of', () => {
    // The tokenizer joins a contraction into one word; "what's" must not search for `what`.
    expect(tokenize("What's")).toEqual(['whats']);
    expect(analyzeQuery("What's the easiest way? It doesn't work, I can't log in")).toEqual(['easiest', 'way', 'work', 'log']);
    for (const word of ['whats', 'thats', 'theres', 'doesnt', 'didnt', 'isnt', 'cant', 'wont', 'youve', 'theyre']) expect(isStopWord(word)).toBe(true);
  });

  it('keeps possessives, which are words, not contractions', () => {
    expect(analyzeQuery("Google's results")).toEqual(['googl', 'result']);
  });
});

describe('analyzeField', () => {
  it('keeps stop words only for short fields', () => {
    expect(analyzeField("What's new", true)).toEqual(['what', 'new']);
    expect(analyzeField("What's new", false)).toEqual(['new']);
  });
});
