import { z } from 'zod';
import { anyone } from './access';
import { channel, type ChannelGroup } from './channel-def';
import type { TodoList } from './todo.types';

/** Channel of 待办: the caller's own list (empty for nobody, the leader and the admin). Contract part. */
export const todoChannels = {
  'todo.list': channel<TodoList>()(anyone, z.strictObject({})),
} satisfies ChannelGroup;
