// The server under load, in its own process so its RSS is its own: started
// by server-child.mjs through the server's listen() on 127.0.0.1 and a free
// port. Messages: it sends { url } once listening; 'rss' is answered with
// { rss }; 'close' closes the app (stopping its jobs) and exits. It exits too
// when its parent is gone (the IPC channel closes), however the parent died.
import { fileURLToPath } from 'node:url';
import { listen } from '@foresight/server';

process.on('disconnect', () => process.exit(0));
const scenarios = fileURLToPath(new URL('../../../scenarios', import.meta.url));
const { app, url } = await listen({ host: '127.0.0.1', port: 0, scenarios });

process.on('message', async (m) => {
  if (m === 'rss') process.send({ rss: process.memoryUsage().rss });
  if (m === 'close') {
    await app.close();
    process.exit(0);
  }
});
process.send({ url });
