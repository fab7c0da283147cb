/** What a person is told when their question is turned away because too many are waiting. */
export const TOO_BUSY = 'I’m getting a lot of questions right now, ask again in a minute.';

/** How many questions are answered at once, and how many may wait for a turn. */
export interface AnswerQueueOptions {
  /** Answers in progress at once (default 4): a search is CPU, its post is I/O that overlaps. */
  concurrency?: number;
  /** Questions waiting for a turn beyond which new ones are turned away (default 100; LORE_ANSWER_QUEUE_LIMIT). */
  limit?: number;
}

/** `answered`: the job ran (or failed, which its caller hears); `busy`: the queue was full, the job never ran. */
export type QueueOutcome = 'answered' | 'busy';

/** The defaults: a few answers overlap their posts, and a full queue is still a short wait. */
export const DEFAULT_ANSWER_CONCURRENCY = 4;
export const DEFAULT_ANSWER_QUEUE_LIMIT = 100;

/**
 * A bounded work queue for answering questions, shared by every adapter of one process.
 * An answer is a synchronous search: run straight from each request, a flood of
 * questions left no time to read new requests, so acknowledgements and /healthz waited
 * behind every answer. Here each answer starts from `setImmediate`, after the pending
 * I/O (new requests, acknowledgements, health checks), and when `limit` questions are
 * already waiting a new one is turned away at once, so its asker can be told, rather
 * than left waiting on a queue that only grows.
 */
export class AnswerQueue {
  private readonly concurrency: number;
  private readonly limit: number;
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  private turnedAway = 0;

  constructor(options: AnswerQueueOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_ANSWER_CONCURRENCY);
    this.limit = Math.max(0, options.limit ?? DEFAULT_ANSWER_QUEUE_LIMIT);
  }

  /**
   * Runs `job` when a turn comes, resolving `answered` when it has finished (its error is
   * rethrown), or resolves `busy` at once, without running it, when the queue is full.
   */
  async run(job: () => Promise<void>): Promise<QueueOutcome> {
    if (this.running >= this.concurrency && this.waiting.length >= this.limit) {
      this.turnedAway += 1;
      return 'busy';
    }
    await this.turn();
    try {
      await job();
    } finally {
      this.running -= 1;
      this.next();
    }
    return 'answered';
  }

  /** Counts for /healthz: answers running, questions waiting, and those turned away so far. */
  stats(): { answering: number; waiting: number; turnedAway: number } {
    return { answering: this.running, waiting: this.waiting.length, turnedAway: this.turnedAway };
  }

  /** Resolves when a slot is this job's; always after the I/O already pending. */
  /** Whether a job given now starts at once, rather than waiting behind others. */
  get hasTurnNow(): boolean {
    return this.running < this.concurrency;
  }

  private turn(): Promise<void> {
    return new Promise((resolve) => {
      if (this.running < this.concurrency) {
        this.running += 1;
        setImmediate(resolve);
      } else {
        this.waiting.push(resolve);
      }
    });
  }

  private next(): void {
    const resolve = this.waiting.shift();
    if (!resolve) return;
    this.running += 1;
    setImmediate(resolve);
  }
}
