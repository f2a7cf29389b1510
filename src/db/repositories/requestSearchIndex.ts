import type { RequestSearchIndex } from '../../ports/repositories.js';
import { dialectOf } from '../sqlDialect.js';
import type { Db } from './db.js';
import { toRequest } from './requestRepository.js';

/** `request_search` (migration 0015) through the dialect's SQL; triggers keep its rows in step with the tables it indexes. */
export function requestSearchIndex(db: Db): RequestSearchIndex {
  const searchSql = dialectOf(db).requestSearch;
  return {
    async search(words, scope, limit) {
      return (await searchSql.search(db, words, scope.requesterId, limit)).map(toRequest);
    },
    async setCreators(requestId, creators) {
      await searchSql.setCreators(db, requestId, creators.join(' '));
    },
  };
}
