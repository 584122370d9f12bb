import type { Actor } from './access';
import type { ActorFor, ChannelName, ChannelOutput, ParsedInput } from './contract';

/**
 * One function per channel; a channel without a handler is a compile error. Each receives its parsed input and the
 * actor the dispatcher checked against the channel's rule (never null where the rule needs someone).
 */
export type Handlers = {
  [K in ChannelName]: (input: ParsedInput<K>, actor: ActorFor<K>) => Promise<ChannelOutput<K>> | ChannelOutput<K>;
};

/** A domain's share of the handler map: exactly its channels, typed from the contract. */
export type HandlersOf<K extends ChannelName> = Pick<Handlers, K>;

/**
 * What a door knows about who is calling. The local doors (the desktop window over IPC, browser mode on 127.0.0.1)
 * pass the profile the window or tab holds, unchecked. The shared server passes its session instead and ignores any
 * profile the client sends: a kind of its own and a resolver of its own, not a change to services or handlers.
 */
export type Caller = (
  | { kind: 'local'; profile: unknown }
  /** The shared server: the session cookie's token (null when the browser sent none); any profile is ignored. */
  | { kind: 'session'; token: string | null }
  | { kind: 'nobody' }
) &
  CallFacts;

/** What a door knows about a call besides who makes it: for the audit trail and for answering a repeat once. */
export interface CallFacts {
  /**
   * Made up by the client for one user action (a click on 提交): a repeat of a creating call with the same id, by the
   * same person on the same channel, gets the first call's answer instead of making a second record.
   */
  requestId?: string;
  /** The client's address as the door sees it (the audit trail's 地址); 本机 for the desktop window. */
  address?: string;
}

/** A request id as clients make them (a UUID or similar): anything else is ignored, not trusted as a cache key. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/u;

/** Turns a caller into an actor: null for nobody; throws AppError for a profile or session that does not hold. */
export type ResolveActor = (caller: Caller) => Promise<Actor | null>;
