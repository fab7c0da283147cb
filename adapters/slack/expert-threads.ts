/** A question passed to the experts, and who asked it. */
export interface ExpertQuestion {
  questionId: number;
  asker?: string;
}

/** Threads remembered at most; the oldest are forgotten first. */
const REMEMBERED = 5000;

/**
 * Threads where a question was passed to the experts: the asker's thread and the post in
 * the experts channel. A person other than the asker replying there is likely an expert
 * answering, whom Lore offers a one-click capture.
 */
export class ExpertThreads {
  private readonly threads = new Map<string, ExpertQuestion>();

  add(team: string, channel: string, threadTs: string, question: ExpertQuestion): void {
    if (this.threads.size >= REMEMBERED) this.threads.delete(this.threads.keys().next().value!);
    this.threads.set(`${team}:${channel}:${threadTs}`, question);
  }

  at(team: string, channel: string, threadTs: string): ExpertQuestion | undefined {
    return this.threads.get(`${team}:${channel}:${threadTs}`);
  }
}
