// Starts a control plane, prints its process ids and waits to be killed. Used by the
// clean-up test to play a test worker that dies without running its clean-up.
import { startControlPlane } from '../src/control-plane';

const cp = await startControlPlane();
console.log(`PIDS ${cp.processes.etcd.pid},${cp.processes.apiServer.pid}`);
setInterval(() => undefined, 1_000);
