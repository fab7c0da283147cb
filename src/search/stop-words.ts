/**
 * English function words. They say little about which article answers a question, and
 * in long bodies they make every article a candidate, which is what slows a large base.
 * Contractions are listed as the tokenizer writes them (`what's` → `whats`): otherwise
 * "What's the easiest way…" searched for `what`, which titles keep (short fields index
 * stop words), so it drew every "What is…" title.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by
  can cannot could did do does doing dont down during each few for from further had has have having he her here hers
  herself him himself his how i if in into is it its itself just me more most my myself no nor not of off on once only
  or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then
  there these they this those through to too under until up very was we were what when where which while who whom why
  will with would you your yours yourself yourselves im ive id youre hi hello hey thanks thank please pls plz get got
  also may might must shall us let lets
  whats thats theres heres hows whos wheres whens whys isnt arent wasnt werent doesnt didnt hasnt havent hadnt wont
  wouldnt shouldnt couldnt cant youve youll youd weve theyre theyve theyll theyd hes shes itll`
    .split(/\s+/)
    .filter(Boolean),
);

export function isStopWord(term: string): boolean {
  return STOP_WORDS.has(term);
}
