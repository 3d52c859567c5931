// A member's overview of their classes, as plain data: what Slack's App Home (and any other
// "home" a platform has) draws. Which capsules are upcoming, what is due and how a quiz went are
// product rules answered by services/home.ts; platforms only render.
import type { PlatformId } from './events.ts';

/** Whose home: a member of a workspace, across the classes of that workspace. */
export interface HomeQuery {
  platform: PlatformId;
  workspaceId: string;
  platformUserId: string;
}

/** A capsule as listed in a home. */
export interface HomeCapsule {
  id: string;
  number: number;
  title: string;
  videoUrl: string;
  publishAt: Date;
  sessionAt: Date;
  status: 'scheduled' | 'published';
}

/** How one quiz went, per question, in counts only (never names). */
export interface HomeQuizResult {
  title: string;
  closed: boolean;
  questions: { position: number; prompt: string; answers: number; right: number | null }[];
}

/** A class the member teaches. */
export interface TeacherHome {
  role: 'teacher';
  classId: string;
  name: string;
  channelId: string;
  /** The class language (the home speaks it when Slack gives no locale). */
  language?: string;
  /** Capsules whose class session is still ahead, soonest first. */
  upcoming: HomeCapsule[];
  /** Open questions, most upvoted first (no author: some are anonymous). */
  openQuestions: { id: string; text: string; upvotes: number }[];
  /** The most recent quiz that has answers, if any. */
  lastQuiz: HomeQuizResult | null;
}

/** Something a student still has to do before a class session. */
export interface HomeDue {
  capsule: HomeCapsule;
  watched: boolean;
  /** Whether the capsule has a quiz still open. */
  quizOpen: boolean;
  answered: boolean;
}

/** A class the member studies in. */
export interface StudentHome {
  role: 'student';
  classId: string;
  name: string;
  channelId: string;
  language?: string;
  progress: { capsules: number; watched: number; quizzes: number; answered: number };
  /** Published capsules whose session is ahead, soonest first, done or not. */
  due: HomeDue[];
}

/** Everything one member's home shows. */
export interface HomeOverview {
  classes: (TeacherHome | StudentHome)[];
}

/** Answers the App Home's question. Implemented by a service; the platform only renders. */
export interface HomeSource {
  overview(query: HomeQuery): Promise<HomeOverview>;
}
