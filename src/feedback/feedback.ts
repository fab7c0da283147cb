import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { LabelledQuestion, Ranker } from '../ranking/ranker';
import type { LearningOutcome, QuestionLearning } from './question-learning';
import type { Vote, VoteBook, VoteOutcome } from './vote-book';

/** What a vote changed, for the voter to see. */
export interface VoteResult {
  outcome: VoteOutcome;
  learning: LearningOutcome;
  /** The article's record in the voter's workspace after the vote, one vote per person. */
  tally: { up: number; down: number };
}


/**
 * Where votes teach. A 👍 makes the question a learned phrasing of the article; a 👎
 * tells the ranking model that the article does not answer it (and takes support from a
 * matching learned phrasing); either moves the article's helpfulness record. All of it
 * counts from the next question on, and only for the workspace the vote was cast in (the
 * workspace of the question it answers): a shared article changes for everyone only
 * through its editors (see docs/workspaces.md).
 */
export class Feedback {
  private votesChanged = 0;

  constructor(
    private readonly votes: VoteBook,
    private readonly learning: QuestionLearning,
    private readonly knowledge: KnowledgeBase,
    private readonly ranker: Ranker,
    /** Told of each new 👍 once it has taught: it may answer questions logged as gaps. */
    private readonly onHelpful: (questionId: number, articleId: string) => void = () => {},
  ) {}

  /** Votes cast, changed or withdrawn through this process since it started: a cheap clock for recalibrating. */
  get changes(): number {
    return this.votesChanged;
  }

  /** Loads every article's record in each workspace into the ranking (start-up). */
  load(): void {
    for (const { articleId, workspace, up, down } of this.votes.standings()) this.ranker.setHelpfulness(articleId, { up, down }, workspace);
  }

  /** Records a vote; it teaches the workspace of the question it was cast on. */
  vote(vote: Vote): VoteResult {
    // The vote and the phrasing it teaches are one write: a vote counted without its
    // phrasing would answer the next click "unchanged" and the phrasing would never be learned.
    const { outcome, asked, learning } = this.votes.atomically((): { outcome: VoteOutcome; asked: { text: string; workspace: string }; learning: LearningOutcome } => {
      const outcome = this.votes.cast(vote);
      // `cast` refused a vote on a question that was never asked.
      const asked = this.votes.question(vote.questionId)!;
      if (outcome === 'unchanged') return { outcome, asked, learning: 'none' };
      return { outcome, asked, learning: this.learning.apply(vote.articleId, asked.text, vote.voter, vote.value, asked.workspace) };
    });
    const { workspace } = asked;
    const tally = this.votes.tally(vote.articleId, workspace);
    if (outcome === 'unchanged') return { outcome, learning, tally };

    this.votesChanged += 1;
    // A 👍 changes how the voter's 👎 on the question's other articles count, and taking it back again.
    for (const articleId of this.votes.votedOn(vote.questionId, vote.voter)) {
      this.ranker.setHelpfulness(articleId, this.votes.standing(articleId, workspace), workspace);
    }
    if (vote.value < 0) {
      // A 👎 teaches with a couple of passes at the full rate: one is enough to lower the
      // article for the question it was cast on (at a new phrasing's gentler rate, StackFAQ
      // dev after replaying feedback: top1 0.894 -> 0.888).
      this.ranker.learn([{ question: asked.text, articleId: vote.articleId, workspace, negative: true, learnedIn: workspace }], {
        ...this.ranker.trainingOptions,
        epochs: this.ranker.quickOptions.epochs,
      });
    }
    // Learning wrote through its own statements; the index reads the touched article now.
    this.knowledge.refresh({ force: true });
    if (vote.value > 0) this.onHelpful(vote.questionId, vote.articleId);
    return { outcome, learning, tally };
  }

  /**
   * Withdraws a vote (a 👍 or 👎 reaction taken back): the vote goes, and so does the
   * voter's say on the phrasing it taught and their part of the article's record. A 👎
   * already taught to the model is not unlearned; the next full retraining leaves it out.
   */
  withdraw(vote: Vote): { withdrawn: boolean; tally: { up: number; down: number } } {
    const asked = this.votes.question(vote.questionId);
    if (!asked) return { withdrawn: false, tally: { up: 0, down: 0 } };
    const { workspace } = asked;
    // Withdrawn together with the voter's say on the phrasing, or not at all.
    const withdrawn = this.votes.atomically(() => {
      if (!this.votes.withdraw(vote)) return false;
      this.learning.withdraw(vote.articleId, asked.text, vote.voter, workspace);
      return true;
    });
    const tally = this.votes.tally(vote.articleId, workspace);
    if (!withdrawn) return { withdrawn, tally };
    this.votesChanged += 1;
    this.ranker.setHelpfulness(vote.articleId, this.votes.standing(vote.articleId, workspace), workspace);
    for (const articleId of this.votes.votedOn(vote.questionId, vote.voter)) {
      this.ranker.setHelpfulness(articleId, this.votes.standing(articleId, workspace), workspace);
    }
    this.knowledge.refresh({ force: true });
    return { withdrawn, tally };
  }

  /** Removes an alternate question (an editor cleaning up what was learned); the index drops it at once. */
  removeQuestion(articleId: string, text: string): boolean {
    const removed = this.learning.remove(articleId, text);
    if (removed) this.knowledge.refresh({ force: true });
    return removed;
  }

  /** Every 👎 as a training example, so a full retraining keeps what they taught. */
  negativeExamples(): LabelledQuestion[] {
    return this.votes.downvotes().map((d) => ({ question: d.text, articleId: d.articleId, workspace: d.workspace, negative: true, learnedIn: d.workspace }));
  }
}
