// Builds every service from its collaborators. main.ts (and tests) call this once; nothing is global.
import { JobQueue } from '../scheduler/queue.ts';
import { CalendarService } from './calendar.ts';
import type { PlanExtension } from './capsule-jobs.ts';
import { CapsuleService } from './capsules.ts';
import { removedQuestionCard } from './cards/question-card.ts';
import { ClassService } from './classes.ts';
import type { ServiceDeps } from './deps.ts';
import { createDomainEvents, type DomainEventBus } from './domain-events.ts';
import { HomeService } from './home.ts';
import { Outbox } from './outbox.ts';
import { PathReminders } from './path-reminders.ts';
import { PathService } from './paths.ts';
import { PrivacyService } from './privacy.ts';
import { CapsulePublisher } from './publisher.ts';
import { QuestionService } from './questions.ts';
import { QuizAdmin } from './quiz-admin.ts';
import { QuizService } from './quizzes.ts';
import { ReminderService } from './reminders.ts';
import { ReviewLinks } from './review-links.ts';
import { ReviewService } from './reviews.ts';
import { SequenceResultsService } from './sequence-results.ts';
import type { VideoMetadataFetcher } from './video-metadata.ts';

/** Every use case of the product, as handlers and jobs see them. */
export interface Services {
  deps: ServiceDeps;
  /** What the services announce; wiring.ts subscribes the reactions. */
  events: DomainEventBus;
  queue: JobQueue;
  outbox: Outbox;
  classes: ClassService;
  capsules: CapsuleService;
  publisher: CapsulePublisher;
  quizzes: QuizService;
  quizAdmin: QuizAdmin;
  questions: QuestionService;
  reminders: ReminderService;
  reviews: ReviewService;
  /** Tracked links to review resources sent with wrong answers (/r/…). */
  reviewLinks: ReviewLinks;
  privacy: PrivacyService;
  home: HomeService;
  /** The class's secret calendar and podcast links (issue 14 §4). */
  calendar: CalendarService;
  /** The class's results posted at the end of a sequence (issue 14 §5). */
  sequenceResults: SequenceResultsService;
  /** Self-paced sequences: each student's path and the openings (issue 14 §1). */
  paths: PathService;
}

/** Options that differ between production, the sandbox and tests. */
export interface ServiceOptions {
  retentionDays?: number;
  tallyWindowMs?: number;
  planExtensions?: PlanExtension[];
  /** Reads title, length and file of video links when capsules are scheduled; absent: never. */
  videoMetadata?: VideoMetadataFetcher | null;
}

export function createServices(deps: ServiceDeps, options: ServiceOptions = {}): Services {
  const queue = new JobQueue(deps.db, deps.clock);
  const outbox = new Outbox(deps);
  const classes = new ClassService(deps);
  const events = createDomainEvents();
  const publisher = new CapsulePublisher(deps, outbox, events);
  const capsules = new CapsuleService(deps, {
    classes,
    queue,
    publisher,
    events,
    planExtensions: options.planExtensions ?? [],
    video: options.videoMetadata ?? null,
  });
  const quizzes = new QuizService(deps, outbox, capsules, events, options.tallyWindowMs);
  const paths = new PathService(deps, { outbox, queue, publisher });
  return {
    deps,
    events,
    queue,
    outbox,
    classes,
    capsules,
    publisher,
    quizzes,
    quizAdmin: new QuizAdmin(deps, {
      outbox,
      capsules,
      quizzes,
      refreshCapsule: (capsule, klass) => publisher.refreshCapsule(capsule, klass),
    }),
    questions: new QuestionService(deps, outbox, capsules),
    reminders: new ReminderService(deps, outbox, queue, new PathReminders(deps, outbox, queue, paths)),
    paths,
    reviews: new ReviewService(deps, outbox, quizzes, queue),
    reviewLinks: new ReviewLinks(deps),
    home: new HomeService(deps),
    calendar: new CalendarService(deps),
    sequenceResults: new SequenceResultsService(deps, outbox),
    privacy: new PrivacyService(deps, {
      retentionDays: options.retentionDays ?? 400,
      forgetMember: (c, u) => classes.forgetMember(c, u),
      queue,
      scrubCard: async (klass, ref) => {
        if (!outbox.available(klass)) return false;
        try {
          await outbox.update(klass, ref, removedQuestionCard(outbox.t(klass)));
          return true;
        } catch (error) {
          deps.logger.warn({ err: error, classId: klass.id }, 'could not edit a deleted member’s message');
          return false;
        }
      },
    }),
  };
}
