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
 * pass the profile the window or tab holds, unchecked. The shared server will pass its session instead and ignore any
 * profile the client sends: a new kind here and a new resolver, not a change to services or handlers.
 */
export type Caller = { kind: 'local'; profile: unknown } | { kind: 'nobody' };

/** Turns a caller into an actor: null for nobody; throws AppError for a profile or session that does not hold. */
export type ResolveActor = (caller: Caller) => Promise<Actor | null>;
