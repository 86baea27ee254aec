import type { CallName, Calls, ReplyMessage } from './protocol.js';

type Pending = {
  resolve(value: unknown): void;
  reject(error: Error): void;
  progress?: ((done: number, total: number) => void) | undefined;
};

/** The page's side of the engine worker: calls as promises, answered in order. */
export class WorkerClient {
  private readonly worker = new Worker('/assets/worker.js', { name: 'foresight-engine', type: 'module' });
  private readonly pending = new Map<number, Pending>();
  private next = 1;

  constructor() {
    this.worker.addEventListener('message', (event: MessageEvent<ReplyMessage>) => {
      const reply = event.data;
      const call = this.pending.get(reply.id);
      if (call === undefined) return;
      if ('progress' in reply) {
        call.progress?.(reply.progress.done, reply.progress.total);
        return;
      }
      this.pending.delete(reply.id);
      if (reply.ok) call.resolve(reply.result);
      else call.reject(new Error(reply.error));
    });
    this.worker.addEventListener('error', (event) => {
      const error = new Error(`the engine worker failed: ${event.message || 'it could not start'}`);
      for (const call of this.pending.values()) call.reject(error);
      this.pending.clear();
    });
  }

  call<K extends CallName>(
    name: K,
    args: Calls[K]['args'],
    progress?: (done: number, total: number) => void,
  ): Promise<Calls[K]['result']> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, progress });
      this.worker.postMessage({ id, name, args });
    });
  }
}
