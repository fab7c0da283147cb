import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';
import type { RetrievalOptions } from '../search/search-index';

/** Above this many indexed articles a full training runs in a worker thread (a 2,000-article training takes seconds). */
export const DEFAULT_BACKGROUND_TRAINING_ABOVE = 2_000;
/** How long after a failed training the next one may start; doubled after each failure in a row. */
const RETRY_AFTER_MS = 5 * 60 * 1000;
/** How long `cancel` waits for a worker already writing the model file (a few MB) to finish it. */
const WRITE_WAIT_MS = 10_000;

/**
 * The states a worker and its Lore share in one Int32 (a SharedArrayBuffer), so the main
 * thread sees a finished training without waiting for an event, and a cancel and the
 * worker's write of the model file can never interleave.
 */
export const TrainingState = { running: 0, writing: 1, done: 2, failed: 3, cancelled: 4 } as const;

/** What a training worker is given. */
export interface TrainingWorkerData {
  dbFile: string;
  modelFile: string;
  retrieval?: RetrievalOptions;
  busyTimeoutMs?: number;
  /** One Int32 holding a TrainingState. */
  state: SharedArrayBuffer;
}

/** How a file database trains in the background. */
export interface BackgroundTrainingOptions {
  dbFile: string;
  modelFile: string;
  /** Indexed articles above which a full training goes to a worker (default DEFAULT_BACKGROUND_TRAINING_ABOVE). */
  above?: number;
  retrieval?: RetrievalOptions;
  busyTimeoutMs?: number;
}

/**
 * Runs one full training at a time in a worker thread, which saves the model file beside
 * the database; the trainer takes it up at its next question (`isDone`). A failed or
 * crashed worker is logged, and the next attempt waits a while, so a base that cannot be
 * trained does not keep a core busy.
 */
export class BackgroundTraining {
  readonly above: number;
  private worker: Worker | undefined;
  private state: Int32Array | undefined;
  private failures = 0;
  private retryAt = 0;

  constructor(
    private readonly options: BackgroundTrainingOptions,
    private readonly logger: Logger,
  ) {
    this.above = options.above ?? DEFAULT_BACKGROUND_TRAINING_ABOVE;
  }

  /** Whether a worker is training (started and not yet taken up or failed). */
  get isRunning(): boolean {
    return this.state !== undefined && Atomics.load(this.state, 0) <= TrainingState.writing;
  }

  /** Whether a worker saved a model that has not been taken up yet. */
  get isDone(): boolean {
    return this.state !== undefined && Atomics.load(this.state, 0) === TrainingState.done;
  }

  /** Starts a worker unless one is running or the last one failed too recently; returns whether one is running. */
  start(): boolean {
    this.noticeFailure();
    if (this.state) return true;
    if (Date.now() < this.retryAt) return false;
    const shared = new SharedArrayBuffer(4);
    const state = new Int32Array(shared);
    const data: TrainingWorkerData = {
      dbFile: this.options.dbFile,
      modelFile: this.options.modelFile,
      retrieval: this.options.retrieval,
      busyTimeoutMs: this.options.busyTimeoutMs,
      state: shared,
    };
    const worker = startWorker(data);
    this.worker = worker;
    this.state = state;
    worker.on('error', (error) => {
      this.logger.warn({ err: error }, 'training the ranking model in the background failed; answering without it and retrying later');
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      // A worker that died without saying (killed, out of memory) failed.
      if (code !== 0) Atomics.compareExchange(state, 0, TrainingState.running, TrainingState.failed);
    });
    this.logger.info({ file: this.options.dbFile }, 'training the ranking model in the background');
    return true;
  }

  /** Marks the saved model as taken up, so the next full training may start. */
  takenUp(): void {
    this.failures = 0;
    this.state = undefined;
  }

  /** Counts a model that could not be taken up (e.g. the base was replaced meanwhile) as a failure. */
  rejected(): void {
    this.fail();
  }

  /**
   * Stops a running worker (Lore closes). One already writing the model is let finish, so
   * the file is whole either way; returns whether a complete model was written and not taken up.
   */
  cancel(): boolean {
    const state = this.state;
    const worker = this.worker;
    this.state = undefined;
    this.worker = undefined;
    if (!state) return false;
    if (Atomics.compareExchange(state, 0, TrainingState.running, TrainingState.cancelled) === TrainingState.writing) {
      Atomics.wait(state, 0, TrainingState.writing, WRITE_WAIT_MS);
    }
    void worker?.terminate();
    return Atomics.load(state, 0) === TrainingState.done;
  }

  private noticeFailure(): void {
    if (this.state && Atomics.load(this.state, 0) === TrainingState.failed) this.fail();
  }

  private fail(): void {
    this.failures += 1;
    this.retryAt = Date.now() + RETRY_AFTER_MS * 2 ** Math.min(this.failures - 1, 6);
    this.state = undefined;
    this.logger.warn({ failures: this.failures, retryInMs: this.retryAt - Date.now() }, 'background training of the ranking model failed; it is retried later');
  }
}

/**
 * Starts the worker script beside this file. Built (dist/), that is training-worker.js. Run
 * from the TypeScript sources (jest through ts-jest, which only transforms modules jest
 * itself loads), the worker is a plain Node thread that cannot load .ts: it registers a
 * require hook transpiling each file with the TypeScript compiler (a dev dependency, the one
 * ts-jest uses) and then loads training-worker.ts.
 */
function startWorker(data: TrainingWorkerData): Worker {
  if (path.extname(__filename) === '.js') return new Worker(path.join(__dirname, 'training-worker.js'), { workerData: data });
  const bootstrap = `
    const fs = require('node:fs');
    const Module = require('node:module');
    const { workerData } = require('node:worker_threads');
    const ts = require(workerData.typescript);
    Module._extensions['.ts'] = (module, filename) => {
      const source = fs.readFileSync(filename, 'utf8');
      const output = ts.transpileModule(source, {
        fileName: filename,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, isolatedModules: true },
      });
      module._compile(output.outputText, filename);
    };
    require(workerData.entry);
  `;
  return new Worker(bootstrap, {
    eval: true,
    workerData: { ...data, typescript: require.resolve('typescript'), entry: path.join(__dirname, 'training-worker.ts') },
  });
}
