/** What every channel adapter gets from the server: the engine and the shared edges around it. */
import type { ConversationEngine } from '../../core/conversation/engine';
import type { Clock } from '../../core/ports/clock';
import type { Logger } from '../../core/ports/logger';
import type { Translator } from '../../core/ports/translator';
import type { RateLimiter } from '../../core/outbox/rate-limiter';
import type { ReplyDelivery } from '../../core/outbox/reply-delivery';
import type { ChannelAccountLinks } from './channel-account.links';
import type { PonteMetrics } from './metrics';
import type { ProcessedUpdates } from './processed-updates.store';

export interface ChannelDeps {
  engine: ConversationEngine;
  /** Sends a committed turn's replies; what cannot go now stays in the outbox. */
  delivery: ReplyDelivery;
  /** "Seen it already" records outside a turn (the once-a-day notice in groups). Turns record their own. */
  dedupe: ProcessedUpdates;
  links: ChannelAccountLinks;
  clock: Clock;
  logger: Logger;
  metrics: PonteMetrics;
  /** For the few texts said outside the engine (the "private chat only" line in groups). */
  translator: Translator;
  /** The buckets the outbox also uses: replies spend tokens (never wait), so bulk sends back off. */
  limiter?: RateLimiter;
}
