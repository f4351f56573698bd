// @peculiar/x509 resolves its internal services through tsyringe, which refuses to load
// unless the Reflect metadata API exists. This import therefore has to stay above the
// library import; every module of this lib reaches the library through this file only.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

/** Node's WebCrypto, typed as the DOM `Crypto` that @peculiar/x509 expects. */
export const nodeCrypto = webcrypto as unknown as Crypto;

x509.cryptoProvider.set(nodeCrypto);

export { x509 };
