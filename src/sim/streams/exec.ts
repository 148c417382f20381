import type { Cluster } from '../cluster.js';
import { ApiError } from '../status.js';
import type { Obj } from '../types.js';
import type { SimStream } from './index.js';

export function execStream(_cluster: Cluster, _pod: Obj, _q: URLSearchParams): SimStream {
  throw new ApiError(400, 'BadRequest', 'exec is not served yet');
}
