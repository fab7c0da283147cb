import type { Migration } from '../migration';
import { migration001Knowledge } from './001-knowledge';
import { migration002Activity } from './002-activity';
import { migration003Learning } from './003-learning';
import { migration004CaptureOffers } from './004-capture-offers';
import { migration005SlackInstallations } from './005-slack-installations';
import { migration006TeamsConversations } from './006-teams-conversations';
import { migration007Upkeep } from './007-upkeep';
import { migration008ArticleAudience } from './008-article-audience';
import { migration009ArticleChangeNumbers } from './009-article-change-numbers';
import { migration010NoticeClaims } from './010-notice-claims';
import { migration011SeenDeliveries } from './011-seen-deliveries';
import { migration012ArticleDeletions } from './012-article-deletions';
import { migration013Sources } from './013-sources';
import { migration014WorkspaceLearning } from './014-workspace-learning';

/** Every migration, in order; the last one's version is the schema this code expects. */
export const migrations: readonly Migration[] = [
  migration001Knowledge,
  migration002Activity,
  migration003Learning,
  migration004CaptureOffers,
  migration005SlackInstallations,
  migration006TeamsConversations,
  migration007Upkeep,
  migration008ArticleAudience,
  migration009ArticleChangeNumbers,
  migration010NoticeClaims,
  migration011SeenDeliveries,
  migration012ArticleDeletions,
  migration013Sources,
  migration014WorkspaceLearning,
];
