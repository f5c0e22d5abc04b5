/** Every command this server answers; anything else is CommandNotFound (59). */
import { ADMIN_COMMANDS } from './admin';
import { AGGREGATE_COMMANDS } from './aggregate';
import { CommandDef } from './context';
import { DDL_COMMANDS } from './ddl';
import { EXPLAIN_COMMANDS } from './explain';
import { FIND_COMMANDS } from './find';
import { FIND_AND_MODIFY_COMMANDS } from './find-and-modify';
import { INDEX_COMMANDS } from './indexes';
import { INSERT_COMMANDS } from './insert';
import { WRITE_COMMANDS } from './write';

export const COMMANDS: Record<string, CommandDef> = {
  ...ADMIN_COMMANDS,
  ...INSERT_COMMANDS,
  ...FIND_COMMANDS,
  ...WRITE_COMMANDS,
  ...FIND_AND_MODIFY_COMMANDS,
  ...AGGREGATE_COMMANDS,
  ...DDL_COMMANDS,
  ...INDEX_COMMANDS,
  ...EXPLAIN_COMMANDS,
};

/** Commands the legacy OP_QUERY path still accepts (the connection handshake). */
export const OP_QUERY_COMMANDS = new Set(['hello', 'isMaster', 'ismaster']);
